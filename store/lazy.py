"""Documents read from a snapshot but decoded only when first used, a chunk at a time."""

from itertools import repeat

import orjson

from .errors import StoreCorrupt


class PendingChunk:
    """Stands in a table for each document of one snapshot chunk until that chunk is decoded.

    Opening a store of a million ledger entries spent most of its time building a million
    dictionaries the app mostly never reads (its totals are saved beside the ledger and its
    lookups go through indexes): the chunk's JSON is kept as bytes instead, and the first read
    of any of its documents decodes all of them into the table in place (order unchanged).
    """

    __slots__ = ("table", "keys", "data", "path")

    def __init__(self, table: dict, keys: list, data: bytes, path):
        self.table, self.keys, self.data, self.path = table, keys, data, path
        table.update(zip(keys, repeat(self)))

    def decode(self) -> dict:
        """The chunk's documents as they were in the snapshot, by key."""
        docs = orjson.loads(self.data)
        if not isinstance(docs, list) or len(docs) != len(self.keys):
            raise StoreCorrupt(self.path, 0, "a snapshot chunk does not match its keys")
        return dict(zip(self.keys, docs))

    def resolve(self):
        """Put the decoded documents in place of this chunk wherever the table still holds it."""
        if self.data is None:
            return
        table = self.table
        for key, doc in self.decode().items():
            if table.get(key) is self:
                table[key] = doc
        self.data = None    # the bytes are garbage now; the documents live in the table


def document(table: dict, key: str):
    """table[key] decoded (None if absent)."""
    doc = table.get(key)
    if type(doc) is PendingChunk:
        doc.resolve()
        doc = table.get(key)
    return doc


def resolve_all(chunks):
    """Decode every chunk of a table (before a whole-table read)."""
    for chunk in chunks:
        chunk.resolve()
