"""Ledger time in Beijing time: entry stamps, cap periods and half-open time bounds (the
quarters, months and years themselves are meide.periods.Period)."""

import datetime as dt

from meide import clock

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MICROSECOND = dt.timedelta(microseconds=1)


def moment(value) -> dt.datetime:
    """An aware datetime in Beijing time from a datetime, a date (its midnight) or an ISO string."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value or " " in value \
            else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=clock.TIMEZONE)
        return value.astimezone(clock.TIMEZONE)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=clock.TIMEZONE)
    raise TypeError(f"expected a date, datetime or ISO string, got {value!r}")


def stamp(value) -> str:
    """The stored form of a time: ISO 8601 in Beijing time with microseconds.

    One fixed width and offset for every entry makes string order equal time order and lets the
    day, month and year of an entry be read as prefixes (see period_key).
    """
    return moment(value).isoformat(timespec="microseconds")


def now_stamp() -> str:
    return stamp(clock.now())


def epoch_us(value) -> int:
    """Microseconds since 1970 (exact integer arithmetic, for compact time columns)."""
    return (moment(value) - _EPOCH) // _MICROSECOND


def stamp_us(at_stamp: str) -> int:
    """epoch_us of a stored stamp (the fast path used when rebuilding totals)."""
    return (dt.datetime.fromisoformat(at_stamp) - _EPOCH) // _MICROSECOND


_PREFIX = {"day": 10, "month": 7, "year": 4}


def period_key(at_stamp: str, period: str) -> str:
    """'2026-10-01' / '2026-10' / '2026' for a stored stamp and period day, month or year."""
    return at_stamp[:_PREFIX[period]]


def bounds_us(start=None, end=None) -> tuple:
    """A half-open period [start, end) as epoch microseconds; None leaves that side open."""
    low = epoch_us(start) if start is not None else -(1 << 62)
    high = epoch_us(end) if end is not None else (1 << 62)
    return low, high


def stamp_bounds(start, end) -> tuple:
    """(low, high) stored stamps of [start, end), open ends as the lowest and highest stamps."""
    # Stored stamps share one format, so string comparison is time comparison.
    return (stamp(start) if start is not None else "",
            stamp(end) if end is not None else "\uffff")
