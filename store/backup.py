"""Online backup and restore: a consistent copy taken while writes go on, verified both ways."""

import hashlib
import json
import os
import shutil
import time
from contextlib import suppress
from pathlib import Path

from .check import check_store
from .errors import StoreError
from .folder_lock import FolderLock
from .journal import fsync_folder
from .snapshot import SNAPSHOT_NAME
from .storage import JournalStorage

MANIFEST_NAME = "BACKUP.json"
_STORE_FILES = (SNAPSHOT_NAME, "journal-*.log")


def backup_store(storage, dest: Path) -> dict:
    """Copy the snapshot and the journal's committed prefix into dest, then verify the copy.

    Snapshots are replaced, never edited, and the journal only grows, so the files opened under
    the lock plus the journal length at that moment are a consistent cut; copying happens after
    the lock is released, so writers wait only for the open() calls.
    """
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise StoreError(f"backup folder {dest} is not empty; choose a new folder")
    created = not dest.exists()
    try:
        return _backup_into(storage, dest)
    except OSError as exc:
        # Leave no half-copied backup that could later be mistaken for a good one.
        with suppress(OSError):
            for child in dest.iterdir():
                child.unlink()
            if created:
                dest.rmdir()
        raise StoreError(f"backup to {dest} failed: {exc.strerror or exc} "
                         f"({exc.filename or dest}); the store is unchanged, "
                         "the incomplete copy was removed") from exc


def _backup_into(storage, dest: Path) -> dict:
    dest.mkdir(parents=True, exist_ok=True)     # before the handles below, which must be closed
    with storage.lock:
        storage._check_writable() if not storage.readonly else storage._check_open()
        snapshot = _open_or_none(storage.folder / SNAPSHOT_NAME)
        journal = _open_or_none(storage._journal_path)
        journal_length = storage._journal.size if storage._journal else _size(journal)
        seq = storage.seq
    files = {}
    try:
        for handle, name, length in ((snapshot, SNAPSHOT_NAME, None),
                                     (journal, storage._journal_path.name, journal_length)):
            if handle is not None:
                files[name] = _copy(handle, dest / name, length)
    finally:
        for handle in (snapshot, journal):
            if handle is not None:
                handle.close()
    manifest = {"created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "source": str(storage.folder),
                "seq": seq, "files": files}
    _write_json(dest / MANIFEST_NAME, manifest)
    fsync_folder(dest)
    verify_backup(dest)
    return manifest


def verify_backup(backup: Path):
    """Check a backup's file hashes and that it opens and checks clean; raise StoreError if not."""
    backup = Path(backup)
    try:
        manifest = json.loads((backup / MANIFEST_NAME).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{backup} is not a Meide backup: {MANIFEST_NAME} is missing or "
                         "unreadable") from exc
    for name, digest in manifest["files"].items():
        if _sha256(backup / name) != digest["sha256"]:
            raise StoreError(f"backup file {backup / name} does not match its recorded checksum")
    # The storage itself, not a Store: what check reads is the files and the storage's memory.
    copy = JournalStorage(backup, readonly=True)
    try:
        report = check_store(copy)
    finally:
        copy.close()
    if not report.ok:
        raise StoreError(f"backup {backup} fails its check: {'; '.join(report.problems)}")
    return manifest


def restore(backup, path):
    """Replace the store at path with a verified backup; the previous folder is kept aside.

    The copy is made and fsynced in a staging folder beside path first, so a failure while
    copying leaves path as it was; only two renames then swap the folders.
    """
    backup, path = Path(backup), Path(path)
    manifest = verify_backup(backup)
    staging = path.with_name(f".{path.name}.restoring")
    try:
        shutil.rmtree(staging, ignore_errors=True)      # left by an earlier, interrupted restore
        staging.mkdir(parents=True)
        for name in manifest["files"]:
            shutil.copyfile(backup / name, staging / name)
            os.chmod(staging / name, 0o600)
            with open(staging / name, "rb") as handle:
                os.fsync(handle.fileno())
        fsync_folder(staging)
        aside = _swap_in(staging, path)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"restoring {backup} to {path} failed: {exc.strerror or exc} "
                         f"({exc.filename or path}); {path} was left as it was") from exc
    try:
        fsync_folder(path.parent)
    except OSError as exc:
        raise StoreError(f"{path} was restored from {backup}, but the change could not be "
                         f"synced to disk ({exc.strerror or exc}); restore again once the disk "
                         "works") from exc
    return aside


def _swap_in(staging: Path, path: Path):
    """Rename staging to path, moving a non-empty path aside first (refused while it is open)."""
    if not (path.exists() and any(path.iterdir())):
        if path.exists():
            path.rmdir()
        os.rename(staging, path)
        return None
    lock = FolderLock(path)
    lock.acquire()          # refuses while a writer has the store open
    try:
        stamp = f"{path.name}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}"
        aside, n = path.with_name(stamp), 1
        while aside.exists():       # a second restore within the same second
            n += 1
            aside = path.with_name(f"{stamp}-{n}")
        os.rename(path, aside)
    finally:
        lock.release()
    try:
        os.rename(staging, path)
    except OSError:
        os.rename(aside, path)      # put the old store back rather than leave no store at path
        raise
    return aside


def _open_or_none(path):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        return None


def _size(handle):
    return os.fstat(handle.fileno()).st_size if handle is not None else 0


def _copy(handle, target: Path, length):
    digest = hashlib.sha256()
    remaining = length if length is not None else _size(handle)
    with open(target, "wb") as out:
        os.fchmod(out.fileno(), 0o600)      # residents' personal data: owner only
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 20))
            if not chunk:
                raise StoreError(f"{handle.name} ended early while being backed up")
            out.write(chunk)
            digest.update(chunk)
            remaining -= len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return {"sha256": digest.hexdigest(), "bytes": target.stat().st_size}


def _sha256(path: Path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json(path: Path, value):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, indent=1)
        out.flush()
        os.fsync(out.fileno())
