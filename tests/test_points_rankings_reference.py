"""The numpy rankings give exactly the rows of a plain per-profile reference, on generated data."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meide.periods import Period
from meide.points import RollUp
from meide.points.earned import EarnedColumns
from meide.points.periods import bounds_us
from meide.points.rankings import (GROUPINGS, Ranking, RankingRow, group_totals, ranking,
                                   rolled_total)
from meide.points.rules import BASE_CATALOGUE
from tests.points_support import (ALICE, BOB, award, catalogue, frozen_clock,  # noqa: F401
                                  ledger, opened)

START, END = dt.date(2026, 7, 1), dt.date(2026, 10, 1)
LOW, HIGH = bounds_us(START, END)
# Times on both sides of each edge of the period: the end is excluded, the start included.
TIMES = (LOW - 1, LOW, LOW + 5, HIGH - 1, HIGH, HIGH + 7)
ROLLUPS = (RollUp(), RollUp.off(), RollUp(into={"building": ("resident", "merchant")}))
TITLES = {BASE_CATALOGUE: "街道积分规则", "c2": "翰林街细则"}

# Small pools, so accounts share places, points tie and some accounts net to zero.
profiles = st.tuples(
    st.sampled_from(["resident:1", "resident:2", "resident:10", "resident:3", "resident:4",
                     "merchant:7", "household:201", "building:31", "unit:3"]),
    st.sampled_from(["resident", "resident", "merchant", "household", "building", "unit"]),
    st.sampled_from(["1", "2", "2", "10", None]),
    st.sampled_from(["11", "21", None]),
    st.sampled_from(["201", "202", None]),
    st.sampled_from(["31", "4", None]),
    st.sampled_from(["文明实践", "志愿服务", None]),
    st.sampled_from([BASE_CATALOGUE, "c2", None]))
# Mostly inside the period, so that groups hold several accounts and ranks go past 2.
rows = st.lists(st.tuples(st.sampled_from(TIMES[1:4] * 3 + TIMES), st.integers(-4, 6),
                          profiles), min_size=10, max_size=80)
queries = st.fixed_dictionaries({
    "by": st.sampled_from(GROUPINGS),
    "kind": st.sampled_from([None, None, None, "resident", "household", "building", "merchant",
                             "unit"]),
    "community": st.sampled_from([None, None, None, "1", "2", 10, "99"]),
    "top": st.sampled_from([None, 1, 2, 3]),
    "rollup": st.sampled_from(ROLLUPS + (None,))})


# -- the reference: straightforward Python over {profile: points} ------------------------------

def reference_sums(table, low=LOW, high=HIGH):
    """{profile: points} in the order profiles first appear in the table (in the period or not):
    an account's first contribution in that order says where it is placed."""
    sums = dict.fromkeys((profile for _at, _points, profile in table), 0)
    for at, points, profile in table:
        if low <= at < high:
            sums[profile] += points
    return {profile: points for profile, points in sums.items() if points}


def reference_contributions(sums, rollup, kind=None, community=None):
    for (account, kind_, comm, grid, household, building, category, rules), points \
            in sums.items():
        if community is not None and comm != community:
            continue
        if kind is None or kind_ == kind:
            yield account, kind_, comm, grid, category, rules, points
        if rollup is not None and (kind is None or rollup.is_target(kind)):
            for target in rollup.targets(kind_, household, building):
                target_kind = target.partition(":")[0]
                if kind is None or target_kind == kind:
                    yield target, target_kind, comm, grid, category, rules, points


def _order(group):
    return (group is None, str(group))


def reference_ranking(sums, *, by, kind, community, top, rollup, titles):
    community = None if community is None else str(community)
    field = {"community": 2, "grid": 3, "category": 4, "kind": 1}[by]
    points_by, placed, used = {}, {}, set()
    for row in reference_contributions(sums, rollup, kind, community):
        account, group = row[0], row[field]
        points_by[group, account] = points_by.get((group, account), 0) + row[6]
        placed.setdefault(account, row[1:4])
        used.add((group, row[5]))
    ordered = sorted(((key, points) for key, points in points_by.items() if points),
                     key=lambda item: (_order(item[0][0]), -item[1], item[0][1]))
    result, rank = [], 0
    for position, ((group, account), points) in enumerate(ordered):
        if position == 0 or group != ordered[position - 1][0][0]:
            first = position
        if position == first or points != ordered[position - 1][1]:
            rank = position - first + 1
        if top is None or rank <= top:
            result.append(RankingRow(group, rank, account, points, *placed[account]))
    catalogues = {}
    for group, rules in sorted((item for item in used if item[1]), key=lambda item: (
            _order(item[0]), item[1] != BASE_CATALOGUE, item[1])):
        catalogues.setdefault(group, []).append(titles.get(rules, rules))
    return result, catalogues


