"""Store: a data folder opened as a TinyDB database with transactions, indexes, backup and check."""

from pathlib import Path

from tinydb import TinyDB

from .backup import backup_store
from .check import check_store
from .storage import JournalStorage
from .table import JournalTable


class StoreDB(TinyDB):
    """TinyDB wired to JournalStorage and JournalTable; a real TinyDB for every documented use."""

    table_class = JournalTable
    default_storage_class = JournalStorage

    def table(self, name, **kwargs):
        # One Table object per name even when sessions in several threads ask at once.
        with self.storage.lock:
            return super().table(name, **kwargs)

    def drop_tables(self):
        with self.storage.lock:
            super().drop_tables()

    def drop_table(self, name):
        with self.storage.lock:
            super().drop_table(name)


class Store:
    """An open data folder. Use open_store(); close() or a with-block releases the folder."""

    def __init__(self, path, readonly=False):
        self.path = Path(path)
        self.readonly = readonly
        self.db = StoreDB(self.path, readonly=readonly)
        self._storage: JournalStorage = self.db.storage
        self._storage.on_rollback = self._forget_cached_state

    @property
    def recovered(self) -> list:
        """Notes about what opening had to repair (a torn last record dropped), for the log."""
        return list(self._storage.recovered)

    @property
    def changes(self) -> int:
        """How many transactions have been committed: equal counts mean nothing was written in
        between (what was read then still holds)."""
        return self._storage.seq

    def table(self, name: str, **kwargs):
        """The named TinyDB table."""
        return self.db.table(name, **kwargs)

    def transaction(self):
        """A context manager: the writes inside, across tables, are all kept or none are."""
        return self._storage.transaction()

    def add_index(self, table: str, field: str):
        """Index table by a (dotted) field; == queries on it then read only matching documents."""
        self._storage.add_index(table, field)

    def compact(self):
        """Fold the journal into a fresh snapshot now (it also happens by itself as it grows)."""
        self._storage.compact()

    def backup(self, dest):
        """Write a consistent copy to the new folder dest while writes go on; return its manifest."""
        return backup_store(self._storage, Path(dest))

    def check(self):
        """Verify checksums, replay the files and compare with memory and indexes."""
        return check_store(self._storage)

    def close(self):
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _forget_cached_state(self, touched, restored, freed):
        # After a rollback TinyDB's cached query results may describe writes that never happened,
        # and its next id may be past ids that are free again. Recounting the next id scans the
        # table (0.1 s at 1M documents), so that is left for tables that were cleared or dropped
        # and came back; otherwise the lowest id freed by an undone insert is the next one.
        for name in touched:
            table = self.db._tables.get(name)
            if table is None:
                continue
            if name in restored:
                table._next_id = None
            elif name in freed and table._next_id is not None:
                table._next_id = min(table._next_id, freed[name])
            table.clear_cache()


def open_store(path, readonly=False) -> Store:
    """Open (creating if needed) the store in folder path; readonly opens beside a writer."""
    return Store(path, readonly=readonly)
