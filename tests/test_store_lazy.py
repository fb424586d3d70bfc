"""Snapshot documents decoded on first use, and indexes saved in the snapshot: same results."""

import json
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from tinydb import where

import store
from store import records
from store import snapshot
from store.lazy import PendingChunk
from store.snapshot import CHUNK_DOCS, SNAPSHOT_NAME


def pending_keys(s, name):
    return {key for key, doc in s._storage.tables[name].items() if type(doc) is PendingChunk}


def _compacted(path, count):
    with store.open_store(path) as s:
        s.add_index("t", "group")
        s.table("t").insert_multiple({"n": n, "group": n % 7} for n in range(count))
        s.compact()


def test_reopened_store_decodes_only_the_chunks_it_reads(tmp_path):
    path = tmp_path / "s"
    _compacted(path, 3 * CHUNK_DOCS)
    with store.open_store(path) as s:
        table = s.table("t")
        assert len(table) == 3 * CHUNK_DOCS
        assert len(pending_keys(s, "t")) == 3 * CHUNK_DOCS     # nothing decoded by opening
        assert table.get(doc_id=CHUNK_DOCS + 3) == {"n": CHUNK_DOCS + 2, "group": (CHUNK_DOCS + 2) % 7}
        assert len(pending_keys(s, "t")) == 2 * CHUNK_DOCS     # just that document's chunk
        # An indexed query decodes the chunks its matches are in, and nothing is missed.
        assert sorted(d["n"] for d in table.search(where("group") == 3)) == \
            [n for n in range(3 * CHUNK_DOCS) if n % 7 == 3]
        assert table.contains(doc_id=1) and not table.contains(doc_id=3 * CHUNK_DOCS + 1)
        assert [d.doc_id for d in table.get(doc_ids=[9, 2, 4])] == [2, 4, 9]
        assert [d["n"] for d in table.all()] == list(range(3 * CHUNK_DOCS))
        assert pending_keys(s, "t") == set()


def test_the_next_id_after_reopening_follows_the_largest_without_decoding(tmp_path):
    path = tmp_path / "s"
    _compacted(path, CHUNK_DOCS + 10)
    with store.open_store(path) as s:
        s.table("t").remove(doc_ids=[CHUNK_DOCS + 4])
        assert s.table("t").insert({"n": 99}) == CHUNK_DOCS + 11
        assert s.table("t").get(doc_id=CHUNK_DOCS + 4) is None
        assert pending_keys(s, "t") == {str(n) for n in range(1, CHUNK_DOCS + 1)}


