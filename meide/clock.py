"""The one clock of the engine: local wall time, which tests and demos can set and advance."""

import datetime as _dt
import threading
from contextlib import contextmanager

# Staff work in China; dates printed on notices and period boundaries (quarters, 公示 days) are
# in Beijing time whatever the server's timezone.
TIMEZONE = _dt.timezone(_dt.timedelta(hours=8), "Asia/Shanghai")

_lock = threading.Lock()
_fixed = None


def now() -> _dt.datetime:
    """The current time (timezone-aware, Beijing time), or the time a test has set."""
    with _lock:
        if _fixed is not None:
            return _fixed
    return _dt.datetime.now(TIMEZONE)


def today() -> _dt.date:
    return now().date()


def set_time(moment):
    """Fix the clock at moment (a datetime; naive ones are taken as Beijing time); None frees it."""
    global _fixed
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=TIMEZONE)
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
