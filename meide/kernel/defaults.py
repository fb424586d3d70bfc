"""Defaults and sample values that follow the clock, so no declaration names a year."""

import datetime as dt

from .. import clock
from ..periods import Period


def current_year() -> int:
    """The clock's year: a default_factory for a year field."""
    return clock.today().year


def closing_year() -> int:
    """The year of the last quarter that has ended (last year's in January): a default_factory
    for the year of a quarter being closed, which can only be closed once it is over."""
    return Period.current().previous().year


def closing_quarter() -> int:
    """The last quarter that has ended (1–4): a default_factory for a quarter being closed."""
    return Period.current().previous().number


def this_year(month: int, day: int, hour: int = None, minute: int = 0) -> str:
    """A day (or a moment, given the hour) of the clock's year in ISO form, for a workflow's
    sample values: 10月1日 of whatever year it is."""
    day_of = dt.date(current_year(), month, day)
    if hour is None:
        return day_of.isoformat()
    return dt.datetime.combine(day_of, dt.time(hour, minute)).isoformat()
