"""Crash harness: a writer SIGKILLed at random moments, and power loss cut at every journal byte."""

import copy
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

import store
from store import Query, decrement

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "store_crash_writer.py"
INITIAL_STOCK = 10 ** 9         # as in store_crash_writer.py
INDEXES = (("items", "uid"), ("orders", "rid"), ("ledger", "rid"))
q = Query()


def state(s):
    """Every table of an open store as {name: {doc_id: document}} (a deep copy)."""
    return {name: {doc.doc_id: copy.deepcopy(dict(doc)) for doc in s.table(name)}
            for name in sorted(s.db.tables())}


def journal_file(path):
    (journal,) = sorted(Path(path).glob("journal-*.log"))
    return journal


# -- the model of what the writer acknowledged -------------------------------------------------

def apply(model, effects, ids):
    """The model after an operation's effects; ids are its inserted documents' ids, in order."""
    model = copy.deepcopy(model)
    ids = iter(ids)
    for effect in effects:
        kind, docs = effect[0], model.setdefault(effect[1], {})
        if kind == "insert":
            doc_id = next(ids)
            assert doc_id not in docs, f"insert into {effect[1]} reused id {doc_id}"
            docs[doc_id] = copy.deepcopy(effect[2])
        elif kind == "update":
            docs[effect[2]].update(effect[3])
        elif kind == "add":
            docs[effect[2]][effect[3]] += effect[4]
        elif kind == "remove":
            del docs[effect[2]]
        else:
            raise AssertionError(f"unknown effect {effect}")
    assert next(ids, None) is None, "more ids than inserts"
    return model


def inserted_ids(effects, actual):
    """The ids an unacknowledged operation's inserts got, if they are all in actual; else None."""
    ids = []
    for effect in effects:
        if effect[0] == "insert":
            # Every inserted document is unique (a fresh uid or rid, or the one stock record).
            found = [doc_id for doc_id, doc in actual.get(effect[1], {}).items()
                     if doc == effect[2]]
            if len(found) != 1:
                return None
            ids.append(found[0])
    return ids


def short(value, limit=120):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def difference(expected, actual):
    lines = []
    for name in sorted(set(expected) | set(actual)):
        want, got = expected.get(name), actual.get(name)
        if want == got:
            continue
        if want is None or got is None:
            lines.append(f"table {name}: expected {'absent' if want is None else 'present'}")
            continue
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        changed = sorted(k for k in set(want) & set(got) if want[k] != got[k])
        lines.append(f"table {name}: missing {missing[:10]}, unexpected {extra[:10]}, changed "
                     + ", ".join(f"{k}: {short(want[k])} -> {short(got[k])}" for k in changed[:5]))
    return "\n".join(lines)


def check_invariants(actual):
    orders, ledger = actual.get("orders", {}), actual.get("ledger", {})
    stock = list(actual.get("stock", {}).values())
    assert sorted(d["rid"] for d in orders.values()) == sorted(d["rid"] for d in ledger.values())
    assert len(stock) <= 1
    qty = stock[0]["qty"] if stock else INITIAL_STOCK
    assert qty + len(orders) == INITIAL_STOCK, "stock + sold != initial: a partial transaction"
    assert all(doc.get("v") != "abandoned" for doc in actual.get("items", {}).values())
    assert all(doc["rid"] != "abandoned" for doc in ledger.values())


# -- one writer run, killed ----------------------------------------------------------------------

def read_beside(folder):
    """A read-only open while the writer runs: it must see a consistent state too."""
    with store.open_store(folder, readonly=True) as reader:
        for note in reader.recovered:       # a record being written as we read is torn for us
            assert note.startswith("dropped a torn last record"), note
        check_invariants(state(reader))


