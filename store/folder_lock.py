"""An exclusive, crash-proof lock on a data folder: one writing process per store."""

import fcntl
import os
import sys
from pathlib import Path

from .errors import StoreLocked

LOCK_NAME = "LOCK"


class FolderLock:
    """Hold an exclusive flock on <folder>/LOCK for as long as the store is open.

    flock is released by the kernel when the holder dies, so a lock left by a killed process
    never blocks a restart; the file's content (pid and command) only explains who holds it.
    """

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_NAME
        self._fd = None

    def acquire(self):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 512, 0).decode("utf-8", "replace").strip() or "unknown process"
            os.close(fd)
            raise StoreLocked(
                f"data folder {self.path.parent} is already open for writing by {holder}; "
                "stop that process first, or open the store read-only"
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()} ({' '.join(sys.argv)[:200]})\n".encode(), 0)
        except BaseException:
            os.close(fd)        # else the flock would outlive the failed open and block a retry
            raise
        self._fd = fd

    def release(self):
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
