"""The store's durability and concurrency guarantees, one behaviour per test (DESIGN.md §3)."""

import copy
import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import store
import store.backup as backup_module
import store.snapshot as snapshot_module
import store.storage as storage_module
from store import Query, decrement, increment

ROOT = Path(__file__).resolve().parent.parent
q = Query()


class Boom(Exception):
    """Raised inside transactions to make them fail."""


def state(s):
    """Every table of an open store as {name: {doc_id: document}} (a deep copy)."""
    return {name: {doc.doc_id: copy.deepcopy(dict(doc)) for doc in s.table(name)}
            for name in sorted(s.db.tables())}


def reopened_state(path):
    with store.open_store(path) as s:
        assert s.recovered == []
        assert s.check().ok
        return state(s)


def journal_file(path):
    (journal,) = sorted(Path(path).glob("journal-*.log"))
    return journal


def record_offsets(data: bytes):
    """Start offsets of the journal's records (one per line)."""
    offsets, start = [], 0
    while start < len(data):
        offsets.append(start)
        start = data.index(b"\n", start) + 1
    return offsets


def seed_shop(s, qty=10):
    stock = s.table("stock")
    stock_id = stock.insert({"item": "rice", "qty": qty})
    s.table("orders").insert({"rid": "r0", "qty": 1})
    s.table("ledger").insert({"rid": "r0", "amount": -5})
    return stock_id


def redeem(s, stock_id, rid, fail=False):
    with s.transaction():
        s.table("orders").insert({"rid": rid, "qty": 1})
        s.table("stock").update(decrement("qty"), doc_ids=[stock_id])
        s.table("ledger").insert({"rid": rid, "amount": -5})
        s.table("audit").insert({"rid": rid})          # a table that does not exist yet
        if fail:
            raise Boom(rid)


# -- transactions ------------------------------------------------------------------------------