def run_and_kill(folder, rng, log_dir, stats):
    """Start the writer, SIGKILL it after a random delay; return its complete output lines."""
    seed = rng.randrange(2 ** 31)
    lines, ready, killed = [], threading.Event(), threading.Event()
    armed = {"begins": None}
    with open(log_dir / "writer.stderr", "wb") as stderr, subprocess.Popen(
            [sys.executable, str(WRITER), str(folder), str(seed)], stdout=subprocess.PIPE,
            stderr=stderr, cwd=ROOT) as writer:

        def read():     # drained continuously, so the writer never waits on a full pipe
            for line in writer.stdout:
                lines.append(line)
                ready.set()
                if armed["begins"] is not None and line.startswith(b'{"begin"'):
                    armed["begins"] -= 1
                    if armed["begins"] == 0:
                        writer.kill()       # at once, from this thread: no hand-over delay
                        killed.set()
            ready.set()
            killed.set()

        reader = threading.Thread(target=read)
        reader.start()
        moment = rng.random()
        if moment < 0.2:
            time.sleep(rng.uniform(0, 0.25))    # may land in start-up, replay or the tail cut
        else:
            ready.wait(timeout=300)
            time.sleep(rng.uniform(0, 0.2))
            if rng.random() < 0.3 and writer.poll() is None:
                read_beside(folder)
                stats["read-only opens beside the writer"] += 1
            if moment < 0.6:
                # Just after an operation was announced: mostly inside the store call, before
                # its record is durable (a kill at any other moment rarely lands there).
                armed["begins"] = rng.randint(1, 3)
                killed.wait(timeout=300)
        writer.kill()
        writer.wait()
        reader.join()
    if writer.returncode != -signal.SIGKILL:
        pytest.fail(f"writer (seed {seed}) ended by itself with {writer.returncode}:\n"
                    + (log_dir / "writer.stderr").read_text(errors="replace"))
    # A line cut off by the kill was never acknowledged: leave it out.
    return seed, [json.loads(line) for line in lines if line.endswith(b"\n")]


def crash_cycles(folder, kills, rng, log_dir):
    model, stats = {}, Counter()
    for cycle in range(kills):
        seed, messages = run_and_kill(folder, rng, log_dir, stats)
        where = f"kill {cycle + 1} (writer seed {seed})"
        pending = None
        for message in messages:
            if "ready" in message:
                stats["starts"] += 1
            elif "begin" in message:
                assert pending is None, where
                pending = message
            else:
                assert pending is not None and pending["begin"] == message["ack"], where
                model = apply(model, pending["effects"], message["ids"])
                pending = None
                stats["acknowledged"] += 1
        with store.open_store(folder) as s:          # must open whatever the kill interrupted
            for table, field in INDEXES:
                s.add_index(table, field)
            report = s.check()
            assert report.ok, f"{where}: {report.problems}"
            actual = state(s)
            for note in s.recovered:
                assert note.startswith("dropped a torn last record"), f"{where}: {note}"
                stats["torn tails dropped"] += 1
        candidates = [("without the operation in flight", model)]
        if pending is not None:
            stats["killed mid-operation"] += 1
            ids = inserted_ids(pending["effects"], actual)
            if ids is not None:
                candidates.append(("with it", apply(model, pending["effects"], ids)))
        matching = [name for name, candidate in candidates if candidate == actual]
        if not matching:
            pytest.fail(f"{where}: the reopened store is not the acknowledged state "
                        f"(in flight: {pending}):\n{difference(model, actual)}")
        if pending is not None and candidates[0][1] != candidates[-1][1]:
            stats["in-flight kept" if matching == ["with it"] else "in-flight absent"] += 1
        check_invariants(actual)
        model = actual
    stats["kills"] = kills
    return stats, model


def crash_run(tmp_path, kills):
    rng = random.Random(os.environ.get("MEIDE_CRASH_SEED", "meide"))
    started = time.monotonic()
    stats, final = crash_cycles(tmp_path / "store", kills, rng, tmp_path)
    print(f"\ncrash run: {dict(stats)}; {sum(map(len, final.values()))} documents at the end; "
          f"{time.monotonic() - started:.1f} s")
    assert stats["kills"] == kills
    assert stats["acknowledged"] > 0          # the writer did work before being killed
    return stats


def test_writer_killed_at_random_moments_loses_no_acknowledged_write(tmp_path):
    crash_run(tmp_path, kills=30)


