"""Caps: per rule, per account, per day, month and year; the message says which and what remains."""

import datetime as dt

import pytest

from meide import clock
from meide.points import CapExceeded
from meide.points.caps import CapCounters, CapTracker, check, usage
from tests.points_support import (ALICE, BOB, CHILD, award, catalogue, frozen_clock,  # noqa: F401
                                  ledger, opened)


def test_day_cap_names_the_cap_and_what_remains(ledger):
    award(ledger, ALICE)                      # 3 of the 6 a day allowed
    with pytest.raises(CapExceeded) as caught:
        award(ledger, ALICE, quantity=2)
    error = caught.value
    assert (error.cap, error.limit, error.used, error.remaining) == ("day", 6, 3, 3)
    assert "每日" in str(error) and "还可记 3 分" in str(error)
    assert award(ledger, ALICE).points == 3   # exactly up to the cap is fine


def test_caps_are_per_account_and_per_rule(ledger):
    award(ledger, ALICE, quantity=2)
    assert award(ledger, BOB, quantity=2).points == 6
    assert award(ledger, ALICE, "CLASS_QIAOSHOU").points == 3


def test_the_next_day_has_a_fresh_day_cap_but_the_month_cap_carries(ledger):
    for day in range(5):
        with clock.frozen(dt.datetime(2026, 5, 4 + day, 10)):
            award(ledger, ALICE, quantity=2)
    with clock.frozen(dt.datetime(2026, 5, 9, 10)):
        with pytest.raises(CapExceeded) as caught:
            award(ledger, ALICE, quantity=2)
    assert (caught.value.cap, caught.value.used, caught.value.remaining) == ("month", 30, 0)
    assert "已达上限" in str(caught.value)
    with clock.frozen(dt.datetime(2026, 6, 1, 10)):
        assert award(ledger, ALICE, quantity=2).points == 6


def test_a_reversed_entry_frees_its_cap(ledger):
    entry = award(ledger, ALICE, quantity=2)
    ledger.reverse(entry, reason="录错", actor="s", key="rv")
    assert award(ledger, ALICE, quantity=2).points == 6


def test_remaining_below_one_event_says_wait_for_the_next_period(ledger):
    award(ledger, CHILD, "GUARD_TIDY")         # 3 of 3 a day in 关帝庙社区
    with pytest.raises(CapExceeded, match="已达上限"):
        award(ledger, CHILD, "GUARD_TIDY")


def test_deduction_caps_count_points_in_magnitude(ledger):
    award(ledger, ALICE, quantity=2)
    award(ledger, ALICE, "CLASS_QIAOSHOU", quantity=4)
    for n in range(4):
        ledger.deduct(ALICE, "COVENANT_CLUTTER", reason="堆物", actor="楼长", key=f"d{n}",
                      evidence="p.jpg")
    with pytest.raises(CapExceeded) as caught:
        ledger.deduct(ALICE, "COVENANT_CLUTTER", reason="堆物", actor="楼长", key="d5",
                      evidence="p.jpg")
    assert caught.value.cap == "month" and "最多扣 12 分" in str(caught.value)


def test_usage_reads_only_the_rule_and_periods_of_the_moment():
    docs = [(1, {"op": "award", "rule": "A", "points": 2, "at": "2026-05-04T09:00"}),
            (2, {"op": "award", "rule": "A", "points": 3, "at": "2026-05-01T09:00"}),
            (3, {"op": "award", "rule": "A", "points": 4, "at": "2025-05-04T09:00"}),
            (4, {"op": "award", "rule": "B", "points": 5, "at": "2026-05-04T09:00"}),
            (5, {"op": "reverse", "rule": "A", "points": -2, "at": "2026-05-04T10:00"}),
            (6, {"op": "award", "rule": "A", "points": 7, "at": "2026-05-04T08:00"})]
    assert usage("A", "2026-05-04T12:00", docs, reversed_ids={6: 7}) == {
        "day": 2, "month": 5, "year": 5}


def test_check_reports_the_first_cap_broken(ledger):
    rule = ledger.catalogue.rule("NEIGHBOUR_HELP")
    check(rule, 3, {"day": 3, "month": 0, "year": 0})
    with pytest.raises(CapExceeded, match="每月"):
        check(rule, 3, {"day": 0, "month": 29, "year": 0})


def test_cap_tracker_adds_and_releases():
    tracker = CapTracker()
    tracker.add("resident:1", "A", "2026-05-04T10:00", 3)
    tracker.add("resident:1", "A", "2026-05-05T10:00", -2)
    assert tracker.used("resident:1", "A", "2026-05-04T12:00") == {"day": 3, "month": 5,
                                                                    "year": 5}
    tracker.release("resident:1", "A", "2026-05-04T10:00", 3)
    assert tracker.used("resident:1", "A", "2026-05-04T12:00")["month"] == 2


def test_cap_counters_keep_the_latest_periods():
    counters = CapCounters()
    counters.add("resident:1", "A", "2026-05-04T10:00", 3)
    counters.add("resident:1", "A", "2026-05-04T11:00", 2)
    counters.add("resident:1", "A", "2026-05-06T09:00", 4)
    assert counters.used("resident:1", "A", "2026-05-06T20:00") == {"day": 4, "month": 9,
                                                                    "year": 9}
    assert counters.used("resident:1", "A", "2026-06-01T08:00") == {"day": 0, "month": 0,
                                                                    "year": 9}
    assert counters.used("resident:2", "A", "2026-06-01T08:00") == {"day": 0, "month": 0,
                                                                    "year": 0}
    assert counters.used("resident:1", "A", "2026-05-05T08:00") is None     # clock went back
    counters.remove("resident:1", "A", "2026-05-04T10:00", 3)                # older day: month only
    assert counters.used("resident:1", "A", "2026-05-06T20:00")["month"] == 6


def test_caps_are_counted_from_entries_when_the_clock_goes_back(ledger):
    with clock.frozen(dt.datetime(2026, 5, 6, 10)):
        award(ledger, ALICE, quantity=2)
    award(ledger, ALICE)                      # May 4th: its own day, same month
    with pytest.raises(CapExceeded) as caught:
        award(ledger, ALICE, quantity=2)
    assert (caught.value.cap, caught.value.used) == ("day", 3)


def test_rolled_back_awards_give_their_cap_back(ledger, opened):
    with pytest.raises(RuntimeError):
        with opened.transaction():
            award(ledger, ALICE, quantity=2)
            raise RuntimeError("取消")
    assert award(ledger, ALICE, quantity=2).points == 6
