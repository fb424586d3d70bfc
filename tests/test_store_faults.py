"""Fault injection at every write, fsync, rename and open-for-write the store makes (ENOSPC, EIO).

A scripted workload (open, single writes, a cross-table transaction, automatic and explicit
compaction, a backup, reopening over a torn record, a restore) runs once per injection point: the
k-th counted OS call fails, for k = 1, 2, ... until the workload makes fewer than k calls. For
each point the failing call must raise the store's own error naming the problem, the same open
store must either work again or refuse writes saying it needs reopening, and the reopened store
must hold exactly the acknowledged writes, check clean and take writes again.
"""

import errno
import os
import pathlib
import shutil
import sys
from dataclasses import dataclass, field

import pytest

import store
import store.backup as backup_module
import store.folder_lock as folder_lock_module
import store.journal as journal_module
import store.snapshot as snapshot_module
import store.storage as storage_module
from store import decrement

# The os functions through which the store changes files or makes them durable. os.open counts
# as a write point whatever its flags: fsync_folder opens the folder to fsync it.
OS_POINTS = ("open", "write", "pwrite", "fsync", "fdatasync", "ftruncate", "replace", "rename",
             "unlink")
STORE_MODULES = (journal_module, snapshot_module, storage_module, backup_module,
                 folder_lock_module)

# Sites the workload must reach, so that a refactoring that moves a write out of sight of the
# injector fails here instead of silently shrinking the test.
REQUIRED_SITES = {
    "store.folder_lock.acquire:open", "store.folder_lock.acquire:ftruncate",
    "store.folder_lock.acquire:pwrite",
    "store.journal.__init__:open", "store.journal.__init__:ftruncate",
    "store.journal.__init__:fsync", "store.journal.fsync_folder:open",
    "store.journal.fsync_folder:fsync", "store.journal.append:pwrite",
    "store.journal.append:fdatasync",
    "store.snapshot.write_snapshot:open(w)", "store.snapshot.write_snapshot:file.write",
    "store.snapshot.write_snapshot:file.flush", "store.snapshot.write_snapshot:fsync",
    "store.snapshot.write_snapshot:replace",
    "store.storage.compact:unlink", "store.storage._open:Path.mkdir",
    "store.storage._load:Path.unlink",
    "store.backup._copy:open(w)", "store.backup._copy:file.write", "store.backup._copy:fsync",
    "store.backup._write_json:open(w)", "store.backup._write_json:file.write",
    "store.backup._write_json:fsync", "store.backup._backup_into:Path.mkdir",
    "store.backup._swap_in:rename", "store.backup.restore:Path.mkdir",
    "store.backup.restore:copyfile", "store.backup.restore:fsync",
}


