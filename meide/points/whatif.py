"""What-if replay: the balances and rankings the ledger would show under a draft catalogue.

For tuning rules in a notebook; nothing is written::

    draft = ledger.catalogue.draft()
    draft.change("VOLUNTEER_HOUR", points=3, day_cap=12)
    result = whatif.replay(ledger, draft, start=date(2026, 7, 1), end=date(2026, 10, 1))
    result.changes()[:10]                       # who gains or loses most
    result.ranking(date(2026, 7, 1), date(2026, 10, 1), kind="resident", top=10)
"""

from dataclasses import dataclass, field

from . import rankings
from .caps import CapTracker
from .earned import PROFILE_FIELDS, EarnedColumns, profile_of
from .entries import EARNING_OPS
from .errors import PointsError
from .periods import stamp, stamp_us
from .rules import BASE_CATALOGUE


@dataclass
class Replay:
    """The result of a replay: replayed and actual balances, earned rows, what was refused."""

    balances: dict
    actual: dict
    columns: EarnedColumns
    rollup: object
    titles: dict
    rescored: int = 0
    refused: list = field(default_factory=list)     # [(entry id, message)]
    overdrawn: dict = field(default_factory=dict)   # account -> lowest balance it reached

    def ranking(self, start, end, *, by="community", kind=None, community=None, top=None):
        """Same as Ledger.ranking, over the replayed points."""
        return rankings.ranking(self.columns, start, end, by=by, kind=kind, community=community,
                                top=top, rollup=self.rollup, titles=self.titles)

    def group_totals(self, start, end, *, by="community") -> dict:
        return rankings.group_totals(self.columns, start, end, by=by)

    def changes(self) -> list:
        """[{account, actual, replayed, difference}] for accounts whose balance would change,
        biggest change first (a list of dicts, ready for pandas.DataFrame)."""
        rows = []
        for account in sorted(set(self.balances) | set(self.actual)):
            actual, replayed = self.actual.get(account, 0), self.balances.get(account, 0)
            if actual != replayed:
                rows.append({"account": account, "actual": actual, "replayed": replayed,
                             "difference": replayed - actual})
        return sorted(rows, key=lambda row: (-abs(row["difference"]), row["account"]))

    def summary(self) -> dict:
        return {"rescored": self.rescored, "refused": len(self.refused),
                "overdrawn": len(self.overdrawn),
                "actual_total": sum(self.actual.values()),
                "replayed_total": sum(self.balances.values())}


def replay(ledger, draft, *, start=None, end=None, historical=False) -> Replay:
    """Re-score the awards and deductions recorded in [start, end) under draft's rules.

    By default each entry is scored by the draft's rule in effect today, i.e. as if the draft
    had applied all along; historical=True uses the version in effect when the entry was made.
    Caps and the no-negative-balance rule apply as they would have: an entry they stop is
    listed in refused, and its reversal (if any) is dropped with it. Redemptions and entries
    outside the period keep their recorded points; a redemption the replayed balance could
    not have paid is noted in overdrawn.
    """
    low = stamp(start) if start is not None else ""
    high = stamp(end) if end is not None else "\uffff"
    result = Replay(balances={}, actual=ledger.balances(), columns=EarnedColumns(),
                    rollup=ledger.rollup, titles=draft.catalogues())
    state = _State(draft, historical, result)
    for entry_id, doc in ledger.documents():
        if doc["op"] in EARNING_OPS and low <= doc["at"] < high:
            points, category = state.rescore(entry_id, doc)
        elif doc["op"] == "reverse":
            if doc["reverses"] in state.dropped:
                continue
            points, category = state.reversal(doc)
        else:
            points, category = doc["points"], doc.get("category")
        if points is None:
            continue
        state.record(entry_id, doc, points, category)
    return result


CATEGORY = PROFILE_FIELDS.index("category")


class _State:
    def __init__(self, draft, historical, result):
        self.draft, self.historical, self.result = draft, historical, result
        self.caps = CapTracker()
        self.replayed = {}      # entry id -> (points, category) as replayed
        self.dropped = set()
        # A replay asks the same few questions a million times: remember the answers.
        self._rules, self._points = {}, {}

    def rule(self, code, catalogue, at_stamp):
        key = (code, catalogue, at_stamp[:10] if self.historical else None)
        found = self._rules.get(key)
        if found is None:
            try:
                found = self.draft.rule(code, catalogue=catalogue,
                                        at=at_stamp if self.historical else None)
            except PointsError as exc:
                found = str(exc)
            self._rules[key] = found
        if isinstance(found, str):
            raise PointsError(found)
        return found

    def points(self, rule, quantity):
        key = (rule.catalogue, rule.code, rule.version, quantity)
        if key not in self._points:
            self._points[key] = rule.points_for(quantity)
        return self._points[key]

    def rescore(self, entry_id, doc):
        account = doc["account"]
        try:
            rule = self.rule(doc["rule"], doc.get("catalogue", BASE_CATALOGUE), doc["at"])
            audience = "child" if doc.get("child") else doc["kind"]
            if audience not in rule.applies_to or rule.is_deduction != (doc["op"] == "deduct"):
                raise PointsError(f"规则「{rule.name}」在草案中不适用于此记录")
            points = self.points(rule, doc["quantity"])
            used = self.caps.used(account, rule.code, doc["at"])
            for period, limit in rule.caps():
                if used[period] + abs(points) > limit:
                    raise PointsError(f"超出草案的 {period} 上限 {limit} 分")
            if points < 0 and self.result.balances.get(account, 0) + points < 0:
                raise PointsError("扣分会使余额为负")
        except PointsError as exc:
            self.result.refused.append((entry_id, str(exc)))
            self.dropped.add(entry_id)
            return None, None
        self.caps.add(account, rule.code, doc["at"], points)
        self.result.rescored += 1
        return points, rule.category

    def reversal(self, doc):
        original = self.replayed.get(doc["reverses"])
        if original is None:        # reverses an entry outside what this ledger holds
            return doc["points"], doc.get("category")
        points, category = original
        if doc.get("reversed_op") in EARNING_OPS and doc.get("rule"):
            self.caps.release(doc["account"], doc["rule"], doc["reversed_at"], points)
        return -points, category

    def record(self, entry_id, doc, points, category):
        balances = self.result.balances
        account = doc["account"]
        balances[account] = balances.get(account, 0) + points
        if balances[account] < 0:
            lowest = self.result.overdrawn.get(account, 0)
            self.result.overdrawn[account] = min(lowest, balances[account])
        self.replayed[entry_id] = (points, category)
        if doc["op"] in EARNING_OPS or doc.get("reversed_op") in EARNING_OPS:
            profile = profile_of(doc)
            profile = profile[:CATEGORY] + (category,) + profile[CATEGORY + 1:]
            self.result.columns.append(stamp_us(doc.get("reversed_at") or doc["at"]), points,
                                       profile)
        if not balances[account]:
            del balances[account]
