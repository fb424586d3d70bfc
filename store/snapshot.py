"""Atomic snapshots: the whole store written to a temp file, fsynced and renamed into place."""

import os
from pathlib import Path

from . import records
from .errors import StoreCorrupt
from .journal import fsync_folder

SNAPSHOT_NAME = "snapshot.json"
FORMAT = "meide-store"
VERSION = 1
CHUNK_DOCS = 5000


def write_snapshot(folder: Path, tables: dict, generation: int, seq: int):
    """Write tables as generation/seq; a crash at any point leaves the old snapshot in place."""
    folder = Path(folder)
    final = folder / SNAPSHOT_NAME
    temp = folder / (SNAPSHOT_NAME + ".tmp")
    header = {"format": FORMAT, "version": VERSION, "generation": generation, "seq": seq,
              "tables": list(tables)}
    with open(temp, "wb") as out:
        out.write(records.encode_line(records.dumps(header)))
        lines = 0
        for name, docs in tables.items():
            for chunk in _chunks(docs):
                out.write(records.encode_line(records.dumps_stored({"table": name, "docs": chunk})))
                lines += 1
        out.write(records.encode_line(records.dumps({"end": lines})))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, final)
    fsync_folder(folder)


def _chunks(docs: dict):
    # Bounded lines keep the memory needed to write and read a large table small.
    items = list(docs.items())
    for start in range(0, max(len(items), 1), CHUNK_DOCS):
        yield dict(items[start:start + CHUNK_DOCS])


def read_snapshot(folder: Path):
    """Return (tables, generation, seq); an absent snapshot is an empty store at generation 0."""
    path = Path(folder) / SNAPSHOT_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, 0, 0
    state = {"header": None, "tables": {}, "lines": 0, "end": None}

    def on_record(offset, payload):
        if state["header"] is None:
            if payload.get("format") != FORMAT:
                raise StoreCorrupt(path, offset, "not a Meide store snapshot")
            if payload.get("version") != VERSION:
                raise StoreCorrupt(path, offset, f"unknown snapshot version {payload.get('version')}")
            state["header"] = payload
            state["tables"] = {name: {} for name in payload["tables"]}
        elif "end" in payload:
            state["end"] = (offset, payload["end"])
        else:
            state["tables"][payload["table"]].update(payload["docs"])
            state["lines"] += 1

    records.scan(path, data, on_record, allow_torn_tail=False)
    if state["end"] is None or state["end"][1] != state["lines"]:
        raise StoreCorrupt(path, len(data), "snapshot is incomplete")
    header = state["header"]
    return state["tables"], header["generation"], header["seq"]