class Injector:
    """Counts the store's write points and fails the fail_at-th one with OSError(code)."""

    def __init__(self, root, fail_at, code):
        self.root, self.fail_at, self.code = str(root), fail_at, code
        self.calls = 0
        self.active = True
        self.fired = None           # the site that failed
        self.sites = set()

    def call(self, site, real, *args, **kwargs):
        if site.endswith(("fsync", "fdatasync")):
            # Each sync still counts and can fail; skipping the real one keeps ~100 workload
            # runs fast. Durability itself is test_store_crash.py's business.
            real = _no_sync
        if not self.active:
            return real(*args, **kwargs)
        self.calls += 1
        self.sites.add(site)
        if self.calls != self.fail_at:
            return real(*args, **kwargs)
        self.fired = site
        if site.endswith((":pwrite", ":file.write")):
            # A full disk usually takes part of the data first: leave half of it behind.
            data = args[1] if site.endswith(":pwrite") else args[0]
            half = data[:len(data) // 2] if isinstance(data, str) else bytes(data[:len(data) // 2])
            if half:
                real(args[0], half, *args[2:]) if site.endswith(":pwrite") else real(half)
        raise OSError(self.code, os.strerror(self.code))


def _no_sync(fd):
    os.fstat(fd)        # a closed or wrong descriptor still fails, as a real fsync would


def _site(frame, name):
    return f"{frame.f_globals['__name__']}.{frame.f_code.co_name}:{name}"


class FaultyOS:
    """Stands in for the os module inside one store module."""

    def __init__(self, injector):
        self._injector = injector

    def __getattr__(self, name):
        real = getattr(os, name)
        if name not in OS_POINTS:
            return real
        injector = self._injector

        def faulty(*args, **kwargs):
            return injector.call(_site(sys._getframe(1), name), real, *args, **kwargs)
        return faulty


class FaultyFile:
    """A file opened for writing whose write and flush calls are injection points."""

    def __init__(self, injector, handle, where):
        self._injector, self._handle, self._where = injector, handle, where

    def write(self, data):
        return self._injector.call(f"{self._where}:file.write", self._handle.write, data)

    def flush(self):
        return self._injector.call(f"{self._where}:file.flush", self._handle.flush)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()


def install(monkeypatch, injector):
    """Route every write point of the store through injector (reads stay untouched)."""
    faulty_os = FaultyOS(injector)
    for module in STORE_MODULES:
        monkeypatch.setattr(module, "os", faulty_os)

    def faulty_open(path, mode="r", *args, **kwargs):
        where = _site(sys._getframe(1), "")[:-1]
        if not any(flag in mode for flag in "wax+"):
            return open(path, mode, *args, **kwargs)
        handle = injector.call(f"{where}:open(w)", open, path, mode, *args, **kwargs)
        return FaultyFile(injector, handle, where)

    for module in (snapshot_module, backup_module):
        monkeypatch.setattr(module, "open", faulty_open, raising=False)

    class FaultyShutil:
        def __getattr__(self, name):
            real = getattr(shutil, name)
            if name != "copyfile":
                return real
            return lambda *a, **k: injector.call(_site(sys._getframe(1), name), real, *a, **k)

    monkeypatch.setattr(backup_module, "shutil", FaultyShutil())

    for name in ("unlink", "mkdir", "rename", "replace", "write_bytes", "write_text", "touch"):
        real = getattr(pathlib.Path, name)

        def faulty(self, *args, _real=real, _name=name, **kwargs):
            if not str(self).startswith(injector.root):
                return _real(self, *args, **kwargs)
            return injector.call(_site(sys._getframe(1), f"Path.{_name}"), _real, self,
                                 *args, **kwargs)
        monkeypatch.setattr(pathlib.Path, name, faulty)


# -- the workload and its model of acknowledged writes ------------------------------------------

@dataclass
class Run:
    root: pathlib.Path
    s: object = None
    model: dict = field(default_factory=dict)       # {table: {doc_id: document}} acknowledged
    backups: list = field(default_factory=list)     # (folder, model when the backup started)
    generation: int = 0                             # the highest compaction generation seen
    restoring: object = None                        # the backup's model while restoring over
    restored: object = None                         # what root/restored holds once restored

    @property
    def path(self):
        return self.root / "s"


def acknowledge(run, table, doc_id, doc):
    if doc is None:
        run.model.get(table, {}).pop(doc_id, None)
    else:
        run.model.setdefault(table, {})[doc_id] = doc


def insert(n):
    def step(run):
        doc = {"n": n, "pad": "x" * 40}
        acknowledge(run, "t", run.s.table("t").insert(doc), doc)
    return step


def update(doc_id):
    def step(run):
        run.s.table("t").update({"n": -doc_id}, doc_ids=[doc_id])
        acknowledge(run, "t", doc_id, dict(run.model["t"][doc_id], n=-doc_id))
    return step


def remove(doc_id):
    def step(run):
        run.s.table("t").remove(doc_ids=[doc_id])
        acknowledge(run, "t", doc_id, None)
    return step


def redemption(rid):
    def step(run):
        with run.s.transaction():
            order_id = run.s.table("orders").insert({"rid": rid})
            run.s.table("stock").update(decrement("qty"), doc_ids=[1])
            entry_id = run.s.table("ledger").insert({"rid": rid, "points": -5})
        acknowledge(run, "orders", order_id, {"rid": rid})
        acknowledge(run, "stock", 1, {"qty": run.model["stock"][1]["qty"] - 1})
        acknowledge(run, "ledger", entry_id, {"rid": rid, "points": -5})
    return step


def seed_stock(run):
    acknowledge(run, "stock", run.s.table("stock").insert({"qty": 100}), {"qty": 100})


def open_it(run):
    run.s = store.open_store(run.path)


def close_it(run):
    s, run.s = run.s, None
    run.generation = max(run.generation, s._storage.generation)
    s.close()


def compact(run):
    run.s.compact()


def backup(run):
    dest = run.root / f"backup-{len(run.backups)}"
    taken = snapshot_of(run.model)
    run.s.backup(dest)
    run.backups.append((dest, taken))


def tear_the_journal(run):
    # A crash mid-append left part of a record behind: reopening must cut it off.
    journal = max(run.path.glob("journal-*.log"))     # an older one may await deletion
    with open(journal, "ab") as out:
        out.write(b'0badc0de {"seq":99,"op')


def restore_to_a_new_folder(run):
    dest, expected = run.backups[-1]
    store.restore(dest, run.root / "restored")
    run.restored = expected


def restore_over_the_store(run):
    dest, expected = run.backups[-1]
    run.restoring = snapshot_of(expected)
    store.restore(dest, run.path)
    run.model, run.restoring = run.restoring, None


WORKLOAD = [
    ("open a new folder", open_it),
    ("seed", seed_stock),
    *[(f"insert {n}", insert(n)) for n in range(4)],
    ("update", update(1)),
    ("remove", remove(2)),
    ("redemption", redemption("r1")),
    ("explicit compaction", compact),
    *[(f"insert {n} (compacts by itself)", insert(n)) for n in range(4, 10)],
    ("redemption after compaction", redemption("r2")),
    ("backup", backup),
    ("close", close_it),
    ("tear the journal", tear_the_journal),
    ("reopen over a torn record", open_it),
    ("insert after reopening", insert(10)),
    ("close again", close_it),
    ("restore the backup to a new folder", restore_to_a_new_folder),
    ("restore the backup over the store", restore_over_the_store),
]


def snapshot_of(model):
    return {name: {key: dict(doc) for key, doc in docs.items()}
            for name, docs in model.items() if docs}


def contents(s):
    return snapshot_of({name: {doc.doc_id: dict(doc) for doc in s.table(name)}
                        for name in s.db.tables()})


def run_workload(tmp_path, monkeypatch, fail_at, code):
    """Run the workload with the fail_at-th write point failing; return (injector, run, outcome)."""
    monkeypatch.setattr(storage_module, "COMPACT_MIN_BYTES", 300)
    root = tmp_path / f"k{fail_at}"
    root.mkdir()
    run = Run(root)
    injector = Injector(root, fail_at, code)
    with monkeypatch.context() as patch:
        install(patch, injector)
        failure = None
        for name, step in WORKLOAD:
            try:
                step(run)
            except Exception as exc:        # judged below, with the injector switched off
                failure = (name, exc)
                break
        injector.active = False
    return injector, run, failure


def check_outcome(injector, run, failure, code):
    where = f"fault at {injector.fired} ({errno.errorcode[code]})"
    if failure is not None:
        name, exc = failure
        assert injector.fired is not None, f"{name} failed with no fault injected: {exc!r}"
        assert isinstance(exc, store.StoreError), f"{where}: {name} raised {exc!r}"
        assert os.strerror(code) in str(exc), f"{where}: message does not name the problem: {exc}"
    if run.s is not None:
        # The fault has cleared: the same store works again or refuses, saying to reopen it.
        try:
            probe = {"n": "after the fault"}
            acknowledge(run, "t", run.s.table("t").insert(probe), probe)
        except store.StoreFailed as exc:
            assert "reopen" in str(exc), f"{where}: {exc}"
            assert failure is not None and isinstance(failure[1], store.StoreFailed), where
        run.s.close()
        run.s = None
    with store.open_store(run.path) as s:
        # A failed restore is all or nothing: the old store, or the whole backup if only the
        # final sync of the swap failed (the error says which).
        allowed = [snapshot_of(run.model)] + ([run.restoring] if run.restoring else [])
        assert contents(s) in allowed, where
        assert s.check().ok, f"{where}: {s.check().problems}"
        s.table("t").insert({"n": "reopened"})
        assert s.check().ok, where
    for dest, taken in run.backups:
        # A backup that reported success restores to exactly what was acknowledged before it.
        target = dest.with_name(dest.name + "-check")
        store.restore(dest, target)
        with store.open_store(target) as s:
            assert contents(s) == taken and s.check().ok, where
    restored = run.root / "restored"
    if run.restored is None and failure and failure[0] == "restore the backup to a new folder":
        # A failed restore leaves no half-copied store behind to be opened by mistake.
        if "was restored" in str(failure[1]):
            run.restored = run.backups[-1][1]
        else:
            assert not restored.exists(), f"{where}: {sorted(p.name for p in restored.iterdir())}"
    if run.restored is not None:
        with store.open_store(restored) as s:
            assert contents(s) == run.restored and s.check().ok, where


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_every_write_point_failing_loses_nothing_acknowledged_and_recovers(
        tmp_path, monkeypatch, code):
    injector, run, failure = run_workload(tmp_path, monkeypatch, 0, code)   # nothing fails
    assert failure is None and injector.fired is None
    check_outcome(injector, run, failure, code)
    points, sites = injector.calls, injector.sites
    assert REQUIRED_SITES <= sites, sorted(REQUIRED_SITES - sites)
    assert run.generation >= 3      # the explicit compaction and at least two by itself
    print(f"{points} write points at {len(sites)} sites")
    fired = set()
    for fail_at in range(1, points + 1):
        injector, run, failure = run_workload(tmp_path, monkeypatch, fail_at, code)
        assert injector.fired is not None
        fired.add(injector.fired)
        check_outcome(injector, run, failure, code)
    assert fired == sites


def test_a_value_a_snapshot_could_not_hold_is_refused_before_it_is_journaled(tmp_path):
    # Found by tests/test_fuzz_forms.py: an integer beyond 64 bits was journaled, after which
    # every compaction failed with a TypeError escaping from acknowledged writes.
    with store.open_store(tmp_path / "s") as s:
        for value in (2**64, -(2**63) - 1, float("nan")):
            with pytest.raises(ValueError):
                s.table("t").insert({"n": value})
        s.table("t").insert({"n": 2**63 - 1})
        s.compact()
        assert s.check().ok and s.table("t").all() == [{"n": 2**63 - 1}]
