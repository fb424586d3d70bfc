"""JournalStorage: TinyDB's documents kept in memory, each change journaled and fsynced first."""

import json
import os
import threading
from contextlib import contextmanager, suppress
from pathlib import Path

from tinydb.storages import Storage

from . import records
from .aside import keep_aside
from .bulk import paused_gc
from .errors import StoreClosed, StoreCorrupt, StoreError, StoreFailed, StoreReadOnly
from .folder_lock import FolderLock
from .indexes import FieldIndex, field_path
from .lazy import document
from .replay import catch_up, decode_table, read_snapshot_generation, replay_folder, saved_indexes
from .journal import Journal, fsync_folder, journal_path
from .snapshot import SNAPSHOT_NAME, write_snapshot
from .undo import ORDER as _ORDER, undo_changes

# Compact (snapshot + fresh journal) once the journal outgrows both this and half the last
# snapshot: replaying a journal record costs several times loading a snapshot document, so this
# keeps opening within about twice the snapshot's load time, while compaction's cost (writing the
# snapshot) stays proportional to the data written since.
COMPACT_MIN_BYTES = 64 * 1024 * 1024


class _Transaction:
    def __init__(self):
        self.parts = []     # serialized ops, written as one journal record at commit
        self.undo = []      # how to restore memory if the transaction fails
        self.tables = set()
        self.ordered = set()    # tables whose order is in undo (a re-added document goes last)


