"""Earned-points columns: compact rows summed by period and profile."""

import datetime as dt

from meide.points import periods
from meide.points.earned import EarnedColumns, profile_of


def _profile(account="resident:1", category="邻里互助"):
    return profile_of({"account": account, "kind": "resident", "community": "2",
                       "category": category})


def test_sums_group_rows_by_profile_within_a_half_open_period():
    columns = EarnedColumns()
    may, june = periods.epoch_us(dt.date(2026, 5, 10)), periods.epoch_us(dt.date(2026, 6, 1))
    columns.append(may, 3, _profile())
    columns.append(may, 2, _profile())
    columns.append(june, 5, _profile())
    columns.append(may, 4, _profile("resident:2"))
    assert columns.sums(dt.date(2026, 5, 1), dt.date(2026, 6, 1)) == {
        _profile(): 5, _profile("resident:2"): 4}
    assert columns.sums()[_profile()] == 10
    assert len(columns.profiles) == 2


def test_pop_undoes_the_last_row_and_copy_is_independent():
    columns = EarnedColumns()
    columns.append(1, 3, _profile())
    snapshot = columns.copy()
    columns.append(2, 4, _profile())
    columns.pop()
    columns.pop()
    assert len(columns) == 0 and len(snapshot) == 1
    assert snapshot.sums() == {_profile(): 3}
