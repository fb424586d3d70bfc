"""The one period type: keys, labels, bounds, neighbours, the current period and the Jinja filter."""

import datetime as dt

import pytest

from meide import clock
from meide.errors import MeideError
from meide.periods import Period, PeriodInvalid, label
from meide.printing.environment import environment


@pytest.mark.parametrize("key, period, text, start, end", [
    ("2026Q3", Period(2026, 3), "2026年第三季度", dt.date(2026, 7, 1), dt.date(2026, 10, 1)),
    ("2026Q4", Period.quarter(2026, 4), "2026年第四季度", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
    ("2026-02", Period.month(2026, 2), "2026年2月", dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
    ("2026", Period.of_year(2026), "2026年", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
])
def test_a_period_has_one_key_one_label_and_half_open_bounds(key, period, text, start, end):
    assert Period.parse(key) == period and period.key == key
    assert period.label == text == str(period) == label(key)
    assert period.bounds == (start, end) and period.last_day == end - dt.timedelta(days=1)


def test_quarters_months_and_years_are_half_open():
    assert Period(2026, 4).bounds == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    assert Period(2026, 1).bounds == (dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert Period.month(2026, 12).bounds == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert Period.of_year(2026).bounds == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))


def test_keys_parse_in_the_forms_staff_type():
    assert Period.parse(" 2026q1 ") == Period.parse("2026-Q1") == Period(2026, 1)
    assert Period.parse("2026-3") == Period.month(2026, 3)


@pytest.mark.parametrize("period, before, after", [
    (Period(2026, 1), Period(2025, 4), Period(2026, 2)),
    (Period(2026, 4), Period(2026, 3), Period(2027, 1)),
    (Period.month(2026, 1), Period.month(2025, 12), Period.month(2026, 2)),
    (Period.month(2026, 12), Period.month(2026, 11), Period.month(2027, 1)),
    (Period.of_year(2026), Period.of_year(2025), Period.of_year(2027)),
])
def test_periods_follow_each_other_across_years(period, before, after):
    assert period.previous() == before and period.next() == after
    assert before.end == period.start and period.end == after.start


def test_contains_reads_dates_and_times_in_beijing_time():
    q3 = Period(2026, 3)
    assert q3.contains(dt.date(2026, 7, 1)) and q3.contains("2026-09-30")
    assert not q3.contains(dt.date(2026, 10, 1))
    # 17:00 UTC on September 30 is already October 1 in Beijing.
    assert not q3.contains(dt.datetime(2026, 9, 30, 17, tzinfo=dt.timezone.utc))
    assert Period.containing("2026-09-30T23:59:00+08:00") == q3


def test_the_current_period_comes_from_the_engine_clock():
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        assert Period.current() == Period(2026, 4)
        assert Period.current("month") == Period.month(2026, 10)
        assert Period.current("year") == Period.of_year(2026)
        assert [p.key for p in Period.recent(3)] == ["2026Q4", "2026Q3", "2026Q2"]


@pytest.mark.parametrize("make, words", [
    (lambda: Period.parse("2026Q5"), "2026Q3"),
    (lambda: Period.parse("26-3"), "2026Q3"),
    (lambda: Period(2026, 13, "month"), "1 到 12"),
    (lambda: Period(2026, 0), "1 到 4"),
    (lambda: Period(2026, 1, "week"), "季度、按月或按年"),
])
def test_an_impossible_period_says_how_to_write_one_in_chinese(make, words):
    with pytest.raises(PeriodInvalid, match=words) as raised:
        make()
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, MeideError)


def test_periods_are_immutable_and_sort_in_time_order():
    period = Period(2026, 3)
    with pytest.raises(AttributeError):
        period.number = 4
    assert sorted([Period(2027, 1), Period(2026, 4), Period(2026, 3)])[0] == period
    assert len({Period(2026, 3), Period.parse("2026Q3")}) == 1


def test_templates_print_a_period_with_the_period_filter():
    render = environment().from_string(
        "{{ year | period(quarter) }}|{{ key | period }}|{{ p | period }}|{{ year | period }}")
    assert render.render(year=2026, quarter=3, key="2026-10", p=Period(2027, 1)) == (
        "2026年第三季度|2026年10月|2027年第一季度|2026年")