def test_failed_transaction_across_tables_changes_nothing_in_memory_or_after_reopen(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        stock_id = seed_shop(s)
        before = state(s)
        journal_before = journal_file(path).read_bytes()
        with pytest.raises(Boom):
            redeem(s, stock_id, "r1", fail=True)
        assert state(s) == before
        assert "audit" not in s.db.tables()
        assert journal_file(path).read_bytes() == journal_before
        assert s.table("orders").search(q.rid == "r1") == []
        assert s.check().ok
    assert reopened_state(path) == before


def test_committed_transaction_is_one_journal_record_and_survives_reopen(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        stock_id = seed_shop(s)
        records_before = len(record_offsets(journal_file(path).read_bytes()))
        redeem(s, stock_id, "r1")
        after = state(s)
        # One record is what makes the transaction all-or-nothing across a crash.
        assert len(record_offsets(journal_file(path).read_bytes())) == records_before + 1
    assert after["stock"][stock_id]["qty"] == 9
    assert [doc["rid"] for doc in after["orders"].values()] == ["r0", "r1"]
    assert reopened_state(path) == after


def test_nested_transaction_rolls_back_only_the_inner_part_when_its_exception_is_caught(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        t = s.table("t")
        kept = t.insert({"name": "kept", "v": 0})
        with s.transaction():
            outer = t.insert({"name": "outer"})
            t.update({"v": 1}, doc_ids=[kept])
            with pytest.raises(Boom):
                with s.transaction():
                    t.insert({"name": "inner"})
                    t.update({"v": 2}, doc_ids=[kept])
                    t.remove(doc_ids=[outer])
                    s.table("other").insert({"name": "inner"})
                    raise Boom
            assert t.get(doc_id=outer) == {"name": "outer"}
            assert t.get(doc_id=kept)["v"] == 1
            after_inner = t.insert({"name": "after inner"})
        expected = {kept: {"name": "kept", "v": 1}, outer: {"name": "outer"},
                    after_inner: {"name": "after inner"}}
        assert state(s) == {"t": expected}
        assert len({kept, outer, after_inner}) == 3
    assert reopened_state(path) == {"t": expected}


def test_uncaught_exception_in_a_nested_transaction_rolls_back_the_whole_transaction(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        t = s.table("t")
        t.insert({"n": 0})
        before = state(s)
        with pytest.raises(Boom):
            with s.transaction():
                t.insert({"n": 1})
                with s.transaction():
                    t.insert({"n": 2})
                    raise Boom
        assert state(s) == before
        assert t.insert({"n": 3}) == 2      # the rolled-back ids are handed out again
    assert reopened_state(path) == {"t": {1: {"n": 0}, 2: {"n": 3}}}


def test_rollback_puts_removed_documents_back_in_their_places(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        t = s.table("t")
        t.insert_multiple({"n": n, "kind": "x"} for n in range(6))
        order = [doc.doc_id for doc in t]
        with pytest.raises(Boom):
            with s.transaction():
                t.remove(doc_ids=[2])
                with pytest.raises(Boom):
                    with s.transaction():
                        t.remove(doc_ids=[1, 4])
                        t.truncate()
                        raise Boom
                assert [doc.doc_id for doc in t] == [1, 3, 4, 5, 6]
                t.remove(doc_ids=[5])
                t.insert({"n": 9})
                raise Boom
        assert [doc.doc_id for doc in t] == order
        assert t.get(q.kind == "x").doc_id == 1      # the first match, as before and on reopen
    with store.open_store(path) as s:
        assert [doc.doc_id for doc in s.table("t")] == order


def test_reads_inside_a_transaction_see_its_own_writes_and_not_after_rollback(tmp_path):
    with store.open_store(tmp_path / "s") as s:
        s.add_index("people", "city")
        people = s.table("people")
        people.insert({"name": "Li", "city": "Xi'an"})
        assert people.count(q.city == "Hangzhou") == 0     # cached before the transaction
        with pytest.raises(Boom):
            with s.transaction():
                new = people.insert({"name": "Wang", "city": "Hangzhou"})
                assert people.get(doc_id=new) == {"name": "Wang", "city": "Hangzhou"}
                assert people.count(q.city == "Hangzhou") == 1
                assert [d["name"] for d in people.search(q.city == "Hangzhou")] == ["Wang"]
                people.update({"city": "Xi'an"}, q.name == "Wang")
                assert people.count(q.city == "Xi'an") == 2
                assert len(people) == 2
                assert people.contains(q.name == "Wang")
                raise Boom
        assert people.count(q.city == "Hangzhou") == 0
        assert people.count(q.city == "Xi'an") == 1
        assert not people.contains(q.name == "Wang")
        assert len(people) == 1
        assert s.check().ok


def test_transaction_commit_that_cannot_be_written_rolls_back_memory(tmp_path, monkeypatch):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        stock_id = seed_shop(s)
        before = state(s)
        fail_once(monkeypatch, "fdatasync", errno.EIO)
        with pytest.raises(store.StoreError) as info:
            redeem(s, stock_id, "r1")
        assert not isinstance(info.value, store.StoreFailed)
        assert state(s) == before
        redeem(s, stock_id, "r2")
        after = state(s)
    assert reopened_state(path) == after
    assert [doc["rid"] for doc in after["orders"].values()] == ["r0", "r2"]


# -- indexes -----------------------------------------------------------------------------------

PEOPLE = [
    {"name": "Li Wei", "community": "Baita", "phone": "1381", "address": {"building": 3}},
    {"name": "Wang Fang", "community": "Baita", "phone": "2232", "address": {"building": 5}},
    {"name": "Zhang Min", "community": "Dongguan", "phone": "1381", "address": {"building": 3}},
    {"name": "Chen Jie", "community": "Dongguan", "address": {"unit": 2}},
    {"name": "Liu Yang", "community": None, "phone": "5555", "address": "none"},
    {"name": "Zhao Lei", "community": "Baita", "phone": 1381, "address": {"building": 3.0}},
    {"name": "Sun Li", "community": ["Baita", "Dongguan"], "tags": {"a": 1}, "flag": True},
    {"name": "Zhou Xun", "community": "Baita", "flag": 1, "address": {"building": {"x": [1]}}},
]

QUERIES = [
    q.community == "Baita",
    q.community == "Dongguan",
    q.community == "Nowhere",
    q.community == None,  # noqa: E711 (a TinyDB query, not a comparison)
    q.community == ["Baita", "Dongguan"],
    q.phone == "1381",
    q.phone == 1381,
    q.address.building == 3,
    q.address.building == {"x": [1]},
    q.flag == 1,
    q.tags == {"a": 1},
    (q.community == "Baita") & (q.phone == "1381"),
    (q.community == "Baita") & (q.address.building == 3),
    (q.community == "Dongguan") & (q.name.matches("Z.*")),
    (q.address.building == 3) & (q.phone.exists()) & (q.community == "Dongguan"),
    (q.community == "Baita") | (q.phone == "5555"),
    ~(q.community == "Baita"),
]


def assert_indexes_agree_with_scans(s, table="people"):
    t = s.table(table)
    for query in QUERIES:
        scanned = [(doc.doc_id, dict(doc)) for doc in t if query(doc)]
        t.clear_cache()
        assert [(doc.doc_id, dict(doc)) for doc in t.search(query)] == scanned, query
        assert t.count(query) == len(scanned), query
        assert t.contains(query) == bool(scanned), query
        first = t.get(query)
        assert (first.doc_id if first is not None else None) == (
            scanned[0][0] if scanned else None), query
    assert s.check().ok


def add_people_indexes(s):
    for field in ("community", "phone", "address.building", "flag", "tags"):
        s.add_index("people", field)


def test_declared_indexes_give_the_same_results_as_a_scan(tmp_path):
    with store.open_store(tmp_path / "s") as s:
        s.add_index("people", "community")           # declared before any document
        people = s.table("people")
        people.insert_multiple(PEOPLE[:4])
        add_people_indexes(s)                        # and after some
        people.insert_multiple(PEOPLE[4:])
        assert set(s._storage.indexes["people"]) == {
            ("community",), ("phone",), ("address", "building"), ("flag",), ("tags",)}
        assert_indexes_agree_with_scans(s)


def test_indexes_stay_right_after_updates_removes_rollbacks_and_reopen(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        add_people_indexes(s)
        people = s.table("people")
        people.insert_multiple(PEOPLE)
        people.update({"community": "Dongguan"}, q.name == "Li Wei")
        people.update({"address": {"building": 3}}, q.community == "Dongguan")
        people.update(increment("phone"), q.phone == 1381)
        people.remove(q.phone == "2232")
        people.upsert({"name": "Wang Fang", "community": "Baita", "phone": "1381"},
                      q.name == "Wang Fang")
        people.update_multiple([({"flag": 1}, q.community == "Baita"),
                                ({"tags": {"a": 1}}, q.phone == "1381")])
        assert_indexes_agree_with_scans(s)
        with pytest.raises(Boom):
            with s.transaction():
                people.update({"community": "Baita"}, q.community == "Dongguan")
                people.remove(q.flag == 1)
                people.insert({"name": "Ghost", "community": "Baita", "phone": "1381"})
                assert_indexes_agree_with_scans(s)
                raise Boom
        assert_indexes_agree_with_scans(s)
        before = state(s)
        people.truncate()
        assert people.search(q.community == "Baita") == []
        assert_indexes_agree_with_scans(s)
        people.insert_multiple(before["people"][key] for key in sorted(before["people"]))
        expected = state(s)
        assert_indexes_agree_with_scans(s)
    with store.open_store(path) as s:
        add_people_indexes(s)                        # indexes are declared per open
        assert state(s) == expected
        assert_indexes_agree_with_scans(s)
        s.table("people").remove(q.community == "Baita")
        s.compact()
    with store.open_store(path) as s:
        add_people_indexes(s)
        assert s.table("people").search(q.community == "Baita") == []
        assert_indexes_agree_with_scans(s)


def test_indexed_lookups_follow_dropped_tables(tmp_path):
    with store.open_store(tmp_path / "s") as s:
        add_people_indexes(s)
        s.table("people").insert_multiple(PEOPLE)
        s.db.drop_table("people")
        assert s.table("people").search(q.community == "Baita") == []
        s.table("people").insert({"name": "New", "community": "Baita"})
        assert [d["name"] for d in s.table("people").search(q.community == "Baita")] == ["New"]
        assert_indexes_agree_with_scans(s)


# -- read-only opening, the folder lock --------------------------------------------------------

def test_readonly_open_beside_a_writer_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as writer:
        t = writer.table("t")
        t.insert({"n": 1})
        with store.open_store(path, readonly=True) as reader:
            rt = reader.table("t")
            assert rt.all() == [{"n": 1}]
            assert reader.check().ok
            for attempt in (lambda: rt.insert({"n": 2}),
                            lambda: rt.update({"n": 3}),
                            lambda: rt.remove(doc_ids=[1]),
                            lambda: rt.truncate(),
                            lambda: reader.db.drop_table("t"),
                            lambda: reader.transaction().__enter__(),
                            lambda: reader.compact()):
                with pytest.raises(store.StoreReadOnly):
                    attempt()
            assert rt.all() == [{"n": 1}]
            t.insert({"n": 2})                       # the writer goes on beside the reader
        with store.open_store(path, readonly=True) as reader:
            assert reader.table("t").all() == [{"n": 1}, {"n": 2}]
        # Closing the readers did not release the writer's lock.
        with pytest.raises(store.StoreLocked):
            store.open_store(path)
        t.insert({"n": 3})
    assert reopened_state(path) == {"t": {1: {"n": 1}, 2: {"n": 2}, 3: {"n": 3}}}
    assert sorted(p.name for p in path.iterdir()) == ["LOCK", "journal-000000.log"]


def test_readonly_open_of_a_missing_folder_fails_without_creating_it(tmp_path):
    with pytest.raises(store.StoreError):
        store.open_store(tmp_path / "absent", readonly=True)
    assert not (tmp_path / "absent").exists()


CONTENDER = textwrap.dedent("""
    import sys, store
    try:
        store.open_store(sys.argv[1])
    except store.StoreLocked as exc:
        print(exc)
        sys.exit(3)
    print("opened")
""")

HOLDER = textwrap.dedent("""
    import sys, store
    s = store.open_store(sys.argv[1])
    s.table("t").insert({"by": "holder"})
    print("ready", flush=True)
    sys.stdin.read()
    s.close()
""")


def python(code, *args):
    return [sys.executable, "-c", code, *map(str, args)]


def test_second_writing_process_fails_at_once_naming_the_folder_and_the_holder(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        s.table("t").insert({"n": 1})
        result = subprocess.run(python(CONTENDER, path), capture_output=True, text=True,
                                cwd=ROOT, timeout=120)
        assert result.returncode == 3, result.stdout + result.stderr
        assert str(path) in result.stdout
        assert f"pid {os.getpid()} " in result.stdout
        assert s.table("t").all() == [{"n": 1}]     # the refused process changed nothing
    result = subprocess.run(python(CONTENDER, path), capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "opened"), result.stderr


def test_writer_in_another_process_refuses_this_one_until_it_closes(tmp_path):
    path = tmp_path / "s"
    with subprocess.Popen(python(HOLDER, path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT) as holder:
        assert holder.stdout.readline() == "ready\n", holder.stderr.read()
        with pytest.raises(store.StoreLocked) as info:
            store.open_store(path)
        assert str(path) in str(info.value)
        assert f"pid {holder.pid} " in str(info.value)
        with store.open_store(path, readonly=True) as reader:
            assert reader.table("t").all() == [{"by": "holder"}]
        _, err = holder.communicate("")
        assert holder.returncode == 0, err
    assert reopened_state(path) == {"t": {1: {"by": "holder"}}}


def test_lock_left_by_a_killed_process_does_not_block_reopening(tmp_path):
    path = tmp_path / "s"
    with subprocess.Popen(python(HOLDER, path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT) as holder:
        assert holder.stdout.readline() == "ready\n", holder.stderr.read()
        holder.kill()
        holder.communicate()
        assert holder.returncode == -signal.SIGKILL
    assert f"pid {holder.pid} " in (path / "LOCK").read_text()    # the stale file is still there
    with store.open_store(path) as s:
        assert s.table("t").all() == [{"by": "holder"}]
        s.table("t").insert({"by": "restart"})
    assert reopened_state(path) == {"t": {1: {"by": "holder"}, 2: {"by": "restart"}}}


def test_store_refuses_use_after_close(tmp_path):
    s = store.open_store(tmp_path / "s")
    t = s.table("t")
    t.insert({"n": 1})
    s.close()
    s.close()
    for attempt in (lambda: t.insert({"n": 2}), lambda: t.all(), lambda: t.search(q.n == 1),
                    lambda: s.transaction().__enter__(), lambda: s.compact()):
        with pytest.raises(store.StoreClosed):
            attempt()


# -- threads -----------------------------------------------------------------------------------

def test_many_threads_writing_at_once_lose_nothing_and_ids_never_collide(tmp_path):
    path, writers, per_writer = tmp_path / "s", 8, 200
    with store.open_store(path) as s:
        s.add_index("docs", "thread")
        docs, counter = s.table("docs"), s.table("counter")
        counter_id = counter.insert({"in_transactions": 0, "by_operation": 0})
        start = threading.Barrier(writers + 2)
        ids = [[] for _ in range(writers)]
        errors = []
        writing = threading.Event()
        writing.set()

        def write(i):
            try:
                start.wait()
                mine = ids[i]
                for n in range(per_writer):
                    mine.append(docs.insert({"thread": i, "n": n, "hits": 0}))
                    if n % 3 == 0:
                        docs.update(increment("hits"), doc_ids=[mine[n]])
                    if n % 10 == 9:
                        docs.remove(doc_ids=[mine[n]])
                    if n % 10 == 0:
                        with s.transaction():     # read-modify-write, serialised by the store
                            seen = counter.get(doc_id=counter_id)["in_transactions"]
                            counter.update({"in_transactions": seen + 1}, doc_ids=[counter_id])
                    if n % 10 == 5:
                        counter.update(increment("by_operation"), doc_ids=[counter_id])
            except BaseException as exc:    # reported below, in the test's thread
                errors.append(exc)

        def read():
            try:
                start.wait()
                while writing.is_set():
                    for i in range(writers):
                        found = docs.search(q.thread == i)
                        assert all(doc["thread"] == i for doc in found)
                    assert all(set(doc) == {"thread", "n", "hits"} for doc in docs.all())
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
        readers = [threading.Thread(target=read) for _ in range(2)]
        for thread in threads + readers:
            thread.start()
        for thread in threads:
            thread.join()
        writing.clear()
        for thread in readers:
            thread.join()
        assert errors == []

        every_id = [doc_id for mine in ids for doc_id in mine]
        assert len(set(every_id)) == writers * per_writer
        expected = {ids[i][n]: {"thread": i, "n": n, "hits": 1 if n % 3 == 0 else 0}
                    for i in range(writers) for n in range(per_writer) if n % 10 != 9}
        assert state(s)["docs"] == expected
        assert counter.get(doc_id=counter_id) == {"in_transactions": writers * per_writer // 10,
                                                  "by_operation": writers * per_writer // 10}
        for i in range(writers):
            assert [doc.doc_id for doc in docs.search(q.thread == i)] == [
                doc_id for doc_id, doc in expected.items() if doc["thread"] == i]
        assert s.check().ok
        final = state(s)
    assert reopened_state(path) == final


# -- damage and recovery -----------------------------------------------------------------------

def write_five_records(path):
    with store.open_store(path) as s:
        t = s.table("t")
        for n in range(5):
            t.insert({"n": n, "text": "abcdefghij"})
        return state(s)


def test_damaged_record_mid_journal_raises_store_corrupt_naming_file_and_offset(tmp_path):
    path = tmp_path / "s"
    write_five_records(path)
    journal = journal_file(path)
    data = bytearray(journal.read_bytes())
    offsets = record_offsets(bytes(data))
    assert len(offsets) == 5
    damaged = offsets[2]
    flip = data.index(b"abcdefghij", damaged) + 4
    data[flip] ^= 0x01
    journal.write_bytes(bytes(data))
    for readonly in (False, False, True):            # twice: a failed open releases the lock
        with pytest.raises(store.StoreCorrupt) as info:
            store.open_store(path, readonly=readonly)
        assert (info.value.path, info.value.offset) == (str(journal), damaged)
        assert str(journal) in str(info.value)
        assert f"offset {damaged}" in str(info.value)
    assert journal.read_bytes() == bytes(data)        # refusing to open changed nothing


def test_damaged_snapshot_raises_store_corrupt_naming_it(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        s.table("t").insert_multiple({"n": n, "text": "abcdefghij"} for n in range(5))
        s.compact()
    snapshot = path / "snapshot.json"
    data = bytearray(snapshot.read_bytes())
    damaged = data.index(b"abcdefghij") + 2
    line = data.rindex(b"\n", 0, damaged) + 1           # the line holding the documents
    data[damaged] ^= 0x01
    snapshot.write_bytes(bytes(data))
    with pytest.raises(store.StoreCorrupt) as info:
        store.open_store(path)
    assert (info.value.path, info.value.offset) == (str(snapshot), line)
    assert f"{snapshot} is damaged at byte offset {line}" in str(info.value)


def test_torn_last_record_is_dropped_and_reported(tmp_path):
    path = tmp_path / "s"
    write_five_records(path)
    journal = journal_file(path)
    data = journal.read_bytes()
    last = record_offsets(data)[-1]
    journal.write_bytes(data[:last + (len(data) - last) // 2])
    with store.open_store(path) as s:
        (note,) = s.recovered
        assert str(journal) in note and f"offset {last}" in note
        assert [doc["n"] for doc in s.table("t")] == [0, 1, 2, 3]
        assert journal.read_bytes() == data[:last]   # cut back to the last whole record
        s.table("t").insert({"n": 5})
        expected = state(s)
    assert reopened_state(path) == expected
    assert [doc["n"] for doc in expected["t"].values()] == [0, 1, 2, 3, 5]


def test_compaction_then_reopen_keeps_everything(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        stock_id = seed_shop(s)
        s.table("t").insert_multiple({"n": n} for n in range(50))
        s.compact()
        assert sorted(p.name for p in path.iterdir()) == [
            "LOCK", "journal-000001.log", "snapshot.json"]
        s.table("t").remove(q.n < 10)
        s.table("t").update({"big": "x" * 1000}, q.n == 20)
        redeem(s, stock_id, "r1")
        s.db.drop_table("ledger")
        s.compact()
        s.table("t").insert({"n": "after"})
        expected = state(s)
        assert s.check().ok
    assert sorted(p.name for p in path.iterdir()) == ["LOCK", "journal-000002.log",
                                                      "snapshot.json"]
    assert reopened_state(path) == expected
    assert "ledger" not in expected and len(expected["t"]) == 41


def test_journal_is_compacted_by_itself_as_it_grows(tmp_path, monkeypatch):
    monkeypatch.setattr(storage_module, "COMPACT_MIN_BYTES", 4096)
    path = tmp_path / "s"
    with store.open_store(path) as s:
        for n in range(300):
            s.table("t").insert({"n": n, "pad": "p" * 50})
            if n % 7 == 0:
                s.table("t").remove(doc_ids=[n // 2 + 1])
        assert s._storage.generation > 1
        assert journal_file(path).stat().st_size <= max(
            4096, (path / "snapshot.json").stat().st_size) + 200
        expected = state(s)
    assert reopened_state(path) == expected


def test_compaction_failing_before_the_snapshot_is_replaced_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        s.table("t").insert({"n": 1})
        fail_once(monkeypatch, "replace", errno.ENOSPC)
        with pytest.raises(store.StoreError) as info:
            s.compact()
        assert not isinstance(info.value, store.StoreFailed)
        assert sorted(p.name for p in path.iterdir()) == ["LOCK", "journal-000000.log"]
        s.table("t").insert({"n": 2})
        s.compact()
        s.table("t").insert({"n": 3})
    assert reopened_state(path) == {"t": {1: {"n": 1}, 2: {"n": 2}, 3: {"n": 3}}}


def test_compaction_failing_after_the_snapshot_is_replaced_refuses_further_writes(
        tmp_path, monkeypatch):
    # The renamed snapshot may or may not survive a power loss, so neither journal can take
    # writes: losing later acknowledged writes would be the alternative.
    path = tmp_path / "s"
    with store.open_store(path) as s:
        s.table("t").insert({"n": 1})
        fail_once(monkeypatch, "fsync_folder", errno.EIO, module=snapshot_module)
        with pytest.raises(store.StoreFailed):
            s.compact()
        with pytest.raises(store.StoreFailed):
            s.table("t").insert({"n": 2})
        assert s.table("t").all() == [{"n": 1}]
    assert reopened_state(path) == {"t": {1: {"n": 1}}}
    with store.open_store(path) as s:
        s.table("t").insert({"n": 2})
    assert reopened_state(path) == {"t": {1: {"n": 1}, 2: {"n": 2}}}


# -- check -------------------------------------------------------------------------------------

def test_check_reports_ok_with_table_sizes(tmp_path):
    with store.open_store(tmp_path / "s") as s:
        seed_shop(s)
        s.add_index("ledger", "rid")
        s.table("t").insert_multiple({"n": n} for n in range(7))
        report = s.check()
        assert report.ok and report.problems == []
        assert report.tables == {"stock": 1, "orders": 1, "ledger": 1, "t": 7}


def test_check_reports_an_index_that_was_tampered_with(tmp_path):
    with store.open_store(tmp_path / "s") as s:
        s.add_index("people", "address.building")
        s.table("people").insert_multiple(PEOPLE)
        assert s.check().ok
        index = s._storage.indexes["people"][("address", "building")]
        index.buckets[3].pop(next(iter(index.buckets[3])))
        report = s.check()
        assert not report.ok
        assert report.problems == ["index people.address.building is out of date"]


def test_check_reports_memory_that_differs_from_the_files(tmp_path):
    with store.open_store(tmp_path / "s") as s:
        s.table("t").insert({"n": 1})
        s._storage.tables["t"]["1"] = {"n": 2}
        report = s.check()
        assert report.problems == ["the files differ from memory in tables ['t']"]


def test_check_reports_a_journal_damaged_while_open(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        s.table("t").insert_multiple({"n": n, "text": "abcdefghij"} for n in range(3))
        s.table("t").insert({"n": 3})
        journal = journal_file(path)
        data = bytearray(journal.read_bytes())
        data[data.index(b"abcdefghij") + 1] ^= 0x01
        journal.write_bytes(bytes(data))
        (problem,) = s.check().problems
        assert f"{journal} is damaged at byte offset 0" in problem


# -- backup and restore ------------------------------------------------------------------------

def test_backup_taken_while_another_thread_writes_restores_and_checks_clean(tmp_path, monkeypatch):
    path, copy_to, initial = tmp_path / "s", tmp_path / "backup", 1000
    progress = threading.Condition()
    done = {"n": 0, "compact": False, "stop": False}
    errors = []
    with store.open_store(path) as s:
        stock_id = s.table("stock").insert({"qty": initial})
        s.compact()                         # so the backup copies a snapshot and a journal

        def write():
            try:
                n = 0
                while True:
                    with progress:
                        if done["stop"] or n >= initial:
                            return
                        compact, done["compact"] = done["compact"], False
                    if compact:
                        s.compact()         # replaces the snapshot the backup is copying
                    with s.transaction():
                        s.table("orders").insert({"n": n})
                        s.table("stock").update(decrement("qty"), doc_ids=[stock_id])
                        s.table("ledger").insert({"n": n})
                    n += 1
                    with progress:
                        done["n"] = n
                        progress.notify_all()
            except BaseException as exc:
                errors.append(exc)
                with progress:
                    done["stop"] = True
                    progress.notify_all()

        real_copy, copying = backup_module._copy, {}

        def copy_while_writing(handle, target, length):
            # Called after the backup released the store's lock: let writes and a compaction
            # happen between taking the cut and copying the files.
            if not copying:
                with progress:
                    copying["at"] = done["n"]
                    done["compact"] = True
                    assert progress.wait_for(
                        lambda: done["n"] >= copying["at"] + 20 or done["stop"], timeout=120)
            return real_copy(handle, target, length)

        monkeypatch.setattr(backup_module, "_copy", copy_while_writing)
        writer = threading.Thread(target=write)
        writer.start()
        with progress:
            assert progress.wait_for(lambda: done["n"] >= 30 or done["stop"], timeout=120)
            before_backup = done["n"]
        manifest = s.backup(copy_to)
        with progress:
            done["stop"] = True
        writer.join()
        assert errors == []
        assert set(manifest["files"]) == {"snapshot.json", "journal-000001.log"}
        assert done["n"] >= copying["at"] + 20     # the writes really overlapped the copy
        assert s.check().ok
    assert store.verify_backup(copy_to) == manifest
    restored = tmp_path / "restored"
    assert store.restore(copy_to, restored) is None
    with store.open_store(restored) as r:
        assert r.check().ok and r.recovered == []
        orders = [doc["n"] for doc in r.table("orders")]
        taken = len(orders)
        # A consistent cut: a prefix of the writes, no transaction split, nothing after the cut.
        assert before_backup <= taken <= copying["at"]
        assert orders == list(range(taken))
        assert [doc["n"] for doc in r.table("ledger")] == list(range(taken))
        assert r.table("stock").get(doc_id=stock_id)["qty"] == initial - taken
        r.table("orders").insert({"n": "restored store takes writes"})


def test_backup_from_a_readonly_open_beside_the_writer_restores_and_checks_clean(tmp_path):
    path, copy_to, restored = tmp_path / "s", tmp_path / "backup", tmp_path / "restored"
    with store.open_store(path) as writer:
        writer.table("t").insert_multiple({"n": n} for n in range(5))
        writer.compact()
        writer.table("t").insert({"n": 5})
        with store.open_store(path, readonly=True) as reader:
            seen = state(reader)
            reader.backup(copy_to)
        writer.table("t").insert({"n": 6})
    store.restore(copy_to, restored)
    with store.open_store(restored) as r:
        assert r.check().ok
        # The copy holds at least what the reader saw (the writer may have gone on since).
        docs = state(r)["t"]
        assert {key: docs[key] for key in seen["t"]} == seen["t"]
        assert [doc["n"] for doc in docs.values()] == list(range(len(docs)))


def test_restore_over_an_existing_folder_keeps_the_old_one_aside(tmp_path):
    path, copy_to = tmp_path / "s", tmp_path / "backup"
    with store.open_store(path) as s:
        s.table("t").insert({"n": 1})
        s.backup(copy_to)
        s.table("t").insert({"n": 2})
        later = state(s)
        with pytest.raises(store.StoreLocked):        # not while a writer has it open
            store.restore(copy_to, path)
    first_aside = store.restore(copy_to, path)
    assert first_aside.parent == path.parent and first_aside.name.startswith("s.before-restore-")
    assert reopened_state(first_aside) == later
    assert reopened_state(path) == {"t": {1: {"n": 1}}}
    second_aside = store.restore(copy_to, path)       # again at once: another name
    assert second_aside != first_aside
    assert reopened_state(second_aside) == {"t": {1: {"n": 1}}}
    assert reopened_state(first_aside) == later
    assert reopened_state(path) == {"t": {1: {"n": 1}}}


def test_backup_refuses_a_used_folder_and_a_damaged_backup_fails_verification(tmp_path):
    path, copy_to = tmp_path / "s", tmp_path / "backup"
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "file").write_text("x")
    with store.open_store(path) as s:
        s.table("t").insert({"n": 1})
        with pytest.raises(store.StoreError):
            s.backup(tmp_path / "used")
        s.backup(copy_to)
    journal = journal_file(copy_to)
    journal.write_bytes(journal.read_bytes().replace(b'"n":1', b'"n":7'))
    with pytest.raises(store.StoreError, match="checksum"):
        store.verify_backup(copy_to)
    with pytest.raises(store.StoreError):
        store.restore(copy_to, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


# -- injected write failures -------------------------------------------------------------------

def fail_once(monkeypatch, name, code, module=os, partial=False):
    """Make module.name raise OSError(code) on its next call only; partial: after half a pwrite."""
    real = getattr(module, name)
    calls = {"n": 0}

    def faulty(*args):
        calls["n"] += 1
        if calls["n"] == 1 and partial:
            fd, data, offset = args
            return real(fd, bytes(data[:len(data) // 2]), offset)
        if calls["n"] == (2 if partial else 1):
            raise OSError(code, os.strerror(code))
        return real(*args)

    monkeypatch.setattr(module, name, faulty)
    return calls


FAULTS = {
    "pwrite ENOSPC": dict(name="pwrite", code=errno.ENOSPC),
    "half a pwrite, then ENOSPC": dict(name="pwrite", code=errno.ENOSPC, partial=True),
    "fdatasync EIO": dict(name="fdatasync", code=errno.EIO),
}

WRITES = {
    "insert": lambda s: s.table("t").insert({"n": "failed"}),
    "update": lambda s: s.table("t").update({"n": "failed"}, q.n == 1),
    "remove": lambda s: s.table("t").remove(q.n == 1),
    "transaction": lambda s: redeem(s, 1, "failed"),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("write", WRITES)
def test_failed_write_raises_changes_nothing_and_later_writes_survive(
        tmp_path, monkeypatch, fault, write):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        seed_shop(s)
        s.add_index("t", "n")
        s.table("t").insert_multiple({"n": n} for n in range(3))
        before = state(s)
        journal = journal_file(path)
        journal_before = journal.read_bytes()
        calls = fail_once(monkeypatch, **FAULTS[fault])
        with pytest.raises(store.StoreError) as info:
            WRITES[write](s)
        assert type(info.value) is store.StoreError
        assert "was not saved" in str(info.value)
        assert calls["n"] >= 1
        monkeypatch.undo()
        assert state(s) == before
        assert s.table("t").count(q.n == 1) == 1
        assert journal.read_bytes() == journal_before      # the partial record was cut back
        assert s.check().ok
        WRITES[write](s)
        s.table("t").insert({"n": "later"})
        expected = state(s)
    assert expected != before
    assert reopened_state(path) == expected


def test_failed_cut_back_makes_the_store_refuse_writes_until_reopened(tmp_path, monkeypatch):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        t = s.table("t")
        t.insert({"n": 1})
        before = state(s)
        fail_once(monkeypatch, "pwrite", errno.ENOSPC, partial=True)
        fail_once(monkeypatch, "ftruncate", errno.EIO)
        with pytest.raises(store.StoreFailed, match="accepts no more writes"):
            t.insert({"n": 2})
        monkeypatch.undo()
        assert state(s) == before
        for attempt in (lambda: t.insert({"n": 3}), lambda: t.update({"n": 4}),
                        lambda: s.transaction().__enter__(), lambda: s.compact()):
            with pytest.raises(store.StoreFailed):
                attempt()
        assert t.all() == [{"n": 1}]                 # reads still work
    with store.open_store(path) as s:
        (note,) = s.recovered                        # the half record left behind is dropped
        assert "torn last record" in note
        assert state(s) == before
        s.table("t").insert({"n": 5})
    assert reopened_state(path) == {"t": {1: {"n": 1}, 2: {"n": 5}}}


def test_data_files_and_backups_are_readable_by_their_owner_only(tmp_path):
    with store.open_store(tmp_path / "s") as s:
        s.table("t").insert({"id_number": "110101199003077777"})
        s.compact()
        s.table("t").insert({"phone": "13800138000"})
        s.backup(tmp_path / "b")
    store.restore(tmp_path / "b", tmp_path / "r")
    for folder in ("s", "b", "r"):
        for path in (tmp_path / folder).iterdir():
            if path.name != "BACKUP.json":
                assert path.stat().st_mode & 0o077 == 0, path
