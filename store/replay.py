"""Reading a store folder as an open will: the snapshot, then the journal records after it."""

from dataclasses import dataclass, field
from pathlib import Path

from . import records
from .journal import journal_path, read_journal
from .indexes import FieldIndex
from .lazy import PendingChunk, resolve_all
from .snapshot import SNAPSHOT_NAME, read_snapshot


@dataclass
class Replayed:
    """A folder as read: its tables (documents possibly still undecoded) and what opening needs
    to bring the snapshot's indexes up to date with the journal."""

    tables: dict
    generation: int
    seq: int
    valid: int          # the journal's valid length
    size: int           # and its length on disk
    lazy: set = field(default_factory=set)        # tables that may hold undecoded documents
    indexes: dict = field(default_factory=dict)   # {table: [saved index]} from the snapshot
    before: dict = field(default_factory=dict)    # {(table, key): value in the snapshot}
    after: dict = field(default_factory=dict)     # {table: {key: document put since}}
    reset: set = field(default_factory=set)       # tables the journal cleared or dropped


def replay_folder(folder, *, allow_torn_tail=True, decoded=False) -> Replayed:
    """Read a store folder as the next open will (decoded: every document parsed now)."""
    tables, generation, seq, indexes, lazy = read_snapshot(folder)
    state = Replayed(tables, generation, seq, 0, 0, lazy, indexes)

    def replay(offset, record):
        if record["seq"] <= state.seq:
            return      # already contained in the snapshot
        for op in record["ops"]:
            _replay_op(state, op)
        state.seq = record["seq"]

    state.valid, state.size = read_journal(journal_path(folder, generation), replay,
                                           allow_torn_tail=allow_torn_tail)
    # The snapshot's version of each document the journal changed, decoded now: its chunk may
    # be decoded (and its bytes dropped) before the indexes need it.
    chunks = {}
    for (name, key), before in state.before.items():
        if type(before) is PendingChunk:
            if before not in chunks:
                chunks[before] = before.decode()
            state.before[name, key] = chunks[before][key]
    if decoded:
        for name in lazy:
            decode_table(tables.get(name, {}))
    return state


def decode_table(docs: dict):
    """Decode whatever documents of docs are still undecoded."""
    resolve_all({doc for doc in docs.values() if type(doc) is PendingChunk})


def saved_indexes(state: Replayed) -> dict:
    """{table: {path: FieldIndex}} as the snapshot saved them (those of tables the journal
    cleared or dropped are left out, to be rebuilt); catch_up() brings them up to date."""
    return {name: {tuple(one["path"]): FieldIndex.from_saved(one) for one in saved}
            for name, saved in state.indexes.items()
            if name in state.tables and name not in state.reset}


def catch_up(by_path: dict, name: str, state: Replayed):
    """Apply to a table's saved indexes what the journal changed in the table since."""
    for (table, key), before in state.before.items():
        if table == name:           # rare: the journal changed or removed a snapshot document
            for index in by_path.values():
                index.discard(key, before)
    for index in by_path.values():
        index.add_many(state.after.get(name, {}).items())


def read_snapshot_generation(folder):
    """The generation in the snapshot's header line, without reading the rest of the file."""
    try:
        with open(Path(folder) / SNAPSHOT_NAME, "rb") as handle:
            header = {}
            records.scan(handle.name, handle.readline(), lambda _, payload: header.update(payload),
                         allow_torn_tail=False)
            return header.get("generation", 0)
    except FileNotFoundError:
        return 0


def _replay_op(state, op):
    kind, name, tables = op[0], op[1], state.tables
    if kind in ("clear", "drop"):
        state.reset.add(name)
        if kind == "clear":
            tables[name] = {}
        else:
            tables.pop(name, None)
        return
    table = tables.setdefault(name, {})
    key = op[2]
    if name not in state.reset:
        # What the snapshot's indexes must forget (a snapshot document's value, at its first
        # change) and learn (each key's document as the journal leaves it).
        after = state.after.setdefault(name, {})
        if key not in after:
            old = table.get(key)
            if old is not None and (name, key) not in state.before:
                state.before[name, key] = old
        if kind == "put":
            after[key] = op[3]
        else:
            after.pop(key, None)
    if kind == "put":
        table[key] = op[3]
    elif kind == "del":
        table.pop(key, None)
