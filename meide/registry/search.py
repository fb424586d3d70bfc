"""Resident search: by name, pinyin initials, phone tail, phone, ID number, household or address.

An in-memory index built from keys precomputed at write time (initials, phone_tail): exact keys
are dict lookups; prefix and substring matches scan compact tuples, not store documents.
"""

import gc
import threading
from bisect import bisect_right
from collections import defaultdict

from . import normalize

_NAME, _INITIALS, _PINYIN, _PHONE, _TAIL, _ID, _ADDRESS, _SUB, _COMMUNITY, _GRID = range(10)


def _entry(doc) -> tuple:
    return (doc.get("name", ""), doc.get("initials", ""), doc.get("pinyin", ""),
            doc.get("phone", ""), doc.get("phone_tail", ""), doc.get("id_number", ""),
            doc.get("address", ""), doc.get("subdistrict"), doc.get("community"), doc.get("grid"))


# Field name -> position in an entry, for the value maps below.
_FIELDS = {"name": _NAME, "initials": _INITIALS, "pinyin": _PINYIN, "phone": _PHONE,
           "tail": _TAIL, "id": _ID, "address": _ADDRESS}


class _Haystack:
    """A field's distinct values joined into one string, so str.find does the substring scan."""

    def __init__(self, values):
        self.values = list(values)
        self.starts, position = [], 0
        for value in self.values:
            self.starts.append(position)
            position += len(value) + 1
        self.text = "\n".join(self.values)

    def containing(self, query: str):
        """Each value containing query (query has no newline), in the order they were given."""
        find, starts = self.text.find, self.starts
        position = find(query)
        while position != -1:
            index = bisect_right(starts, position) - 1
            yield self.values[index]
            following = index + 1
            if following == len(starts):
                return
            position = find(query, starts[following])


def clean_query(text) -> str:
    return normalize.text(text).replace(" ", "")


class SearchIndex:
    """Resident entries by doc id plus, per field, distinct value -> ids; kept current by refresh.

    Substring matching scans the distinct values (names repeat, addresses are shared by a
    household), not the residents, and never touches store documents.

    Writes only mark ids dirty; the next search re-reads those records from the store, so a
    write rolled back by its transaction leaves nothing wrong behind. Results are re-checked
    against the stored record before they are returned.
    """

    def __init__(self, table):
        self.table = table
        self.entries: dict = {}
        self.values = {field: defaultdict(set) for field in _FIELDS}
        self._dirty: set = set()
        self._built = False
        self._haystacks: dict = {}      # field -> _Haystack, dropped when its values change
        self._lock = threading.Lock()

    def refresh(self, doc_id: int):
        with self._lock:
            self._dirty.add(int(doc_id))

    def rebuild(self):
        with self._lock:
            self._built = False

    def _sync(self):
        if not self._built:
            self.entries, self._dirty, self._haystacks = {}, set(), {}
            self.values = {field: defaultdict(set) for field in _FIELDS}
            # Hundreds of thousands of small sets: the cyclic collector would rescan them all
            # again and again while they are made, for nothing (they hold no cycles).
            collecting = gc.isenabled()
            gc.disable()
            try:
                for doc in self.table:
                    self._put(doc.doc_id, _entry(doc))
            finally:
                if collecting:
                    gc.enable()
            self._built = True
            return
        dirty, self._dirty = self._dirty, set()
        for doc_id in dirty:
            doc = self.table.get(doc_id=doc_id)
            self._drop(doc_id)
            if doc is not None:
                self._put(doc_id, _entry(doc))

    def _put(self, doc_id, entry):
        self.entries[doc_id] = entry
        for field, position in _FIELDS.items():
            value = entry[position]
            if value:
                values = self.values[field]
                if value not in values:
                    self._haystacks.pop(field, None)
                values[value].add(doc_id)

    def _drop(self, doc_id):
        entry = self.entries.pop(doc_id, None)
        if entry is None:
            return
        for field, position in _FIELDS.items():
            bucket = self.values[field].get(entry[position])
            if bucket is not None:
                bucket.discard(doc_id)
                if not bucket:
                    del self.values[field][entry[position]]
                    self._haystacks.pop(field, None)

    def search(self, text, scope=None, limit: int = 50) -> list:
        """Matching resident ids, best first: exact matches, then prefixes, then substrings."""
        query = clean_query(text)
        if not query:
            return []
        with self._lock:
            self._sync()
            ranked = self._ranked(query, self._admits(scope), limit)
        return ranked[:limit]

    def _admits(self, scope):
        if scope is None:
            return lambda entry: True
        position, target = {"grid": (_GRID, scope.grid), "community": (_COMMUNITY, scope.community),
                            "subdistrict": (_SUB, scope.subdistrict)}[scope.kind]
        return lambda entry: entry[position] == target

    def _exact(self, field, value, admits) -> list:
        ids = self.values[field].get(value, ())
        return sorted(doc_id for doc_id in ids if admits(self.entries[doc_id]))

    def _scan(self, fields, query, admits, limit) -> tuple[list, list]:
        """(prefix matches, substring matches) of query among the distinct values of fields."""
        prefix, inside = [], []
        entries = self.entries
        for field in fields:
            haystack = self._haystacks.get(field)
            if haystack is None:
                haystack = self._haystacks[field] = _Haystack(self.values[field])
            for value in haystack.containing(query):
                found = sorted(i for i in self.values[field][value] if admits(entries[i]))
                (prefix if value.startswith(query) else inside).extend(found)
            if len(prefix) >= limit:
                break
        return prefix, inside

    def _ranked(self, query, admits, limit) -> list:
        if query.isdigit():
            exact = []
            if len(query) == 4:
                exact = self._exact("tail", query, admits)
            elif len(query) == 11:
                exact = self._exact("phone", query, admits)
            elif len(query) == 18:
                exact = self._exact("id", query, admits)
            prefix, inside = self._scan(("address",), query, admits, limit) if len(
                exact) < limit else ([], [])
            return _merge(exact, prefix, inside)
        if len(query) == 18 and query[:17].isdigit():
            return self._exact("id", query.upper(), admits)
        if query.isascii() and query.isalpha():
            lowered = query.lower()
            exact = self._exact("initials", lowered, admits)
            if len(exact) >= limit:
                return exact
            prefix, inside = self._scan(("initials", "pinyin"), lowered, admits, limit)
            return _merge(exact, prefix, inside)
        exact = self._exact("name", query, admits)
        if len(exact) >= limit:
            return exact
        prefix, inside = self._scan(("name", "address"), query, admits, limit)
        return _merge(exact, prefix, inside)


def _merge(*groups) -> list:
    seen, merged = set(), []
    for group in groups:
        for doc_id in group:
            if doc_id not in seen:
                seen.add(doc_id)
                merged.append(doc_id)
    return merged
