"""A resident's statement (积分明细单): every entry in a period explained, with a running balance."""

import dataclasses
import datetime as dt
from dataclasses import dataclass

from meide import clock

from .entries import OP_LABELS
from .errors import RuleNotFound
from .periods import moment
from .rules import PER

REDEMPTION_NAME = "积分兑换"


@dataclass(frozen=True)
class StatementLine:
    """One entry as the resident sees it; balance is the spendable balance right after it."""

    entry_id: int
    at: dt.datetime
    op: str
    op_label: str
    points: int
    balance: int
    reason: str
    actor: str
    source: str | None
    rule: str | None
    rule_name: str
    rule_version: int | None
    category: str | None
    catalogue: str | None
    catalogue_title: str | None
    quantity: object
    unit: str | None
    reverses: int | None
    reversed_by: int | None


@dataclass(frozen=True)
class Statement:
    """What a template needs to print a statement; asdict() gives plain values for Jinja."""

    account: str
    start: dt.datetime | None
    end: dt.datetime | None
    generated_at: dt.datetime
    opening_balance: int
    closing_balance: int
    earned: int             # awards (net of their reversals) in the period
    deducted: int           # deductions, as a negative number
    redeemed: int           # redemptions, as a negative number
    lines: tuple
    catalogues: tuple       # titles of the rule catalogues the period's entries were made under

    def asdict(self) -> dict:
        return dataclasses.asdict(self)


def build(ledger, account_key: str, start=None, end=None) -> Statement:
    """Explain every point of an account between start and end (both optional)."""
    entries = sorted(ledger.history(account_key), key=lambda entry: entry.id)
    reversed_by = {entry.reverses: entry.id for entry in entries if entry.reverses}
    start_at = _as_moment(start)
    end_at = _as_moment(end)
    balance, opening, lines, titles = 0, 0, [], {}
    sums = {"award": 0, "deduct": 0, "redeem": 0}
    names = _RuleNames(ledger.catalogue)
    catalogue_titles = ledger.catalogue.catalogues()
    # Ids give commit order, the order in which balances actually changed.
    for entry in entries:
        balance += entry.points
        if start_at is not None and entry.at < start_at:
            opening = balance
            continue
        if end_at is not None and entry.at >= end_at:
            continue
        sums[entry.reversed_op or entry.op] += entry.points
        title = catalogue_titles.get(entry.catalogue, entry.catalogue) if entry.catalogue else None
        if title:
            titles[title] = None
        lines.append(StatementLine(
            entry_id=entry.id, at=entry.at, op=entry.op, op_label=OP_LABELS[entry.op],
            points=entry.points, balance=balance, reason=entry.reason, actor=entry.actor,
            source=entry.source, rule=entry.rule,
            rule_name=names.name(entry) if entry.rule else REDEMPTION_NAME,
            rule_version=entry.version, category=entry.category, catalogue=entry.catalogue,
            catalogue_title=title, quantity=entry.quantity,
            unit=names.unit(entry) if entry.rule else None, reverses=entry.reverses,
            reversed_by=reversed_by.get(entry.id)))
    closing = lines[-1].balance if lines else opening
    return Statement(account=account_key, start=start_at, end=end_at,
                     generated_at=clock.now(), opening_balance=opening,
                     closing_balance=closing, earned=sums["award"], deducted=sums["deduct"],
                     redeemed=sums["redeem"], lines=tuple(lines), catalogues=tuple(titles))


class _RuleNames:
    """Rule names and units of the exact versions entries were made under (cached per version)."""

    def __init__(self, catalogue):
        self._catalogue = catalogue
        self._rules = {}

    def _rule(self, entry):
        key = (entry.catalogue, entry.rule, entry.version)
        if key not in self._rules:
            try:
                self._rules[key] = self._catalogue.version(
                    entry.rule, entry.version, catalogue=entry.catalogue)
            except RuleNotFound:
                self._rules[key] = None     # a rule from an imported ledger: show its code
        return self._rules[key]

    def name(self, entry) -> str:
        rule = self._rule(entry)
        return rule.name if rule is not None else entry.rule

    def unit(self, entry) -> str | None:
        rule = self._rule(entry)
        return PER[rule.per] if rule is not None else None


def _as_moment(value):
    return None if value is None else moment(value)
