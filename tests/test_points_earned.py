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


def test_period_totals_are_kept_until_the_rows_change():
    columns = EarnedColumns()
    columns.append(1, 3, _profile())
    first = columns.totals()
    assert columns.totals() is first and list(first) == [3]
    assert not first.flags.writeable            # shared between callers: never edited
    columns.append(2, 4, _profile())
    assert list(columns.totals()) == [7]
    columns.pop()
    assert list(columns.totals()) == [3]
    snapshot = columns.copy()
    assert snapshot.totals() is columns.totals()     # same rows: shared
    columns.append(5, 1, _profile("resident:2"))
    assert list(snapshot.totals()) == [3]
    assert list(columns.totals()) == [3, 1]


def test_loading_other_profiles_forgets_what_was_derived_from_the_old_ones():
    columns = EarnedColumns()
    columns.append(1, 3, _profile())
    assert columns.codes().accounts.values == ["resident:1"]
    assert list(columns.totals()) == [3]
    columns.profiles = [_profile("resident:9")]      # as saved totals are loaded
    assert columns.codes().accounts.values[0] == "resident:9"
    assert list(columns.totals()) == [3]
    assert columns.sums() == {_profile("resident:9"): 3}
