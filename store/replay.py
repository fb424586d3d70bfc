"""Reading a store folder as an open will: the snapshot, then the journal records after it."""

from pathlib import Path

from . import records
from .journal import journal_path, read_journal
from .snapshot import SNAPSHOT_NAME, read_snapshot


def replay_folder(folder, *, allow_torn_tail=True):
    """Read a store folder as the next open will: (tables, generation, seq, valid, size)."""
    tables, generation, seq = read_snapshot(folder)
    state = {"seq": seq}

    def replay(offset, record):
        if record["seq"] <= state["seq"]:
            return      # already contained in the snapshot
        for op in record["ops"]:
            _replay_op(tables, op)
        state["seq"] = record["seq"]

    valid, size = read_journal(journal_path(folder, generation), replay,
                               allow_torn_tail=allow_torn_tail)
    return tables, generation, state["seq"], valid, size


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


def _replay_op(tables, op):
    kind, name = op[0], op[1]
    if kind == "put":
        tables.setdefault(name, {})[op[2]] = op[3]
    elif kind == "del":
        tables.get(name, {}).pop(op[2], None)
    elif kind == "clear":
        tables[name] = {}
    elif kind == "drop":
        tables.pop(name, None)
