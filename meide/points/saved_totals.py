"""Running totals saved beside the ledger, so a large ledger opens without replaying every entry.

Ledger entries are append-only and never change, so totals computed over entries 1..n stay true
for as long as the table's entry n is the one they were computed with. The file records n and
the idempotency key of entry n; opening checks both against the table and applies only the
entries after n. A missing, stale, foreign or damaged file is ignored: the ledger then rebuilds
from every entry, as it always could. The file is written whole (temp file, fsync, rename).
"""

import os
import pickle
from array import array
from pathlib import Path

import store

FILE = "ledger-totals.pickle"
FORMAT = 1


def path_in(folder) -> Path:
    return Path(folder) / FILE


def open_totals(totals, table, folder) -> int:
    """Fill totals for table from the saved file and the entries after it, or from every entry
    when there is no usable file; the number of entries the file held (0: none)."""
    if load(totals, table, folder):
        saved = totals.count
        totals.catch_up(table)
        return saved
    totals.rebuild(table)
    return 0


def save(totals, folder) -> int:
    """Write totals (in step with the table: the caller holds the store's lock) to folder;
    the number of entries they cover."""
    columns = totals.columns
    state = {"format": FORMAT, "rollup": _rollup(totals.rollup), "count": totals.count,
             "tail": totals.tail, "spendable": totals.spendable, "earned": totals.earned,
             "rolled": totals.rolled, "reversed_by": totals.reversed_by,
             "caps": totals.caps._latest, "profiles": columns.profiles,
             "at": columns.at.tobytes(), "points": columns.points.tobytes(),
             "profile": columns.profile.tobytes()}
    target = path_in(folder)
    temporary = target.with_name(target.name + ".tmp")
    with open(temporary, "wb") as out:
        pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(temporary, 0o600)
    os.replace(temporary, target)
    return totals.count


def load(totals, table, folder) -> bool:
    """Fill totals from the saved file if it describes a prefix of table; False if it cannot."""
    try:
        with open(path_in(folder), "rb") as handle, store.paused_gc():
            state = pickle.load(handle)
    except FileNotFoundError:
        return False
    except Exception:           # damaged or from another version: rebuilding is always right
        return False
    if not isinstance(state, dict) or state.get("format") != FORMAT \
            or state.get("rollup") != _rollup(totals.rollup):
        return False
    count, tail = state["count"], state["tail"]
    if count > len(table):
        return False
    if tail is None:
        if count:
            return False
    else:
        doc = table.get(doc_id=tail[0])
        if doc is None or doc.get("key") != tail[1]:
            return False
    totals._reset()
    totals.spendable, totals.earned = state["spendable"], state["earned"]
    totals.rolled, totals.reversed_by = state["rolled"], state["reversed_by"]
    totals.caps._latest = state["caps"]
    columns = totals.columns
    for name in ("at", "points", "profile"):
        values = array("q")
        values.frombytes(state[name])
        setattr(columns, name, values)
    columns.profiles = state["profiles"]
    with store.paused_gc():
        columns._numbers = {profile: number for number, profile in enumerate(columns.profiles)}
    totals.count = count
    totals._remember_last(table)
    return True


def _rollup(rollup) -> dict:
    return {target: tuple(sources) for target, sources in rollup.into.items()}
