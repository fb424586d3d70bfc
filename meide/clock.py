"""The one clock of the engine: local wall time, which tests and demos can set and advance."""

import datetime as _dt
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from .errors import MeideError

# Staff work in China; dates printed on notices and period boundaries (quarters, 公示 days) are
# in Beijing time whatever the server's timezone.
TIMEZONE = _dt.timezone(_dt.timedelta(hours=8), "Asia/Shanghai")

# A served app is another process than the test or trainer driving it: when this variable names
# a file, the clock reads the moment written there (see write_clock_file), so time can be moved
# from outside. Unset, as in production, it costs nothing and the clock is the wall clock.
CLOCK_FILE_ENV = "MEIDE_CLOCK_FILE"

_lock = threading.Lock()
_fixed = None
_file_cache = (None, None)      # ((path, inode, mtime_ns, size), moment) of the last read


class ClockFileError(MeideError, ValueError):
    """The clock file holds no readable moment."""


def now() -> _dt.datetime:
    """The current time (timezone-aware, Beijing time): the time a test has set, else the
    moment in $MEIDE_CLOCK_FILE if that file exists, else the wall clock."""
    with _lock:
        if _fixed is not None:
            return _fixed
    path = os.environ.get(CLOCK_FILE_ENV)
    if path:
        moment = _from_file(path)
        if moment is not None:
            return moment
    return _dt.datetime.now(TIMEZONE)


def _from_file(path: str):
    """The moment in the clock file (None while it does not exist), re-read only when it changed."""
    global _file_cache
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    # os.replace gives a new inode, so a rewrite within the mtime's resolution is still seen.
    signature = (path, status.st_ino, status.st_mtime_ns, status.st_size)
    with _lock:
        if _file_cache[0] == signature:
            return _file_cache[1]
    text = Path(path).read_text("utf-8").strip()
    try:
        moment = _aware(_dt.datetime.fromisoformat(text))
    except ValueError:
        raise ClockFileError(f"时钟文件 {path} 应只写一个时间，如 2026-10-08T10:00:00+08:00"
                             f"（现在是“{text[:40]}”）；删除该文件即恢复真实时间") from None
    with _lock:
        _file_cache = (signature, moment)
    return moment


def write_clock_file(path, moment):
    """Set the clock of every process reading path (via $MEIDE_CLOCK_FILE) to moment; written
    whole (temp file, then rename) so a reader never sees half a time."""
    target = Path(path)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(_aware(moment).isoformat(), "utf-8")
    os.replace(temporary, target)


def _aware(moment: _dt.datetime) -> _dt.datetime:
    """moment with a timezone: a naive one is taken as Beijing time."""
    return moment.replace(tzinfo=TIMEZONE) if moment.tzinfo is None else moment


def today() -> _dt.date:
    return now().date()


def set_time(moment):
    """Fix the clock at moment (a datetime; naive ones are taken as Beijing time); None frees it."""
    global _fixed
    if moment is not None:
        moment = _aware(moment)
    with _lock:
        _fixed = moment


def advance(**delta):
    """Move a fixed clock forward, e.g. advance(days=7); fixes it at now() first if it was free."""
    set_time(now() + _dt.timedelta(**delta))


@contextmanager
def frozen(moment):
    """Within the block the clock reads moment (and whatever advance() adds)."""
    global _fixed
    with _lock:
        previous = _fixed
    set_time(moment)
    try:
        yield
    finally:
        with _lock:
            _fixed = previous
