"""The points ledger (积分台账): append-only entries never lost, double-counted or overdrawn."""

import contextlib

import store

from . import caps, rankings, saved_totals, statement
from .accounts import Account, RollUp, account_from_key
from .balances import RunningTotals, documents_in_order
from .entries import (Entry, clean_evidence, clean_text, is_earning, new_doc, same_request)
from .errors import (AlreadyReversed, EntryNotFound, EvidenceRequired, IdempotencyConflict,
                     InsufficientBalance, InvalidRequest, NotReversible, ReviewRequired,
                     RuleNotApplicable, WrongDirection)
from .periods import now_stamp, stamp_bounds
from .rules import normalise_quantity

TABLE = "ledger"


class Ledger:
    """Award, deduct, redeem and reverse points; balances, history, rankings and statements.

    Every write runs in a store transaction (joining the caller's, so a redemption commits with
    the supermarket's stock and order writes) and holds the store's lock from its checks to its
    insert: two sessions can never both spend the last points. Keep one Ledger per open store
    (opening one reads the saved running totals, saved_totals, and the entries after them, or
    else every entry); several on one store stay in step, at a cost.
    """

    def __init__(self, store_, catalogue, *, rollup: RollUp | None = None):
        self.store = store_
        self.catalogue = catalogue
        self.rollup = rollup if rollup is not None else RollUp()
        self._table = store_.table(TABLE)
        store_.add_index(TABLE, "account")
        store_.add_index(TABLE, "key")
        self.totals = RunningTotals(self.rollup)
        with self._reading():
            self._saved_count = saved_totals.open_totals(self.totals, self._table, store_.path,
                                                         readonly=store_.readonly)

    def save_totals(self, *, every: int = 0) -> bool:
        """Save the running totals beside the store (not from a read-only open); with every,
        only once that many entries were added since the last save."""
        if self.store.readonly:
            return False
        with self.store.transaction():
            self._catch_up()
            if every and self.totals.count - self._saved_count < every:
                return False
            self._saved_count = saved_totals.save(self.totals, self.store.path)
            return True

    def _reading(self):
        # Reads take the store's lock too, so they never see a half-done transaction of another
        # thread; a read-only store has no other writer in this process.
        if self.store.readonly:
            return contextlib.nullcontext()
        return self.store.transaction()

    def _catch_up(self):
        self.totals.catch_up(self._table)

    # -- writing -------------------------------------------------------------------------------

    def award(self, account: Account, rule_code: str, *, quantity=1, reason: str, source=None,
              actor: str, key: str, evidence=None, community_catalogue=None,
              within_caps=False) -> Entry:
        """Add points under a rule for quantity events (or hours, in half hours). within_caps:
        an award over a cap gets what the cap leaves (CapExceeded only when nothing is left)."""
        return self._earn("award", account, rule_code, quantity, reason, source, actor, key,
                          evidence, community_catalogue, within_caps)

    def deduct(self, account: Account, rule_code: str, *, quantity=1, reason: str, source=None,
               actor: str, key: str, evidence=None, community_catalogue=None) -> Entry:
        """Take points away under a deduction rule (扣分); never below a zero balance."""
        return self._earn("deduct", account, rule_code, quantity, reason, source, actor, key,
                          evidence, community_catalogue)

    def _earn(self, op, account, rule_code, quantity, reason, source, actor, key, evidence,
              community_catalogue, within_caps=False):
        if not isinstance(account, Account):
            raise InvalidRequest("加分、扣分需要完整的账户信息 (Account)，以便按社区、网格统计。")
        reason, actor, key, source = _clean(reason, actor, key, source)
        evidence = clean_evidence(evidence)
        request = {"op": op, "account": account.key, "rule": rule_code, "quantity": quantity,
                   "source": source}
        with self.store.transaction():
            self._catch_up()
            repeated = self._repeat(key, request)
            if repeated is not None:
                return repeated
            at = now_stamp()
            rule = self.catalogue.resolve(rule_code, account.community, at=at,
                                          community_catalogue=community_catalogue)
            if rule.is_deduction != (op == "deduct"):
                raise WrongDirection(rule, op)
            if account.audience not in rule.applies_to:
                raise RuleNotApplicable(rule, account.label())
            if rule.evidence_required and not evidence:
                raise EvidenceRequired(rule)
            if rule.review_required and source is None:
                raise ReviewRequired(rule)
            points = rule.points_for(quantity)
            if rule.caps():
                used = self.totals.caps.used(account.key, rule.code, at)
                if used is None:        # the clock reads before the latest entry: count them
                    used = caps.usage(rule.code, at, self._account_docs(account.key),
                                      self.totals.reversed_by)
                points = caps.allowed(rule, points, used, within_caps=within_caps)
            if points < 0:
                self._require_balance(account.key, -points)
            return self._append(new_doc(
                op=op, **_placement(account), points=points, rule=rule.code,
                version=rule.version, catalogue=rule.catalogue, category=rule.category,
                quantity=normalise_quantity(quantity, rule.per), reason=reason, source=source,
                actor=actor, at=at, key=key, evidence=evidence))

    def redeem(self, account, points: int, *, reason: str, source, actor: str,
               key: str) -> Entry:
        """Spend points (信用超市). Call inside the caller's store.transaction() so that stock and
        order writes commit together with the entry, or not at all."""
        if isinstance(account, str):
            account = account_from_key(account)
        if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
            raise InvalidRequest(f"兑换积分必须是正整数，收到 {points!r}。")
        reason, actor, key, source = _clean(reason, actor, key, source)
        request = {"op": "redeem", "account": account.key, "points": -points, "source": source}
        with self.store.transaction():
            self._catch_up()
            repeated = self._repeat(key, request)
            if repeated is not None:
                return repeated
            self._require_balance(account.key, points)
            return self._append(new_doc(
                op="redeem", **_placement(account), points=-points, reason=reason,
                source=source, actor=actor, at=now_stamp(), key=key))

    def reverse(self, entry_id, *, reason: str, actor: str, key: str, source=None) -> Entry:
        """Correct an entry with an opposite entry (冲正); each entry is reversed at most once."""
        entry_id = entry_id.id if isinstance(entry_id, Entry) else _entry_number(entry_id)
        reason, actor, key, source = _clean(reason, actor, key, source)
        with self.store.transaction():
            self._catch_up()
            repeated = self._repeat(key, {"op": "reverse", "reverses": entry_id})
            if repeated is not None:
                return repeated
            original = self._table.get(doc_id=entry_id)
            if original is None:
                raise EntryNotFound(entry_id)
            if original["op"] == "reverse":
                raise NotReversible(entry_id)
            if entry_id in self.totals.reversed_by:
                raise AlreadyReversed(entry_id, self.totals.reversed_by[entry_id])
            points = -original["points"]
            if points < 0:
                self._require_balance(original["account"], -points)
            copied = {name: original.get(name) for name in (
                "account", "kind", "community", "grid", "household", "building", "child",
                "rule", "version", "catalogue", "category", "quantity")}
            return self._append(new_doc(
                op="reverse", **copied, points=points, reason=reason, source=source,
                actor=actor, at=now_stamp(), key=key, reverses=entry_id,
                reversed_op=original["op"], reversed_at=original["at"]))

    def _repeat(self, key, request):
        """The first entry made with this key, if any; a different request with it is an error."""
        existing = self._table.get(store.where("key") == key)
        if existing is None:
            return None
        if not same_request(existing, request):
            raise IdempotencyConflict(key, existing.doc_id)
        return Entry.from_doc(existing.doc_id, existing)

    def _require_balance(self, account_key, needed):
        balance = self.totals.spendable.get(account_key, 0)
        if balance < needed:
            raise InsufficientBalance(account_key, balance, needed)

    def _append(self, doc) -> Entry:
        doc_id = self._table.insert(doc)
        self.totals.apply(doc_id, doc)
        return Entry.from_doc(doc_id, doc)

    def _account_docs(self, account_key):
        return [(doc.doc_id, doc) for doc in
                self._table.search(store.where("account") == account_key)]

    # -- reading -------------------------------------------------------------------------------

    def balance(self, account_key) -> int:
        """The spendable balance (可用积分) of an account: a lookup in the running totals."""
        account_key = _key_of(account_key)
        with self._reading():
            self._catch_up()
            return self.totals.spendable.get(account_key, 0)

    def balances(self) -> dict:
        """{account key: spendable balance} of every account with a non-zero balance."""
        with self._reading():
            self._catch_up()
            return dict(self.totals.spendable)

    def total(self, account_key) -> int:
        """Lifetime earned points, plus members' points for a household or building."""
        account_key = _key_of(account_key)
        with self._reading():
            self._catch_up()
            return (self.totals.earned.get(account_key, 0)
                    + self.totals.rolled.get(account_key, 0))

    def entry(self, entry_id) -> Entry:
        entry_id = _entry_number(entry_id)
        with self._reading():
            doc = self._table.get(doc_id=entry_id)
        if doc is None:
            raise EntryNotFound(entry_id)
        return Entry.from_doc(entry_id, doc)

    def reversal_of(self, entry_id) -> int | None:
        """The id of the entry that reversed entry_id, or None."""
        with self._reading():
            self._catch_up()
            return self.totals.reversed_by.get(_entry_number(entry_id))

    def history(self, account_key, start=None, end=None) -> list:
        """The account's entries recorded in [start, end), oldest first."""
        low, high = stamp_bounds(start, end)
        with self._reading():
            docs = self._account_docs(_key_of(account_key))
        entries = [Entry.from_doc(doc_id, doc) for doc_id, doc in docs
                   if low <= doc["at"] < high]
        return sorted(entries, key=lambda entry: (entry.at, entry.id))

    def points_in(self, account_key, start, end) -> int:
        """Points the account itself earned in [start, end): awards and deductions, net of their
        reversals (a reversal counts in the period of the entry it corrects); not redemptions."""
        low, high = stamp_bounds(start, end)
        with self._reading():
            docs = self._account_docs(_key_of(account_key))
        return sum(doc["points"] for _, doc in docs
                   if is_earning(doc["op"], doc.get("reversed_op"))
                   and low <= (doc.get("reversed_at") or doc["at"]) < high)

    def _columns(self):
        with self._reading():
            self._catch_up()
            return self.totals.columns.copy()

    def ranking(self, start, end, *, by="community", kind=None, community=None, top=None):
        """Accounts ranked by points earned in [start, end), within each community, grid,
        category or account kind (see rankings.ranking)."""
        return rankings.ranking(self._columns(), start, end, by=by, kind=kind,
                                community=community, top=top, rollup=self.rollup,
                                titles=self.catalogue.catalogues())

    def group_totals(self, start, end, *, by="community") -> dict:
        """Points earned in [start, end) per community, grid, category or kind (for reports)."""
        return rankings.group_totals(self._columns(), start, end, by=by)

    def rolled_total(self, account_key, start, end) -> int:
        """A household's or building's own points plus its members' in [start, end)."""
        return rankings.rolled_total(self._columns(), _key_of(account_key), start, end,
                                     self.rollup)

    def statement(self, account_key, start=None, end=None) -> "statement.Statement":
        """The resident's statement (积分明细单): every entry, its rule and a running balance."""
        return statement.build(self, _key_of(account_key), start, end)

    def documents(self):
        """Yield (entry id, stored document) for the whole ledger in id order (what-if replays).

        Documents are read one at a time, so a long replay does not hold up the counter.
        """
        yield from documents_in_order(self._table)


def _placement(account: Account) -> dict:
    return {"account": account.key, "kind": account.kind, "community": account.community,
            "grid": account.grid, "household": account.household,
            "building": account.building, "child": account.is_child}


def _clean(reason, actor, key, source):
    reason = clean_text(reason, "事由", required=True)
    actor = clean_text(actor, "经办人", required=True)
    key = clean_text(key, "操作编号 (防重复提交)", required=True)
    source = clean_text(source, "来源记录", required=False)
    return reason, actor, key, source


def _key_of(account) -> str:
    return account.key if isinstance(account, Account) else str(account)


def _entry_number(entry_id) -> int:
    try:
        return int(entry_id)
    except (TypeError, ValueError):
        raise EntryNotFound(entry_id) from None
