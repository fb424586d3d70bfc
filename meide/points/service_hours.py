"""Volunteer hours (服务时长) of ledger entries in compact columns, kept in step with the ledger."""

import contextlib
import threading
import weakref
from array import array

import numpy

import store

from .periods import bounds_us, stamp_us

TABLE = "ledger"
# One set of columns per open store, shared by every dashboard over it.
_shared = weakref.WeakKeyDictionary()


class HoursColumns:
    """(time, signed hours, community, grid) of every entry under the given per-hour rules.

    Built by one pass over the ledger that copies no document, then caught up entry by entry:
    entries are only appended, with ids 1..n, so new ones are the ids after the last one seen.
    Anything else (a rolled-back write, other rules) rebuilds the columns.
    """

    def __init__(self, rules: frozenset):
        self.rules = rules
        self.at, self.hours = array("q"), array("d")
        self.community, self.grid = array("q"), array("q")
        self.places: dict = {}          # community or grid value -> code (one numbering)
        self.count = 0                  # entries of the ledger seen (all rules)
        self.tail = None                # (id, idempotency key) of the last entry seen

    def add(self, doc):
        if doc.get("rule") not in self.rules:
            return
        # A reversal counts, negated, at the time of the entry it corrects.
        self.at.append(stamp_us(doc.get("reversed_at") or doc["at"]))
        self.hours.append((-1.0 if doc["op"] == "reverse" else 1.0)
                          * float(doc.get("quantity") or 0))
        places = self.places
        self.community.append(places.setdefault(doc.get("community"), len(places)))
        self.grid.append(places.setdefault(doc.get("grid"), len(places)))

    def in_step(self, table) -> bool:
        return len(table) == self.count and _tail_holds(table, self.tail)

    def catch_up(self, table) -> bool:
        """Add the entries appended since; False if the table changed in another way."""
        if not _tail_holds(table, self.tail):
            return False
        while self.count < len(table):
            doc = table.get(doc_id=self.count + 1)
            if doc is None:
                return False
            self.add(doc)
            self.count += 1
            self.tail = (doc.doc_id, doc.get("key"))
        return True

    def per_place(self, start, end, scope, field: str) -> dict:
        """{str(place): hours} in [start, end) of entries whose community and grid scope covers."""
        low, high = bounds_us(start, end)
        values, width = list(self.places), max(1, len(self.places))
        at = numpy.array(self.at, dtype=numpy.int64)
        pair = (numpy.array(self.community, dtype=numpy.int64) * width
                + numpy.array(self.grid, dtype=numpy.int64))
        pairs, row_pair = numpy.unique(pair, return_inverse=True)
        pairs = [(values[key // width], values[key % width]) for key in pairs.tolist()]
        admitted = numpy.array([scope.covers({"community": community, "grid": grid})
                                for community, grid in pairs], dtype=bool)
        row_pair = row_pair.ravel()
        inside = (at >= low) & (at < high) & admitted[row_pair]
        # Half hours add up exactly in float64, in any order.
        sums = numpy.bincount(row_pair[inside], weights=numpy.array(self.hours)[inside],
                              minlength=len(pairs))
        totals = {}
        for (community, grid), hours in zip(pairs, sums.tolist()):
            place = str(grid if field == "grid" else community)
            totals[place] = totals.get(place, 0.0) + hours
        return totals


def hours_per_place(opened_store, rules, start, end, scope, field: str) -> dict:
    """{str(place): hours} under rules in [start, end), per community or grid (field), of the
    entries whose community and grid scope (a meide.scope.Scope) covers."""
    rules = frozenset(rules)
    with _reading(opened_store):
        table = opened_store.table(TABLE)
        state = _shared.setdefault(opened_store, {"lock": threading.Lock(), "columns": None})
        with state["lock"]:
            columns = state["columns"]
            if columns is None or columns.rules != rules or not (
                    columns.in_step(table) or columns.catch_up(table)):
                columns = state["columns"] = _build(table, rules)
            return columns.per_place(start, end, scope, field)


def _build(table, rules) -> HoursColumns:
    columns = HoursColumns(rules)

    # The stored documents, not copies (copying them was most of a dashboard's time).
    with store.paused_gc():
        for _, doc in table.scan():
            if doc.get("rule") in rules:
                columns.add(doc)
    columns.count = len(table)
    last = table.get(doc_id=columns.count) if columns.count else None
    # Ids with gaps (a table written some other way): no tail, so every call rebuilds.
    columns.tail = (last.doc_id, last.get("key")) if last is not None else None
    return columns


def _tail_holds(table, tail) -> bool:
    if tail is None:
        return False
    doc = table.get(doc_id=tail[0])
    return doc is not None and doc.get("key") == tail[1]


def _reading(opened_store):
    # Under the store's lock, as the ledger reads, so no half-done transaction is seen.
    return contextlib.nullcontext() if opened_store.readonly else opened_store.transaction()
