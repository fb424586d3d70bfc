"""JournalTable: TinyDB's Table, made thread-safe, index-aware and journaled change by change."""

from collections.abc import MutableMapping

from tinydb.table import Table

from . import records
from .indexes import candidate_ids
from .lazy import document

_DELETED = object()
# Documents a scan reads under one hold of the lock: long enough to cost little, short enough
# that a write waits no longer than a few milliseconds.
_SCAN_BLOCK = 4096


def _copy(value):
    # Documents in memory are plain JSON values; a recursive copy is cheaper than copy.deepcopy.
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class _ChangeView(MutableMapping):
    """The dict TinyDB's updaters edit: reads copy on first access, writes are only recorded."""

    def __init__(self, raw: dict, id_class):
        self._raw = raw
        self._id_class = id_class
        self.changes: dict = {}     # str key -> new document or _DELETED
        self.cleared = False

    def _base(self, key):
        if key in self.changes:
            return self.changes[key]
        if self.cleared:
            return _DELETED
        doc = document(self._raw, key)
        return _DELETED if doc is None else doc

    def peek(self, doc_id):
        """The current document without copying it (for evaluating a condition)."""
        return self._base(str(doc_id))

    def __getitem__(self, doc_id):
        key = str(doc_id)
        doc = self._base(key)
        if doc is _DELETED:
            raise KeyError(doc_id)
        if key not in self.changes:
            doc = self.changes[key] = _copy(doc)
        return doc

    def __setitem__(self, doc_id, doc):
        self.changes[str(doc_id)] = doc

    def __delitem__(self, doc_id):
        if doc_id not in self:
            raise KeyError(doc_id)
        self.changes[str(doc_id)] = _DELETED

    def __contains__(self, doc_id):
        return self._base(str(doc_id)) is not _DELETED

    def __iter__(self):
        if not self.cleared:
            for key in self._raw:
                if self.changes.get(key) is not _DELETED:
                    yield self._id_class(key)
        for key, doc in self.changes.items():
            if doc is not _DELETED and (self.cleared or key not in self._raw):
                yield self._id_class(key)

    def __len__(self):
        return sum(1 for _ in self)

    def clear(self):
        self.cleared = True
        self.changes = {}

    def ops(self, name: str, table_exists: bool):
        """The journal operations that turn the stored table into this view."""
        ops = [] if table_exists and not self.cleared else [("clear", name, None, None)]
        for key, doc in self.changes.items():
            if doc is _DELETED:
                if not self.cleared and key in self._raw:
                    ops.append(("del", name, key, None))
            else:
                ops.append(("put", name, key, records.dumps(doc)))
        return ops


