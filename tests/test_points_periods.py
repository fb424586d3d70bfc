"""Ledger time: stored stamps order like time and read as day, month and year prefixes."""

import datetime as dt

from meide import clock
from meide.points import periods


def test_stamps_are_fixed_width_beijing_time():
    utc = dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.timezone.utc)
    assert periods.stamp(utc) == "2026-04-01T01:30:00.000000+08:00"
    assert periods.stamp(dt.datetime(2026, 4, 1, 1, 30)) == periods.stamp(utc)
    assert periods.stamp(dt.date(2026, 4, 1)) == "2026-04-01T00:00:00.000000+08:00"


def test_stamp_order_is_time_order():
    moments = [dt.datetime(2026, 1, 1, 0, 0, 0, 500), dt.datetime(2026, 1, 1, 0, 0, 1),
               dt.datetime(2026, 1, 1, 0, 0, 1, 1)]
    stamps = [periods.stamp(m) for m in moments]
    assert stamps == sorted(stamps)


def test_period_keys_are_prefixes_of_the_stamp():
    at = periods.stamp(dt.datetime(2026, 10, 1, 9))
    assert [periods.period_key(at, p) for p in ("day", "month", "year")] == [
        "2026-10-01", "2026-10", "2026"]


def test_epoch_microseconds_match_for_stamps_and_moments():
    moment = dt.datetime(2026, 5, 4, 10, 0, 0, 123, tzinfo=clock.TIMEZONE)
    assert periods.stamp_us(periods.stamp(moment)) == periods.epoch_us(moment)
    low, high = periods.bounds_us(None, None)
    assert low < periods.epoch_us(moment) < high


def test_now_stamp_follows_the_engine_clock():
    with clock.frozen(dt.datetime(2026, 7, 1, 8)):
        assert periods.now_stamp() == "2026-07-01T08:00:00.000000+08:00"