def reference_group_totals(sums, by):
    field = {"community": 2, "grid": 3, "category": 6, "kind": 1}[by]
    totals = {}
    for profile, points in sums.items():
        totals[profile[field]] = totals.get(profile[field], 0) + points
    return dict(sorted(totals.items(), key=lambda item: _order(item[0])))


def _columns(table):
    columns = EarnedColumns()
    for at, points, profile in table:
        columns.append(at, points, profile)
    return columns


def _check(columns, table, query):
    expected = reference_ranking(reference_sums(table), titles=TITLES, **query)
    got = ranking(columns, START, END, titles=TITLES, **query)
    assert isinstance(got, Ranking)
    assert (list(got), got.catalogues) == expected


# -- the checks ------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(rows, queries)
def test_rankings_equal_the_reference(table, query):
    _check(_columns(table), table, query)


@settings(max_examples=100, deadline=None)
@given(rows, st.sampled_from(GROUPINGS), st.sampled_from(ROLLUPS))
def test_group_totals_sums_and_rolled_totals_equal_the_reference(table, by, rollup):
    columns = _columns(table)
    sums = reference_sums(table)
    assert columns.sums(START, END) == sums
    assert columns.sums() == reference_sums(table, -(1 << 62), 1 << 62)
    assert group_totals(columns, START, END, by=by) == reference_group_totals(sums, by)
    for key in ("household:201", "building:31", "building:4", "resident:1", "unit:9"):
        kind = key.partition(":")[0]
        expected = sum(row[6] for row in reference_contributions(sums, rollup, kind)
                       if row[0] == key)
        assert rolled_total(columns, key, START, END, rollup) == expected


@settings(max_examples=60, deadline=None)
@given(rows, rows, queries)
def test_rows_added_after_a_ranking_show_in_the_next_one(first, later, query):
    columns = _columns(first)
    _check(columns.copy(), first, query)
    snapshot = columns.copy()
    for at, points, profile in later:
        columns.append(at, points, profile)
    _check(columns.copy(), first + later, query)
    _check(columns, first + later, query)
    _check(snapshot, first, query)          # a snapshot keeps its own rows
    for _ in later:
        columns.pop()
    _check(columns, first, query)


def test_a_snapshot_that_changes_stops_sharing_its_originals_results():
    profile = ("resident:1", "resident", "1", "11", None, None, "文明实践", BASE_CATALOGUE)
    other = ("resident:2", "resident", "1", "11", None, None, "文明实践", BASE_CATALOGUE)
    original = _columns([(LOW, 5, profile)])
    snapshot = original.copy()
    assert ranking(snapshot, START, END)[0].account == "resident:1"
    snapshot.append(LOW, 9, other)          # profile number 1 here ...
    original.append(LOW, 7, profile)        # ... and no new profile there
    assert [(row.account, row.points) for row in ranking(snapshot, START, END)] == [
        ("resident:2", 9), ("resident:1", 5)]
    assert [(row.account, row.points) for row in ranking(original, START, END)] == [
        ("resident:1", 12)]


# -- through the ledger: what is kept between rankings never hides a newer entry -------------

def test_an_award_after_a_ranking_shows_in_the_next_one(ledger):
    quarter = Period(2026, 2).bounds
    award(ledger, ALICE)
    first = ledger.ranking(*quarter, kind="resident")
    assert [(row.account, row.points) for row in first] == [("resident:1", 3)]
    award(ledger, BOB, quantity=2)
    assert [(row.account, row.rank, row.points) for row in ledger.ranking(*quarter,
                                                                          kind="resident")] == [
        ("resident:2", 1, 6), ("resident:1", 2, 3)]
    assert ledger.group_totals(*quarter) == {"2": 9}
    assert ledger.rolled_total("building:31", *quarter) == 9
    assert [(row.account, row.points) for row in first] == [("resident:1", 3)]


def test_a_rolled_back_award_leaves_the_next_ranking(ledger, opened):
    quarter = Period(2026, 2).bounds
    award(ledger, ALICE)
    assert len(ledger.ranking(*quarter, kind="resident")) == 1
    with pytest.raises(ValueError):
        with opened.transaction():
            award(ledger, BOB)
            assert len(ledger.ranking(*quarter, kind="resident")) == 2
            raise ValueError("撤销")
    assert [row.account for row in ledger.ranking(*quarter, kind="resident")] == ["resident:1"]
    award(ledger, BOB, quantity=2)
    assert [(row.account, row.points) for row in ledger.ranking(*quarter, kind="resident")] == [
        ("resident:2", 6), ("resident:1", 3)]