@pytest.mark.slow
@pytest.mark.parametrize("kills", [int(os.environ.get("MEIDE_CRASH_KILLS", "500"))])
def test_crash_soak(tmp_path, kills):
    stats = crash_run(tmp_path, kills)
    assert stats["killed mid-operation"] > 0


# -- power loss at the file level --------------------------------------------------------------

def build_journal(path):
    """A store whose journal ends in varied records; return [(end offset, state)] per record."""
    states = []
    with store.open_store(path) as s:
        items, stock = s.table("items"), s.table("stock")
        stock_id = stock.insert({"item": "rice", "qty": 100})
        items.insert_multiple({"n": n, "name": f"item {n}"} for n in range(20))
        s.compact()
        journal = journal_file(path)
        states.append((0, state(s)))

        def record(write):
            size = journal.stat().st_size
            write()
            assert journal.stat().st_size > size
            states.append((journal.stat().st_size, state(s)))

        def redeem(rid):
            with s.transaction():
                s.table("orders").insert({"rid": rid})
                stock.update(decrement("qty"), doc_ids=[stock_id])
                s.table("ledger").insert({"rid": rid, "amount": -5})

        def partly_abandoned():
            with s.transaction():
                items.update({"name": "kept"}, q.n == 3)
                try:
                    with s.transaction():
                        items.remove(q.n < 10)
                        raise KeyError
                except KeyError:
                    pass

        record(lambda: items.update({"name": "renamed"}, q.n == 1))
        record(lambda: redeem("r1"))
        record(lambda: items.remove(q.n == 2))
        record(lambda: items.insert({"n": 20, "name": "美德 · credit"}))
        record(partly_abandoned)
        record(lambda: redeem("r2"))
        record(lambda: items.upsert({"n": 21, "name": "upserted"}, q.n == 21))
        record(lambda: s.table("scratch").insert_multiple({"k": k} for k in range(3)))
        record(lambda: s.table("scratch").truncate())
        record(lambda: s.db.drop_table("scratch"))
        record(lambda: items.insert({"n": 22, "name": "last"}))
    assert journal.stat().st_size == states[-1][0]
    return states


def prefix_at(states, offset):
    """The state of the records that lie wholly before offset."""
    return max(((end, st) for end, st in states if end <= offset), key=lambda pair: pair[0])


@pytest.mark.parametrize("tail", ["truncated", "zero-filled"])
def test_cutting_the_journal_at_every_byte_offset_recovers_a_consistent_prefix(tmp_path, tail):
    source = tmp_path / "source"
    states = build_journal(source)
    data = journal_file(source).read_bytes()
    boundaries = {end for end, _ in states}
    folder = tmp_path / "cut"
    folder.mkdir()
    shutil.copyfile(source / "snapshot.json", folder / "snapshot.json")
    journal = folder / journal_file(source).name
    first = states[-9][0]             # the last eight records, every byte offset inside them
    for offset in range(first, len(data) + 1):
        # On power loss the file may keep only a prefix, or its length with unwritten zeros.
        cut = data[:offset] + (b"\0" * (len(data) - offset) if tail == "zero-filled" else b"")
        journal.write_bytes(cut)
        end, expected = prefix_at(states, offset)
        torn = len(cut) != end
        with store.open_store(folder, readonly=True) as reader:
            assert state(reader) == expected, offset
            assert len(reader.recovered) == torn, offset
        with store.open_store(folder) as s:
            assert state(s) == expected, offset
            if torn:
                (note,) = s.recovered
                assert f"at offset {end}) of {journal}" in note, offset
            else:
                assert s.recovered == [], offset
            assert s.check().ok, offset
            assert journal.read_bytes() == data[:end], offset      # the torn tail is cut off
            # New records follow a clean boundary (checked at the boundaries and a sample).
            write_after = offset % 16 == 0 or bool(boundaries & {offset - 1, offset, offset + 1})
            if write_after:
                s.table("after").insert({"offset": offset})
        if not write_after:
            continue
        with store.open_store(folder) as s:
            assert s.recovered == [], offset
            after = state(s)
            assert after.pop("after") == {1: {"offset": offset}}
            assert after == expected, offset
