"""Running totals saved beside the ledger, so a large ledger opens without replaying every entry.

Ledger entries are append-only and never change, so totals computed over entries 1..n stay true
for as long as the table's entry n is the one they were computed with. The file records n and
the idempotency key of entry n; opening checks both against the table and applies only the
entries after n. A missing, stale, foreign or damaged file is ignored: the ledger then rebuilds
from every entry, as it always could. The file is written whole (temp file, fsync, rename).

The file holds data only, nothing that could run when read (it once was a pickle, which can):
a header line of JSON naming the format, the byte order and each part with its length and
CRC-32, then the parts: the totals as JSON, and columns of 64-bit integers (the earned points'
rows, and the profiles and cap counters as numbers into the JSON's table of distinct values,
which a hundred thousand profiles share: read as numbers, they load faster than a pickle).
"""

import logging
import os
import sys
import zlib
from array import array
from pathlib import Path

import numpy
import orjson

import store

from .earned import PROFILE_FIELDS

FILE = "ledger-totals.bin"
FORMAT, VERSION = "meide-ledger-totals", 2
# Written by versions before VERSION 2: never read (unpickling runs whatever the file says);
# removed on the next open that may write, and the totals rebuilt from the ledger.
OLD_FILE = "ledger-totals.pickle"
COLUMNS = ("at", "points", "profile")
# A row of the caps part: account, rule, day, used, month, used, year, used; the account, rule
# and periods are numbers into the "values" table.
CAP_CODED, CAP_USED = [0, 1, 2, 4, 6], [3, 5, 7]

log = logging.getLogger(__name__)


def path_in(folder) -> Path:
    return Path(folder) / FILE


def open_totals(totals, table, folder, *, readonly=False) -> int:
    """Fill totals for table from the saved file and the entries after it, or from every entry
    when there is no usable file; the number of entries the file held (0: none)."""
    if not readonly:
        _remove_old_file(folder)
    if load(totals, table, folder):
        saved = totals.count
        totals.catch_up(table)
        return saved
    totals.rebuild(table)
    return 0


def save(totals, folder) -> int:
    """Write totals (in step with the table: the caller holds the store's lock) to folder;
    the number of entries they cover."""
    columns, caps = totals.columns, totals.caps._latest
    # Numbered in C-level passes (dict.fromkeys, map): this runs under the store's lock.
    profile_values = [value for profile in columns.profiles for value in profile]
    cap_values = [value for (account, rule), slot in caps.items()
                  for value in (account, rule, slot[0], slot[2], slot[4])]
    distinct = list(dict.fromkeys([None, *profile_values, *cap_values]))
    number = {value: n for n, value in enumerate(distinct)}.__getitem__
    profiles = array("q", map(number, profile_values))
    cap_rows = numpy.empty((len(caps), 8), dtype=numpy.int64)
    cap_rows[:, CAP_CODED] = numpy.fromiter(map(number, cap_values), dtype=numpy.int64,
                                            count=len(cap_values)).reshape(-1, 5)
    cap_rows[:, CAP_USED] = numpy.fromiter(
        (used for slot in caps.values() for used in slot[1::2]), dtype=numpy.int64,
        count=3 * len(caps)).reshape(-1, 3)
    state = {"rollup": _rollup(totals.rollup), "count": totals.count, "tail": totals.tail,
             "spendable": totals.spendable, "earned": totals.earned, "rolled": totals.rolled,
             # JSON keys are strings: the reversal map's entry ids go as a flat list of pairs.
             "reversed_by": [n for pair in totals.reversed_by.items() for n in pair],
             "values": distinct, "profile_width": len(PROFILE_FIELDS)}
    parts = {"state": orjson.dumps(state), "profiles": profiles.tobytes(),
             "caps": cap_rows.tobytes(),
             **{name: getattr(columns, name).tobytes() for name in COLUMNS}}
    header = {"format": FORMAT, "version": VERSION, "byteorder": sys.byteorder,
              "parts": [[name, len(part), zlib.crc32(part)] for name, part in parts.items()]}
    target = path_in(folder)
    temporary = target.with_name(target.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(orjson.dumps(header) + b"\n")
        for part in parts.values():
            out.write(part)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
    return totals.count


def load(totals, table, folder) -> bool:
    """Fill totals from the saved file if it describes a prefix of table; False if it cannot."""
    try:
        with store.paused_gc():
            state = read(path_in(folder))
    except FileNotFoundError:
        return False
    if state is None or state["rollup"] != _rollup(totals.rollup):
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
    for name in COLUMNS:
        setattr(columns, name, state[name])
    columns.profiles = state["profiles"]
    with store.paused_gc():
        columns._numbers = {profile: number for number, profile in enumerate(columns.profiles)}
    totals.count = count
    totals._remember_last(table)
    return True


def read(path) -> dict | None:
    """The saved state in path as load() uses it; None if the file is damaged, foreign or of
    another version (FileNotFoundError if there is none)."""
    data = Path(path).read_bytes()
    try:
        state, columns = _parts(data)
        numbers = state["reversed_by"]
        state["reversed_by"] = dict(zip(numbers[::2], numbers[1::2]))
        state["tail"] = tuple(state["tail"]) if state["tail"] is not None else None
        state["rollup"] = {target: tuple(sources) for target, sources in state["rollup"].items()}
        # One object array of the distinct values, indexed by whole columns at once: the
        # profiles and counters share its strings, as they did before they were saved.
        values = numpy.empty(len(state["values"]), dtype=object)
        values[:] = state["values"]
        width = state["profile_width"]
        if width != len(PROFILE_FIELDS):
            return None
        profiles = _integers(columns["profiles"]).reshape(-1, width)
        state["profiles"] = list(map(tuple, values[profiles].tolist()))
        caps = _integers(columns["caps"]).reshape(-1, 8)
        slots = numpy.empty((len(caps), 6), dtype=object)
        slots[:, 0::2] = values[caps[:, CAP_CODED[2:]]]
        slots[:, 1::2] = caps[:, CAP_USED].astype(object)
        state["caps"] = dict(zip(map(tuple, values[caps[:, :2]].tolist()), slots.tolist()))
        for name in COLUMNS:
            state[name] = array("q")
            state[name].frombytes(columns[name])
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return state


def _parts(data: bytes):
    """(the state part parsed, {name: column bytes}) of a file, checked; ValueError if the
    file is not a whole, intact one of this version."""
    end = data.index(b"\n")
    header = orjson.loads(data[:end])
    if header.get("format") != FORMAT or header.get("version") != VERSION \
            or header.get("byteorder") != sys.byteorder:
        raise ValueError("another format, version or byte order")
    view, parts, at = memoryview(data), {}, end + 1
    for name, length, crc in header["parts"]:
        part = view[at:at + length]
        if len(part) != length or zlib.crc32(part) != crc:
            raise ValueError(f"part {name} is damaged")
        parts[name] = part
        at += length
    if at != len(data):
        raise ValueError("data after the last part")
    return orjson.loads(parts.pop("state")), parts


def _integers(part) -> numpy.ndarray:
    return numpy.frombuffer(part, dtype=numpy.int64)


def _remove_old_file(folder):
    old = Path(folder) / OLD_FILE
    try:
        old.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("could not remove %s (%s); it is never read", old, exc)
        return
    log.warning("removed %s, saved by an older Meide in a format that can run code when read, "
                "without reading it; the ledger's totals are rebuilt from its entries and saved "
                "as %s", old, FILE)


def _rollup(rollup) -> dict:
    return {target: tuple(sources) for target, sources in rollup.into.items()}
