"""The append-only journal: each committed change is one checksummed line, fsynced before it counts."""

import os
from pathlib import Path

from . import records
from .errors import StoreFailed


def journal_path(folder: Path, generation: int) -> Path:
    return Path(folder) / f"journal-{generation:06d}.log"


def fsync_folder(folder: Path):
    """Make a create, rename or unlink inside folder durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Journal:
    """Appends records durably to one journal file; a failed append leaves the file as it was."""

    def __init__(self, path: Path, valid_length: int):
        self.path = Path(path)
        created = not self.path.exists()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            if os.fstat(self._fd).st_size != valid_length:
                # Cut a torn last record so that new records follow a clean boundary.
                os.ftruncate(self._fd, valid_length)
                os.fsync(self._fd)
            if created:
                fsync_folder(self.path.parent)
        except BaseException:
            self.close()
            raise
        self.size = valid_length

    def append(self, line: bytes):
        """Write and fdatasync one record; on any OSError undo the partial write and re-raise."""
        start = self.size
        try:
            view = memoryview(line)
            written = 0
            while written < len(view):
                written += os.pwrite(self._fd, view[written:], start + written)
            os.fdatasync(self._fd)
        except OSError:
            self._cut_back(start)
            raise
        self.size = start + len(line)

    def _cut_back(self, length: int):
        # After a failed write or fsync the file may hold part of the record. Remove it so the
        # next record starts on a boundary; if even that fails the journal can no longer be
        # trusted, and the store must stop accepting writes.
        try:
            os.ftruncate(self._fd, length)
            os.fsync(self._fd)
        except OSError as exc:
            raise StoreFailed(
                f"journal {self.path} could not be restored after a failed write ({exc}); "
                "the store accepts no more writes until it is reopened"
            ) from exc

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def read_journal(path: Path, on_record, *, allow_torn_tail=True):
    """Replay a journal file's records in order; return (valid_length, file_size)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return 0, 0
    valid = records.scan(path, data, on_record, allow_torn_tail=allow_torn_tail)
    return valid, len(data)