class JournalTable(Table):
    """A TinyDB table over JournalStorage.

    Every public method runs under the store's lock, so Panel sessions in many threads see
    consistent tables; equality queries on indexed fields read only the matching documents.
    """

    @property
    def _raw(self):
        return self._storage.tables.get(self.name, {})

    def _read_table(self):
        # Every document decoded: TinyDB's own methods read tables whole. The methods below
        # that reach documents by id or index decode only the snapshot chunks they touch.
        self._storage._check_open()
        return self._storage.docs(self.name)

    def _update_table(self, updater):
        storage = self._storage
        with storage.lock:
            storage._check_writable()
            raw = self._raw
            view = _ChangeView(raw, self.document_id_class)
            updater(view)
            ops = view.ops(self.name, self.name in storage.tables)
            if ops:
                storage.commit(ops)
            self.clear_cache()

    def _matching_keys(self, cond):
        """Keys of documents matching cond, in table order, using an index when one applies."""
        self._storage._check_open()
        ids, exact = candidate_ids(self._storage.indexes.get(self.name),
                                   getattr(cond, "_hash", None))
        if ids is None:
            return [key for key, doc in self._read_table().items() if cond(doc)]
        keys = [str(doc_id) for doc_id in sorted(ids)]
        raw = self._raw
        return keys if exact else [key for key in keys if cond(document(raw, key))]

    def _get_next_id(self):
        # TinyDB caches the next id per Table object; another Table object for the same name
        # (after drop_table, say) may have used it: recount then instead of failing the insert.
        # Counted from the keys alone, which (unlike TinyDB's count) decodes no document.
        raw = self._raw
        if self._next_id is None or str(self._next_id) in raw:
            self._next_id = max(map(int, raw), default=0) + 1
        doc_id = self._next_id
        self._next_id += 1
        return doc_id

    # -- reads ---------------------------------------------------------------------------------

    def search(self, cond):
        with self._storage.lock:
            cached = self._query_cache.get(cond)
            if cached is not None:
                return cached[:]
            keys = self._matching_keys(cond)
            raw = self._raw
            docs = [self.document_class(document(raw, key), self.document_id_class(key))
                    for key in keys]
            if getattr(cond, "is_cacheable", lambda: True)():
                self._query_cache[cond] = docs[:]
            return docs

    def get(self, cond=None, doc_id=None, doc_ids=None):
        with self._storage.lock:
            if doc_id is None and doc_ids is None and cond is not None:
                keys = self._matching_keys(cond)
                if not keys:
                    return None
                return self.document_class(document(self._raw, keys[0]),
                                           self.document_id_class(keys[0]))
            if doc_id is not None:
                return self._document(doc_id)
            if doc_ids is not None:     # in table order, as TinyDB gives them
                wanted = {str(one) for one in doc_ids}
                return [self._document(key) for key in self._raw if key in wanted]
            return super().get(cond, doc_id, doc_ids)

    def scan(self, *, newest_first: bool = False):
        """(doc id, document) for every document, oldest first or newest first, decoding the
        snapshot a chunk at a time and copying nothing: for one pass that tallies, or a walk
        that stops after a page. The documents are the stored ones: read them, never change
        them. A write during the walk is seen or not, never half seen."""
        with self._storage.lock:
            self._storage._check_open()
            raw = self._raw
            keys = list(raw)
        if newest_first:
            keys.reverse()
        for start in range(0, len(keys), _SCAN_BLOCK):
            with self._storage.lock:
                block = [(key, document(raw, key)) for key in keys[start:start + _SCAN_BLOCK]]
            for key, doc in block:
                if doc is not None:
                    yield int(key), doc

    def _document(self, doc_id):
        self._storage._check_open()
        doc = document(self._raw, str(doc_id))
        return None if doc is None else self.document_class(doc, self.document_id_class(doc_id))

    def contains(self, cond=None, doc_id=None):
        with self._storage.lock:
            return super().contains(cond, doc_id)

    def count(self, cond):
        with self._storage.lock:
            return len(self.search(cond))   # through search, so the query cache is shared

    def __len__(self):
        with self._storage.lock:
            self._storage._check_open()
            return len(self._raw)

    def __iter__(self):
        with self._storage.lock:
            docs = [self.document_class(doc, self.document_id_class(key))
                    for key, doc in self._read_table().items()]
        return iter(docs)

    # -- writes --------------------------------------------------------------------------------

    def insert(self, document):
        with self._storage.lock:
            return super().insert(document)

    def insert_multiple(self, documents):
        with self._storage.lock:
            return super().insert_multiple(documents)

    def update(self, fields, cond=None, doc_ids=None):
        with self._storage.lock:
            if doc_ids is None and cond is not None:
                # Evaluate the condition on the stored documents without copying them, then let
                # TinyDB update just those; TinyDB itself would copy every document it looks at.
                doc_ids = [self.document_id_class(key) for key in self._matching_keys(cond)]
            return super().update(fields, None, doc_ids)

    def update_multiple(self, updates):
        updates = list(updates)
        updated = []

        def perform(fields, view, doc_id):
            if callable(fields):
                fields(view[doc_id])
            else:
                view[doc_id].update(fields)

        def updater(view):
            for doc_id in list(view.keys()):
                for fields, cond in updates:
                    if cond(view.peek(doc_id)):
                        updated.append(doc_id)
                        perform(fields, view, doc_id)

        with self._storage.lock:
            self._update_table(updater)
        return updated

    def upsert(self, document, cond=None):
        with self._storage.lock:
            return super().upsert(document, cond)

    def remove(self, cond=None, doc_ids=None):
        with self._storage.lock:
            if doc_ids is None and cond is not None:
                doc_ids = [self.document_id_class(key) for key in self._matching_keys(cond)]
            return super().remove(None, doc_ids)

    def truncate(self):
        with self._storage.lock:
            super().truncate()
