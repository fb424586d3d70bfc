"""Store.check(): every record's checksum, the files replayed, and indexes compared with the data."""

from dataclasses import dataclass, field

from .errors import StoreError
from .indexes import FieldIndex
from .replay import replay_folder
from .storage import JournalStorage


@dataclass
class CheckReport:
    """What check() found: ok is True when problems is empty."""

    tables: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(storage: JournalStorage) -> CheckReport:
    report = CheckReport()
    with storage.lock:
        report.tables = {name: len(storage.docs(name)) for name in list(storage.tables)}
        try:
            on_disk = _replay_files(storage)
        except StoreError as exc:
            report.problems.append(str(exc))
            on_disk = None
        if on_disk is not None and storage._txn is None and on_disk != storage.tables:
            differing = sorted(name for name in set(on_disk) | set(storage.tables)
                               if on_disk.get(name) != storage.tables.get(name))
            report.problems.append(f"the files differ from memory in tables {differing}")
        for name, indexes in storage.indexes.items():
            for path, index in indexes.items():
                fresh = FieldIndex(path)
                fresh.rebuild(storage.docs(name))
                if fresh.sets() != index.sets():
                    report.problems.append(f"index {name}.{'.'.join(path)} is out of date")
    return report


def _replay_files(storage):
    # A strict re-read of the folder, the way the next open will see it.
    return replay_folder(storage.folder, allow_torn_tail=storage.readonly, decoded=True).tables
