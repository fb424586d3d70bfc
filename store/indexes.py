"""Secondary indexes: field value -> document keys, kept current on every write, used by queries."""

from tinydb.utils import freeze

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


class FieldIndex:
    """Documents of one table grouped by the value at one field path (an ordered set per value)."""

    def __init__(self, path: tuple):
        self.path = path
        self.buckets: dict = {}

    def add(self, doc_key: str, doc):
        value = _key(_value_at(doc, self.path))
        if value is not _MISSING:
            self.buckets.setdefault(value, {})[doc_key] = None

    def discard(self, doc_key: str, doc):
        value = _key(_value_at(doc, self.path))
        bucket = self.buckets.get(value) if value is not _MISSING else None
        if bucket is not None:
            bucket.pop(doc_key, None)
            if not bucket:
                del self.buckets[value]

    def keys_for(self, value):
        """Keys of documents whose field equals value (a superset is fine: callers re-check)."""
        frozen = _key(value)
        return () if frozen is _MISSING else self.buckets.get(frozen, ())

    def rebuild(self, raw_table: dict):
        self.buckets = {}
        for doc_key, doc in raw_table.items():
            self.add(doc_key, doc)


def candidate_keys(indexes: dict, query_hash):
    """Doc keys that may match a TinyDB query, or None when no index applies (scan instead).

    Reads the query's structural hash: ('==', path, value) or ('and', {parts}) with an
    equality on an indexed path. The caller still evaluates the full query on each candidate.
    """
    if not indexes or not isinstance(query_hash, tuple) or not query_hash:
        return None
    if query_hash[0] == "==" and len(query_hash) == 3:
        index = indexes.get(query_hash[1])
        return None if index is None else index.keys_for(query_hash[2])
    if query_hash[0] == "and":
        best = None
        for part in query_hash[1]:
            keys = candidate_keys(indexes, part)
            if keys is not None and (best is None or len(keys) < len(best)):
                best = keys
        return best
    return None