def test_saved_indexes_follow_the_journal_written_after_the_snapshot(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        s.add_index("u", "k")
        s.table("u").insert({"k": 1})
    _compacted(path, 50)                                   # t and u in the snapshot
    with store.open_store(path) as s:
        t = s.table("t")
        t.update({"group": 100}, doc_ids=[1, 2])          # values move to another bucket
        t.remove(doc_ids=[8, 15])                          # leave one
        t.insert({"n": 50, "group": 1})                    # joins one
        with pytest.raises(RuntimeError), s.transaction():
            t.update({"group": 200}, doc_ids=[3])
            raise RuntimeError("undone")
        s.table("u").truncate()                            # cleared after the snapshot
        s.table("u").insert({"k": 2})
    with store.open_store(path) as s:
        assert "t" not in s._storage.indexes        # brought up to date when declared
        s.add_index("t", "group")
        assert s._storage.indexes["t"][("group",)].sets() == _fresh(s, "t", "group")
        assert "u" not in s._storage.indexes        # rebuilt when declared, not trusted
        assert s.check().ok
        t = s.table("t")
        assert sorted(d.doc_id for d in t.search(where("group") == 100)) == [1, 2]
        assert sorted(d.doc_id for d in t.search(where("group") == 1)) == \
            [n + 1 for n in range(50) if n % 7 == 1 and n + 1 != 2] + [51]
        assert sorted(d.doc_id for d in t.search(where("group") == 0)) == \
            [n + 1 for n in range(50) if n % 7 == 0 and n + 1 not in (1, 8, 15)]
        assert t.get(doc_id=3)["group"] == 2
        s.add_index("u", "k")
        assert [d["k"] for d in s.table("u").search(where("k") == 2)] == [2]


def _fresh(s, name, field):
    index = store.indexes.FieldIndex((field,))
    index.rebuild(s._storage.docs(name))
    return index.sets()


def test_compaction_writes_undecoded_chunks_back_unchanged(tmp_path):
    path = tmp_path / "s"
    _compacted(path, 2 * CHUNK_DOCS)
    chunk_lines = _lines(path)[1:5]
    with store.open_store(path) as s:
        s.table("t").update({"n": -1}, doc_ids=[2 * CHUNK_DOCS])   # only the last chunk read
        s.compact()
    lines = _lines(path)
    assert lines[1:3] == chunk_lines[0:2]       # the first chunk's keys and documents as read
    assert lines[3:5] != chunk_lines[2:4]
    with store.open_store(path) as s:
        assert s.table("t").get(doc_id=2 * CHUNK_DOCS)["n"] == -1
        assert s.check().ok


def _lines(path):
    return (path / SNAPSHOT_NAME).read_bytes().split(b"\n")


def test_a_version_1_snapshot_still_opens(tmp_path):
    path = tmp_path / "s"
    path.mkdir()
    header = {"format": "meide-store", "version": 1, "generation": 1, "seq": 4, "tables": ["t"]}
    lines = [header, {"table": "t", "docs": {"1": {"n": 1}, "2": {"n": 2}}}, {"end": 1}]
    (path / SNAPSHOT_NAME).write_bytes(b"".join(records.encode_line(json.dumps(line))
                                               for line in lines))
    with store.open_store(path) as s:
        assert [d["n"] for d in s.table("t").all()] == [1, 2]
        s.table("t").insert({"n": 3})
        s.compact()
    with store.open_store(path) as s:
        assert [d["n"] for d in s.table("t").all()] == [1, 2, 3]


def test_saved_indexes_not_yet_declared_are_kept_by_a_compaction(tmp_path):
    path = tmp_path / "s"
    _compacted(path, 20)
    with store.open_store(path) as s:
        s.table("t").insert({"n": 20, "group": 6})      # journal
    with store.open_store(path) as s:
        s.compact()                                     # before anything declares the index
    with store.open_store(path) as s:
        assert "t" not in s._storage.indexes
        s.table("t").insert({"n": 21, "group": 0})      # a write brings it up to date
        assert s._storage.indexes["t"][("group",)].sets() == _fresh(s, "t", "group")
        assert s.check().ok


def test_an_index_on_non_plain_values_is_rebuilt_instead_of_saved(tmp_path):
    path = tmp_path / "s"
    with store.open_store(path) as s:
        s.add_index("t", "tags")
        s.table("t").insert_multiple([{"tags": ["a", "b"]}, {"tags": ["c"]}, {"tags": "a"}])
        s.compact()
    with store.open_store(path) as s:
        assert "t" not in s._storage.indexes
        s.add_index("t", "tags")
        assert [d.doc_id for d in s.table("t").search(where("tags") == ["c"])] == [2]
        assert s.check().ok


# -- the same operations on a store and on plain dicts, with reopening and compaction ---------

KEYS = st.integers(min_value=1, max_value=40)
GROUPS = st.sampled_from(["a", "b", "c", None])


class LazyStoreAgainstDicts(RuleBasedStateMachine):
    """Random writes, rollbacks, compactions and reopenings: the store reads as a dict model."""

    @initialize()
    def open(self):
        # Chunks of 4 documents, so that reads decode some chunks of a table and not others.
        self.chunk_docs, snapshot.CHUNK_DOCS = snapshot.CHUNK_DOCS, 4
        self.path = tempfile.mkdtemp(prefix="lazy-store-")
        self.store = store.open_store(self.path)
        self.model = {}
        self._declare()

    def _declare(self):
        self.store.add_index("t", "g")

    @rule(count=st.integers(1, 30), group=GROUPS)
    def insert(self, count, group):
        ids = self.store.table("t").insert_multiple({"g": group, "n": i} for i in range(count))
        for doc_id, i in zip(ids, range(count)):
            self.model[doc_id] = {"g": group, "n": i}

    @rule(doc_id=KEYS, group=GROUPS)
    def update(self, doc_id, group):
        if doc_id in self.model:
            self.store.table("t").update({"g": group}, doc_ids=[doc_id])
            self.model[doc_id]["g"] = group

    @rule(doc_id=KEYS)
    def remove(self, doc_id):
        if doc_id in self.model:
            self.store.table("t").remove(doc_ids=[doc_id])
            del self.model[doc_id]

    @rule(doc_id=KEYS, group=GROUPS)
    def rolled_back(self, doc_id, group):
        with pytest.raises(KeyError), self.store.transaction():
            self.store.table("t").insert({"g": group, "n": -1})
            if doc_id in self.model:
                self.store.table("t").update({"g": "x"}, doc_ids=[doc_id])
                self.store.table("t").remove(doc_ids=[doc_id])
            raise KeyError("undone")

    @rule()
    def compact(self):
        self.store.compact()

    @rule(declare=st.booleans())
    def reopen(self, declare):
        self.store.close()
        self.store = store.open_store(self.path)
        if declare:
            self._declare()

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def read_one(self, data):
        doc_id = data.draw(st.sampled_from(sorted(self.model)))
        assert self.store.table("t").get(doc_id=doc_id) == self.model[doc_id]

    @invariant()
    def indexed_reads_match(self):
        if not hasattr(self, "store"):
            return
        for group in ("a", "b", "c", None):
            found = {d.doc_id for d in self.store.table("t").search(where("g") == group)}
            assert found == {k for k, doc in self.model.items() if doc["g"] == group}

    def teardown(self):
        if not hasattr(self, "store"):
            return
        try:
            assert {d.doc_id: dict(d) for d in self.store.table("t").all()} == self.model
            assert self.store.check().ok
        finally:
            self.store.close()
            snapshot.CHUNK_DOCS = self.chunk_docs
            shutil.rmtree(self.path)


LazyStoreAgainstDicts.TestCase.settings = settings(
    max_examples=40, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_lazy_store_against_dicts = LazyStoreAgainstDicts.TestCase
