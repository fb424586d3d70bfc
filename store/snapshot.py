"""Atomic snapshots: the whole store written to a temp file, fsynced and renamed into place.

Layout (version 2), one checksummed line each: a header; per table, chunks of up to CHUNK_DOCS
documents as a line of their keys followed by a line holding the documents as one JSON array
(read back undecoded: see lazy.py); the indexes as they stood; an end line counting the lines.
Version 1 (one line per chunk, {"table", "docs"}) is still read.
"""

import os
from pathlib import Path

from . import records
from .errors import StoreCorrupt
from .journal import fsync_folder
from .lazy import PendingChunk, document

SNAPSHOT_NAME = "snapshot.json"
FORMAT = "meide-store"
VERSION = 2
CHUNK_DOCS = 500     # small enough that reading one document decodes ~0.5 ms of neighbours


def write_snapshot(folder: Path, tables: dict, generation: int, seq: int, indexes=None):
    """Write tables (and their indexes: {table: {path: FieldIndex}}) as generation/seq; a crash
    at any point leaves the old snapshot in place."""
    folder = Path(folder)
    final = folder / SNAPSHOT_NAME
    temp = folder / (SNAPSHOT_NAME + ".tmp")
    header = {"format": FORMAT, "version": VERSION, "generation": generation, "seq": seq,
              "tables": list(tables)}
    with open(temp, "wb") as out:
        os.fchmod(out.fileno(), 0o600)      # residents' ID numbers and phones: owner only
        out.write(records.encode_line(records.dumps(header)))
        lines = 0
        for name, docs in tables.items():
            for keys, data in _chunks(docs):
                out.write(records.encode_line(records.dumps_stored({"table": name, "keys": keys})))
                out.write(records.encode_line(data))
                lines += 2
        for name, by_path in (indexes or {}).items():
            for index in by_path.values():
                saved = index.saved() if name in tables else None
                if saved is not None:
                    out.write(records.encode_line(records.dumps_stored({"index": name, **saved})))
                    lines += 1
        out.write(records.encode_line(records.dumps({"end": lines})))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, final)
    fsync_folder(folder)


def _chunks(docs: dict):
    """(keys, documents as JSON array bytes) in table order, in bounded pieces (bounded lines
    keep the memory needed to write and read a large table small)."""
    items = list(docs.items())
    run = []
    at = 0
    while at < len(items):
        key, doc = items[at]
        if type(doc) is PendingChunk and _intact(items, at, doc):
            # A chunk never decoded since it was read is written back as it was read.
            if run:
                yield _encoded(run)
                run = []
            yield doc.keys, doc.data
            at += len(doc.keys)
            continue
        run.append((key, document(docs, key)))
        if len(run) == CHUNK_DOCS:
            yield _encoded(run)
            run = []
        at += 1
    if run or not items:
        yield _encoded(run)


def _intact(items: list, at: int, chunk: PendingChunk) -> bool:
    return chunk.data is not None and \
        items[at:at + len(chunk.keys)] == [(key, chunk) for key in chunk.keys]


def _encoded(run: list):
    return [key for key, _ in run], records.dumps_stored([doc for _, doc in run])


def read_snapshot(folder: Path):
    """(tables, generation, seq, indexes, lazy): documents left undecoded in PendingChunks (in
    the tables named in lazy), indexes as {table: [saved index]}; an absent snapshot is an empty
    store at generation 0."""
    path = Path(folder) / SNAPSHOT_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, 0, 0, {}, set()
    found = records.lines(path, data)
    header = _header(path, next(found, None))
    tables = {name: {} for name in header["tables"]}
    indexes, lazy = {}, set()
    count, end = 0, None
    keys_line = None
    for offset, body in found:
        if keys_line is not None:
            name, keys = keys_line
            if keys:
                PendingChunk(tables[name], keys, body, path)
                lazy.add(name)
            keys_line = None
            count += 1
            continue
        payload = records.decode(path, offset, body)
        if end is not None:
            raise StoreCorrupt(path, offset, "a record after the snapshot's end")
        if "end" in payload:
            end = payload["end"]
        elif header["version"] == 1:
            tables[payload["table"]].update(payload["docs"])
            count += 1
        elif "index" in payload:
            indexes.setdefault(payload.pop("index"), []).append(payload)
            count += 1
        else:
            keys_line = (payload["table"], payload["keys"])
            count += 1
    if end is None or end != count or keys_line is not None:
        raise StoreCorrupt(path, len(data), "snapshot is incomplete")
    return tables, header["generation"], header["seq"], indexes, lazy


def _header(path, first):
    if first is None:
        raise StoreCorrupt(path, 0, "snapshot is incomplete")
    header = records.decode(path, *first)
    if header.get("format") != FORMAT:
        raise StoreCorrupt(path, 0, "not a Meide store snapshot")
    if header.get("version") not in (1, VERSION):
        raise StoreCorrupt(path, 0, f"unknown snapshot version {header.get('version')}")
    return header
