"""Secondary indexes: field value -> document keys, kept current on every write, used by queries."""

from tinydb.utils import freeze

from .bulk import paused_gc

_MISSING = object()


def field_path(field: str) -> tuple:
    """'address.building' -> ('address', 'building'), the path form TinyDB queries use."""
    return tuple(field.split("."))


def _value_at(doc, path):
    value = doc
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _key(value):
    try:
        frozen = freeze(value)
        hash(frozen)
        return frozen
    except TypeError:
        return _MISSING


# Values compared by == exactly as their dict keys are: an index lookup on them needs no re-check.
_PLAIN = (str, int, float, bool, type(None))


class FieldIndex:
    """Documents of one table grouped by the value at one field path (an ordered set of ids).

    A value held by one document maps to its id itself, by more to a dict of ids (kept as an
    ordered set): most indexed fields (a ledger entry's key, a resident's ID number) are unique,
    and a million one-entry dicts cost seconds to build and hundreds of megabytes to keep.
    """

    def __init__(self, path: tuple):
        self.path = path
        self._field = path[0] if len(path) == 1 else None
        self.buckets: dict = {}

    def _value_key(self, doc):
        value = doc.get(self._field, _MISSING) if self._field is not None else \
            _value_at(doc, self.path)
        if type(value) in _PLAIN or value is _MISSING:
            return value
        return _key(value)

    def add(self, doc_key: str, doc):
        self.add_many(((doc_key, doc),))

    def discard(self, doc_key: str, doc):
        value = self._value_key(doc)
        bucket = self.buckets.get(value) if value is not _MISSING else None
        if bucket is None:
            return
        doc_id = int(doc_key)
        if type(bucket) is int:
            if bucket == doc_id:
                del self.buckets[value]
            return
        bucket.pop(doc_id, None)
        if len(bucket) == 1:
            self.buckets[value] = next(iter(bucket))
        elif not bucket:
            del self.buckets[value]

    def ids_for(self, value):
        """Ids of documents whose field equals value (for non-plain values, a superset)."""
        frozen = value if type(value) in _PLAIN else _key(value)
        bucket = () if frozen is _MISSING else self.buckets.get(frozen, ())
        return (bucket,) if type(bucket) is int else bucket

    def rebuild(self, raw_table: dict):
        # The hot loop of opening a large store: kept free of calls where it can be, and of
        # garbage collections (a million one-entry buckets would be rescanned over and over).
        with paused_gc():
            self.buckets = {}
            self.add_many(raw_table.items())

    def add_many(self, items):
        """add() for each (key, document) of items, in one loop (opening adds a whole journal)."""
        buckets = self.buckets
        field = self._field
        for doc_key, doc in items:
            value = doc.get(field, _MISSING) if field is not None else _value_at(doc, self.path)
            if type(value) not in _PLAIN:
                if value is _MISSING:
                    continue
                value = _key(value)
                if value is _MISSING:
                    continue
            doc_id = int(doc_key)
            bucket = buckets.get(value)
            if bucket is None:
                buckets[value] = doc_id
            elif type(bucket) is int:
                if bucket != doc_id:
                    buckets[value] = {bucket: None, doc_id: None}
            else:
                bucket[doc_id] = None

    def sets(self) -> dict:
        """value -> set of ids (to compare two indexes)."""
        return {value: {ids} if type(ids) is int else set(ids)
                for value, ids in self.buckets.items()}

    def saved(self):
        """The index as a snapshot line keeps it, or None if a value is not plain JSON (a frozen
        dict or list would read back as a list: such an index is rebuilt on opening instead)."""
        buckets = self.buckets
        if not all(type(value) in _PLAIN for value in buckets):
            return None
        # Values of one document and of several apart, so that reading either back is one
        # C-level dict construction (a million-entry ledger's keys are all of the first kind).
        single = {value: ids for value, ids in buckets.items() if type(ids) is int}
        several = {value: list(ids) for value, ids in buckets.items() if type(ids) is not int}
        return {"path": list(self.path), "values": list(single), "ids": list(single.values()),
                "shared": list(several), "id_lists": list(several.values())}

    @classmethod
    def from_saved(cls, saved: dict):
        """The index a snapshot line describes."""
        index = cls(tuple(saved["path"]))
        with paused_gc():
            index.buckets = dict(zip(saved["values"], saved["ids"]))
            index.buckets.update(zip(saved["shared"], map(dict.fromkeys, saved["id_lists"])))
        return index


def candidate_ids(indexes: dict, query_hash):
    """(ids, exact) for a TinyDB query from an index, or (None, False) when none applies.

    Reads the query's structural hash: ('==', path, value) or ('and', {parts}) with an
    equality on an indexed path. exact means the ids are precisely the matches (a bare == on a
    plain value); otherwise the caller evaluates the query on each candidate.
    """
    if not indexes or not isinstance(query_hash, tuple) or not query_hash:
        return None, False
    if query_hash[0] == "==" and len(query_hash) == 3:
        index = indexes.get(query_hash[1])
        if index is None:
            return None, False
        return index.ids_for(query_hash[2]), type(query_hash[2]) in _PLAIN
    if query_hash[0] == "and":
        best = None
        for part in query_hash[1]:
            ids, _ = candidate_ids(indexes, part)
            if ids is not None and (best is None or len(ids) < len(best)):
                best = ids
        return best, False
    return None, False