class JournalStorage(Storage):
    """A TinyDB storage whose state lives in memory and whose durability is a journal.

    TinyDB's stock storages rewrite the whole file per write; this one appends one record per
    commit, so a durable write costs one fdatasync whatever the table size. Tables written through
    JournalTable never go through read()/write(); those serve TinyDB's database-level calls.
    """

    def __init__(self, folder, readonly=False):
        self.folder = Path(folder)
        self.readonly = readonly
        self.lock = threading.RLock()
        self.tables: dict = {}
        self.indexes: dict = {}
        self.lazy: set = set()      # tables that may still hold undecoded snapshot documents
        # Indexes the snapshot saved, brought up to date with the journal (_replayed) when the
        # app declares them or first writes their table, as before they were saved.
        self._saved_indexes, self._replayed = {}, None
        self.recovered: list = []
        self.on_rollback = None
        self._txn = None
        self._failed = None
        self._closed = False
        self._folder_lock = None
        self._journal = None
        self._open()

    # -- opening -------------------------------------------------------------------------------

    def _open(self):
        if self.readonly and not self.folder.is_dir():
            raise StoreError(f"no store at {self.folder}: the folder does not exist")
        try:
            if not self.readonly:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._folder_lock = FolderLock(self.folder)
                self._folder_lock.acquire()
            try:
                self._load()
            except BaseException:
                self._release_folder()
                raise
        except OSError as exc:
            # A full disk or an I/O error while locking, cutting a torn record or syncing the
            # folder: opening only tidies files that are already safe, so nothing was lost.
            raise StoreError(f"cannot open the store at {self.folder}: "
                             f"{exc.strerror or exc} ({exc.filename or self.folder})") from exc

    def _load(self):
        for _attempt in range(5):
            with paused_gc():
                state = self._replay()
            path = journal_path(self.folder, state.generation)
            # A reader racing a compaction may find the journal already replaced: read again.
            if (not self.readonly or path.exists()
                    or read_snapshot_generation(self.folder) == state.generation):
                break
        self.tables, self.generation, self.seq = state.tables, state.generation, state.seq
        self.lazy = set(state.lazy)
        with paused_gc():
            self._saved_indexes = saved_indexes(state)
        self._replayed = state if self._saved_indexes else None
        valid, size = state.valid, state.size
        if valid != size:
            self.recovered.append(
                f"dropped a torn last record ({size - valid} bytes at offset {valid}) of {path}")
        if not self.readonly:
            for stale in self.folder.glob("journal-*.log"):
                if stale != path:
                    stale.unlink()
            (self.folder / (SNAPSHOT_NAME + ".tmp")).unlink(missing_ok=True)
            self._journal = Journal(path, valid)
            fsync_folder(self.folder)
        self._journal_path = path

    def _replay(self):
        try:
            return replay_folder(self.folder)
        except StoreCorrupt as exc:
            # Refused, nothing cut: the damaged record stays where it is, and a copy of it goes
            # beside it (a reader, which may share the folder with a writer, writes nothing).
            if not self.readonly:
                with suppress(OSError):     # a failed copy must not hide the damage
                    exc.aside = keep_aside(exc.path, exc.offset)
            raise

    # -- TinyDB's storage interface (database-level operations only) ---------------------------

    def read(self):
        self._check_open()
        return dict(self.tables)

    def docs(self, name: str) -> dict:
        """The table's documents, every one decoded (for reads of the whole table)."""
        docs = self.tables.get(name, {})
        if name in self.lazy:
            with self.lock, paused_gc():
                decode_table(docs)
                self.lazy.discard(name)
        return docs

    def write(self, data):
        """Bring the stored tables in line with data (TinyDB's drop_table/drop_tables)."""
        with self.lock:
            ops = [("drop", name, None, None) for name in self.tables if name not in data]
            for name, docs in data.items():
                if self.tables.get(name) is not docs:
                    ops.append(("clear", name, None, None))
                    ops.extend(("put", name, str(key), records.dumps(doc))
                               for key, doc in docs.items())
            if ops:
                self.commit(ops)

    def close(self):
        with self.lock:
            if self._closed:
                return
            self._closed = True
            if self._journal is not None:
                self._journal.close()
            self._release_folder()

    def _release_folder(self):
        if self._folder_lock is not None:
            self._folder_lock.release()
            self._folder_lock = None

    # -- committing ----------------------------------------------------------------------------

    def commit(self, ops):
        """Make ops durable and visible: [(kind, table, key, doc_json)] with kind put/del/clear/drop.

        Outside a transaction the record is fsynced before memory changes, so a failed write
        changes nothing. Inside one, memory changes now (the transaction reads its own writes)
        and the record is written when the transaction ends.
        """
        self._check_writable()
        parts = [records.encode_op(op) for op in ops]
        decoded = [(kind, table, key, json.loads(doc) if doc is not None else None)
                   for kind, table, key, doc in ops]
        txn = self._txn
        if txn is None:
            self._write_record(parts)
        else:
            txn.parts.extend(parts)
        for op in decoded:
            self._apply(op, txn)
        if txn is None:
            self._maybe_compact()

    @contextmanager
    def transaction(self):
        """All writes inside happen together or not at all, also across a crash; may nest."""
        with self.lock:
            txn = self._txn
            if txn is not None:
                parts_mark, undo_mark = len(txn.parts), len(txn.undo)
                ordered, txn.ordered = txn.ordered, set()   # the inner part keeps its own order
                try:
                    yield
                except BaseException:
                    undo_changes(self, txn, undo_mark)
                    del txn.parts[parts_mark:]
                    raise
                finally:
                    txn.ordered |= ordered
                return
            self._check_writable()
            txn = self._txn = _Transaction()
            try:
                yield
                self._txn = None
                if txn.parts:
                    self._write_record(txn.parts)
            except BaseException:
                self._txn = None
                undo_changes(self, txn, 0)
                raise
            finally:
                self._txn = None
            self._maybe_compact()

    def _write_record(self, parts):
        seq = self.seq + 1
        line = records.encode_line('{"seq":%d,"ops":[%s]}' % (seq, ",".join(parts)))
        try:
            self._journal.append(line)
        except StoreFailed as exc:
            self._failed = str(exc)
            raise
        except OSError as exc:
            raise StoreError(f"the change was not saved: writing {self._journal.path} failed "
                             f"({exc.strerror or exc}); nothing was changed") from exc
        self.seq = seq

    def _maybe_compact(self):
        # Only once the committed change is in memory too: the snapshot is taken from memory.
        if self._journal.size > max(COMPACT_MIN_BYTES, self._snapshot_size() // 2):
            self._compact_quietly()

    def _snapshot_size(self):
        try:
            return (self.folder / SNAPSHOT_NAME).stat().st_size
        except FileNotFoundError:
            return 0

    def _compact_quietly(self):
        # The triggering write is already durable; a failed compaction only postpones itself.
        try:
            self.compact()
        except (OSError, StoreError) as exc:
            self.recovered.append(f"compaction postponed: {exc}")

    def compact(self):
        """Write a snapshot of everything and start an empty journal (crash-safe at every step)."""
        with self.lock:
            self._check_writable()
            if self._txn is not None:
                raise StoreError("cannot compact inside a transaction")
            for table in list(self._saved_indexes):    # kept in the next snapshot too
                self._claim_saved(table)
            generation = self.generation + 1
            path = journal_path(self.folder, generation)
            # The new journal exists before the snapshot names it (until then open() deletes it as
            # stale), so nothing can fail between the snapshot's replace and the switch to it.
            try:
                journal = Journal(path, 0)
            except OSError as exc:
                with suppress(OSError):     # else the next open deletes it as stale
                    path.unlink(missing_ok=True)
                raise StoreError(f"compaction of {self.folder} failed ({exc}); "
                                 "nothing was changed") from exc
            try:
                write_snapshot(self.folder, self.tables, generation, self.seq, self.indexes)
            except BaseException as exc:
                journal.close()
                (self.folder / (SNAPSHOT_NAME + ".tmp")).unlink(missing_ok=True)
                try:
                    replaced = read_snapshot_generation(self.folder) != self.generation
                except (OSError, StoreError):
                    replaced = True
                if not replaced:
                    path.unlink(missing_ok=True)
                    if isinstance(exc, OSError):
                        raise StoreError(f"compaction of {self.folder} failed ({exc}); "
                                         "nothing was changed") from exc
                    raise
                # The new snapshot is in place but not known to be durable: the next open may
                # read either generation, so no further write can be acknowledged safely.
                self._failed = (f"compaction of {self.folder} failed after replacing the "
                                f"snapshot ({exc}); the store accepts no more writes until it "
                                "is reopened")
                raise StoreFailed(self._failed) from exc
            old = self._journal
            self._journal_path, self._journal, self.generation = path, journal, generation
            old.close()
            try:
                os.unlink(old.path)
                fsync_folder(self.folder)
            except OSError as exc:
                # The compaction itself is complete and durable; a journal left behind is stale
                # and the next open deletes it.
                self.recovered.append(f"old journal {old.path} not yet deleted ({exc})")

    # -- applying changes to memory ------------------------------------------------------------

    def _apply(self, op, txn):
        kind, name, key, doc = op
        if name in self._saved_indexes:
            self._claim_saved(name)
        indexes = self.indexes.get(name, {}).values()
        if kind in ("clear", "drop"):
            # Decoded first: what an undo puts back must not hold undecoded documents.
            table = self.docs(name) if name in self.tables else None
            if txn is not None:
                txn.undo.append((name, None, table))
                txn.tables.add(name)
            if kind == "clear":
                self.tables[name] = {}
            else:
                self.tables.pop(name, None)
            for index in indexes:
                index.rebuild({})
            return
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = {}
            if txn is not None:
                txn.undo.append((name, None, None))
        old = document(table, key)
        if txn is not None:
            if kind == "del" and old is not None and name not in txn.ordered:
                txn.undo.append((name, _ORDER, list(table)))
                txn.ordered.add(name)
            txn.undo.append((name, key, old))
            txn.tables.add(name)
        if old is not None:
            for index in indexes:
                index.discard(key, old)
        if kind == "put":
            table[key] = doc
            for index in indexes:
                index.add(key, doc)
        else:
            table.pop(key, None)

    # -- indexes -------------------------------------------------------------------------------

    def add_index(self, table: str, field: str):
        """Keep an index of table by field (dotted path); queries with == on it stop scanning."""
        path = field_path(field)
        with self.lock:
            if table in self._saved_indexes:
                self._claim_saved(table)
            indexes = self.indexes.setdefault(table, {})
            if path not in indexes:
                index = FieldIndex(path)
                index.rebuild(self.docs(table))
                indexes[path] = index

    def _claim_saved(self, table: str):
        by_path = self._saved_indexes.pop(table)
        with paused_gc():
            catch_up(by_path, table, self._replayed)
        self.indexes.setdefault(table, {}).update(by_path)
        if not self._saved_indexes:
            self._replayed = None       # what the journal changed is no longer needed

    # -- guards --------------------------------------------------------------------------------

    def _check_open(self):
        if self._closed:
            raise StoreClosed(f"the store at {self.folder} is closed")

    def _check_writable(self):
        self._check_open()
        if self.readonly:
            raise StoreReadOnly(f"the store at {self.folder} is open read-only")
        if self._failed:
            raise StoreFailed(self._failed)
