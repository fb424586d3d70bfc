"""Running totals of the ledger in memory: balances, earned and rolled-up points, reversals.

Rebuilt from the 'ledger' table when a Ledger opens and updated on each write, so a balance is a
dict lookup. A write inside a caller's transaction that is later rolled back leaves totals that
the table no longer supports; catch_up() notices (count and last entry) and undoes them.
"""

from collections import deque

import store

from .caps import CapCounters
from .earned import PROFILE_FIELDS, EarnedColumns, profile_of
from .entries import EARNING_OPS, is_earning
from .periods import stamp_us

# How many recent entries can be undone one by one after a rollback; beyond it, rebuild.
RECENT = 1000


class RunningTotals:
    """Totals derived from every ledger document applied so far (and nothing else)."""

    def __init__(self, rollup):
        self.rollup = rollup
        self._reset()

    def _reset(self):
        self.spendable: dict = {}       # account key -> spendable balance
        self.earned: dict = {}          # account key -> lifetime earned points
        self.rolled: dict = {}          # household/building key -> lifetime points of members
        self.reversed_by: dict = {}     # entry id -> id of the entry that reversed it
        self.caps = CapCounters()
        self.columns = EarnedColumns()
        self.count = 0
        self.tail = None                # (doc id, idempotency key) of the last applied entry
        self._recent = deque(maxlen=RECENT)

    # -- applying and undoing ------------------------------------------------------------------

    def apply(self, doc_id: int, doc: dict):
        self._change(doc_id, doc, +1)
        self.count += 1
        self.tail = (doc_id, doc["key"])
        self._recent.append((doc_id, doc["key"], doc))

    def undo_last(self):
        doc_id, _key, doc = self._recent.pop()
        self._change(doc_id, doc, -1)
        self.count -= 1
        self.tail = self._recent[-1][:2] if self._recent else None

    def _change(self, doc_id, doc, sign):
        account, points = doc["account"], doc["points"] * sign
        _add(self.spendable, account, points)
        if is_earning(doc["op"], doc.get("reversed_op")):
            _add(self.earned, account, points)
            for target in self.rollup.targets(doc["kind"], doc.get("household"),
                                              doc.get("building")):
                _add(self.rolled, target, points)
            if sign > 0:
                self.columns.append(stamp_us(doc.get("reversed_at") or doc["at"]), points,
                                    profile_of(doc))
            else:
                self.columns.pop()      # undo runs newest first, so this is the entry's row
            # A reversal gives its original's cap back; undoing either does the opposite.
            gives_back = (doc["op"] == "reverse") == (sign > 0)
            at = doc.get("reversed_at") or doc["at"]
            if gives_back:
                self.caps.remove(account, doc.get("rule"), at, points)
            else:
                self.caps.add(account, doc.get("rule"), at, points)
        if doc["op"] == "reverse":
            if sign > 0:
                self.reversed_by[doc["reverses"]] = doc_id
            else:
                self.reversed_by.pop(doc["reverses"], None)

    # -- staying in step with the table -------------------------------------------------------

    def in_step(self, table) -> bool:
        """Whether these totals describe exactly the documents in table now."""
        return len(table) == self.count and self._tail_present(table)

    def _tail_present(self, table) -> bool:
        if self.tail is None:
            return self.count == 0
        doc = table.get(doc_id=self.tail[0])
        return doc is not None and doc.get("key") == self.tail[1]

    def catch_up(self, table):
        """Undo entries a rollback took away and apply entries another Ledger on the same store
        added; rebuild if the table changed in any other way."""
        if self.in_step(table):
            return
        while self._recent and not self._tail_present(table):
            self.undo_last()
        if self._tail_present(table):
            # Entries are only ever appended, so what others added has the ids after ours.
            doc_id = (self.tail[0] if self.tail else 0) + 1
            while len(table) > self.count:
                doc = table.get(doc_id=doc_id)
                if doc is None:
                    break
                self.apply(doc_id, doc)
                doc_id += 1
        if not self.in_step(table):
            self.rebuild(table)

    def rebuild(self, table):
        """Recompute everything from the table (on open; after an unexpected change).

        The same arithmetic as apply(), unrolled, in one scan of the stored documents (not
        copies): at a million entries this pass is the ledger's start-up time. It only reads;
        it picks out reversals, whose own ids the reversal map needs.
        """
        self._reset()
        spendable, earned, rolled = self.spendable, self.earned, self.rolled
        plan, append = roll_plan(self.rollup), self.columns.append
        add_cap, remove_cap = self.caps.add, self.caps.remove

        # Each field is read once: at a million documents scattered in memory, every lookup
        # is a likely cache miss, and lookups are most of the time this takes.
        def accumulate(doc) -> bool:
            points, op = doc["points"], doc["op"]
            reversal = op == "reverse"
            if op in EARNING_OPS or (reversal and doc.get("reversed_op") in EARNING_OPS):
                profile = profile_of(doc)
                account = profile[0]
                earned[account] = earned.get(account, 0) + points
                for prefix, place in plan.get(profile[1], ()):
                    if profile[place] is not None:
                        target = prefix + profile[place]
                        rolled[target] = rolled.get(target, 0) + points
                at = doc["reversed_at"] if reversal else doc["at"]
                append(stamp_us(at), points, profile)
                (remove_cap if reversal else add_cap)(account, doc.get("rule"), at, points)
            else:
                account = doc["account"]
            spendable[account] = spendable.get(account, 0) + points
            return reversal

        with store.paused_gc():
            for doc_id, doc in table.scan():
                if accumulate(doc):
                    self.reversed_by[doc["reverses"]] = doc_id
        for totals in (spendable, earned, rolled):
            for key in [key for key, value in totals.items() if not value]:
                del totals[key]
        self.count = len(table)
        self._remember_last(table)

    def _remember_last(self, table):
        """Fill the undo window with the newest entries (ids run 1..n: none is ever removed)."""
        for doc_id in range(max(1, self.count - RECENT + 1), self.count + 1):
            doc = table.get(doc_id=doc_id)
            if doc is None:             # ids with gaps: no undo window, but a valid tail
                self._recent.clear()
                last = max(documents_in_order(table), key=lambda item: item[0])
                self.tail = (last[0], last[1]["key"])
                return
            self._recent.append((doc_id, doc["key"], doc))
        self.tail = self._recent[-1][:2] if self._recent else None


def roll_plan(rollup) -> dict:
    """{member kind: ((target key prefix, position of the target's id in a profile), ...)}."""
    positions = {"household": PROFILE_FIELDS.index("household"),
                 "building": PROFILE_FIELDS.index("building")}
    plan = {}
    for target, sources in rollup.into.items():
        for source in sources:
            plan.setdefault(source, []).append((target + ":", positions[target]))
    return plan


def documents_in_order(table):
    """(doc id, document) for the whole table in id order, without copying it all at once.

    Ledger documents are never removed, so their ids run 1..n and can be read one by one;
    if ids have gaps (a table written some other way) fall back to one full read.
    """
    count = len(table)
    found = []
    for doc_id in range(1, count + 1):
        doc = table.get(doc_id=doc_id)
        if doc is None:
            break
        found.append(doc_id)
        yield doc_id, doc
    if len(found) == count:
        return
    seen = set(found)
    for doc in sorted(table.all(), key=lambda d: d.doc_id):
        if doc.doc_id not in seen:
            yield doc.doc_id, doc


def _add(totals: dict, key, points: int):
    value = totals.get(key, 0) + points
    if value:
        totals[key] = value
    else:
        totals.pop(key, None)
