"""A damaged record's bytes copied beside its file when the store refuses to open: never lost."""

import os
from pathlib import Path

from .journal import fsync_folder


def aside_path(path, offset: int) -> Path:
    """Where the damaged record of path at offset is kept: journal-000003.log.damaged-at-1234."""
    path = Path(path)
    return path.with_name(f"{path.name}.damaged-at-{offset}")


def keep_aside(path, offset: int) -> Path | None:
    """Copy the damaged record at offset of path (its line, newline included) to aside_path(),
    durably and readable by the owner only; the path of the copy, or None if there is nothing
    at offset. The damaged file itself is left exactly as it was."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        damaged = handle.readline()
    if not damaged:
        return None
    target = aside_path(path, offset)
    temporary = target.with_name(target.name + ".tmp")
    # The same damage found again (a server restarted in a loop) rewrites the same file.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(damaged)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
    fsync_folder(target.parent)
    return target
