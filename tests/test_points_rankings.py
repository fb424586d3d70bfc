"""Rankings per community, grid, category and kind; group totals; roll-ups in rankings."""

import datetime as dt

import pytest

from meide import clock
from meide.periods import Period
from meide.points import InvalidRequest
from tests.points_support import (ALICE, BLOCK, BOB, CAROL, CHILD, DAVE, SHOP, award,  # noqa: F401
                                  catalogue, frozen_clock, ledger, opened)

Q2 = Period(2026, 2).bounds


@pytest.fixture
def scored(ledger):
    award(ledger, ALICE, quantity=2)                    # 6, 翰林街 "2"
    award(ledger, BOB, quantity=2)                      # 6, ties with Alice
    award(ledger, BOB, "CLASS_QIAOSHOU")                # 3 more (翰林街 pays 3)
    award(ledger, CAROL)                                # 3, 铁塔寺 "3"
    award(ledger, DAVE)                                 # 3, 北门 "1"
    award(ledger, SHOP, "MERCHANT_SERVICE")             # 5, 铁塔寺
    award(ledger, CHILD, "GUARD_TIDY")                  # 3, 关帝庙 "4"
    award(ledger, BLOCK, "STAIRWELL_INSPECTION")        # 5, the building's own points
    return ledger


def _rows(ranking):
    return [(row.group, row.rank, row.account, row.points) for row in ranking]


def test_residents_rank_within_each_community(scored):
    ranking = scored.ranking(*Q2, by="community", kind="resident")
    assert _rows(ranking) == [
        ("1", 1, "resident:4", 3),
        ("2", 1, "resident:2", 9), ("2", 2, "resident:1", 6),
        ("3", 1, "resident:3", 3),
        ("4", 1, "resident:5", 3)]


def test_ties_share_a_rank_and_top_keeps_ties_at_the_edge(scored):
    award(scored, ALICE, "CLASS_QIAOSHOU")
    ranking = scored.ranking(*Q2, by="community", kind="resident", community="2", top=1)
    assert _rows(ranking) == [("2", 1, "resident:1", 9), ("2", 1, "resident:2", 9)]


def test_rankings_by_grid_category_and_kind(scored):
    by_grid = scored.ranking(*Q2, by="grid", kind="merchant")
    assert _rows(by_grid) == [("32", 1, "merchant:7", 5)]
    by_category = scored.ranking(*Q2, by="category", kind="resident", top=1)
    assert ("文明实践", 1, "resident:2", 3) in _rows(by_category)
    by_kind = scored.ranking(*Q2, by="kind", top=1)
    assert {row.group for row in by_kind} == {"resident", "household", "building", "merchant"}


def test_buildings_rank_on_their_own_points_plus_their_members(scored):
    buildings = scored.ranking(*Q2, by="community", kind="building", community="2")
    assert _rows(buildings) == [("2", 1, "building:31", 5 + 6 + 9)]
    assert scored.rolled_total("building:31", *Q2) == 20
    assert scored.rolled_total("household:201", *Q2) == 15


def test_only_points_earned_in_the_period_count(scored):
    with clock.frozen(dt.datetime(2026, 7, 2, 9)):
        award(scored, CAROL, quantity=2)
        scored.redeem(ALICE, 5, reason="兑换", source="o", actor="s", key="o")
    q3 = scored.ranking(*Period(2026, 3).bounds, by="community", kind="resident")
    assert _rows(q3) == [("3", 1, "resident:3", 6)]


def test_a_reversal_later_removes_points_from_the_original_period(scored):
    entry = scored.history(ALICE.key)[0]
    with clock.frozen(dt.datetime(2026, 8, 1, 9)):
        scored.reverse(entry, reason="申诉", actor="s", key="rv")
    ranking = scored.ranking(*Q2, by="community", kind="resident", community="2")
    assert _rows(ranking) == [("2", 1, "resident:2", 9)]


def test_group_totals_count_each_entry_once(scored):
    assert scored.group_totals(*Q2, by="community") == {"1": 3, "2": 20, "3": 8, "4": 3}
    assert scored.group_totals(*Q2, by="kind") == {"building": 5, "merchant": 5,
                                                   "resident": 24}


def test_ranking_says_which_catalogues_applied(scored):
    ranking = scored.ranking(*Q2, by="community", kind="resident")
    assert ranking.catalogues["2"] == ["街道积分规则", "翰林街社区 信用楼道积分细则"]
    assert list(ranking.groups()) == ["1", "2", "3", "4"]


def test_unknown_grouping_is_refused(scored):
    with pytest.raises(InvalidRequest, match="排名分组"):
        scored.ranking(*Q2, by="street")
