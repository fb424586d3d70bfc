"""Building scores of a period: members' points per resident, the latest inspection, covenant
compliance, weights, stars, ranks and the scale of comparison."""

import datetime as dt
import itertools

import pytest

from meide import clock
from meide.points import Account, Catalogue, Ledger, default_catalogue
from meide.rating import DEFAULT_SCORECARDS
from meide.periods import Period
from meide.stairwells import (Inspections, StairwellSettings, StairwellSettingsInvalid,
                              score_buildings)
from meide.supermarket.redemption import resident_account

from .registry_support import add_resident, small_registry

Q3 = Period(2026, 3)
CARD = DEFAULT_SCORECARDS["stairwell"]
_keys = itertools.count(1)


@pytest.fixture
def world(tmp_path):
    """北门社区's 1号楼 (id 1), 2号楼 (2), 书香苑3号楼 (3); 翰林街社区's 1号楼 (4)."""
    with clock.frozen(dt.datetime(2026, 9, 20, 10, 0)):
        registry = small_registry(tmp_path / "data")
        ledger = Ledger(registry.store, default_catalogue.install(Catalogue(registry.store)))
        yield registry, ledger, Inspections(registry.store)
        registry.store.close()


def people(registry, building, count, community="北门社区"):
    return [add_resident(registry, name=f"居民{building}{n}", phone=f"139{next(_keys):08d}",
                         room=f"{n + 1}01", building=building, community=community)
            for n in range(count)]


def good_deeds(registry, ledger, resident, times=1):
    doc = registry.residents.get(resident)
    for _ in range(times):
        ledger.award(resident_account(doc), "GOOD_DEED", reason="好事", source="t:1", actor="x",
                     key=f"g{next(_keys)}")


def inspected(inspections, building, mark, on="2026-09-10"):
    return inspections.record(building=building, community=1, grid=1,
                              scored=CARD.score({c.code: mark for c in CARD.criteria}),
                              card_version=1, inspector="王楼长", inspected_on=on,
                              source="test:1", key=f"i{next(_keys)}")


def by_name(rows):
    return {row["building_name"]: row for row in rows}


def test_points_count_per_resident_so_a_big_building_is_not_favoured(world):
    registry, ledger, inspections = world
    for resident in people(registry, "1号楼", 4):
        good_deeds(registry, ledger, resident)                 # 4 × 5 = 20, 5 each
    good_deeds(registry, ledger, people(registry, "2号楼", 1)[0], 2)    # 10, 10 each
    rows = by_name(score_buildings(registry, ledger, inspections, Q3, community=1))
    assert (rows["1号楼"]["member_points"], rows["1号楼"]["per_resident"]) == (20, 5.0)
    assert rows["2号楼"]["members"] == 100.0 and rows["1号楼"]["members"] == 50.0
    assert rows["书香苑3号楼"]["members"] == 0.0 and rows["书香苑3号楼"]["residents"] == 0


def test_the_latest_inspection_of_the_period_counts(world):
    registry, ledger, inspections = world
    inspected(inspections, 1, 60, on="2026-06-30")             # the quarter before
    inspected(inspections, 1, 90, on="2026-07-05")
    inspected(inspections, 1, 70, on="2026-09-01")
    rows = by_name(score_buildings(registry, ledger, inspections, Q3, community=1))
    assert rows["1号楼"]["inspection"] == 70 and rows["1号楼"]["inspected_on"] == "2026-09-01"
    assert rows["2号楼"]["inspection"] is None


def test_covenant_deductions_lower_compliance_per_resident_not_members(world):
    registry, ledger, inspections = world
    residents = people(registry, "1号楼", 2)
    good_deeds(registry, ledger, residents[0], 2)
    doc = registry.residents.get(residents[0])
    ledger.deduct(resident_account(doc), "COVENANT_CLUTTER", reason="楼道堆物", source="t:1",
                  actor="x", key="c1", evidence=["照片.jpg"])
    row = by_name(score_buildings(registry, ledger, inspections, Q3, community=1))["1号楼"]
    # 2 points deducted over 2 residents at 50 a point per resident: 100 - 50 = 50.
    assert (row["covenant_deducted"], row["compliance"], row["member_points"]) == (2, 50.0, 10)


def test_the_buildings_own_points_are_not_its_members_points(world):
    registry, ledger, inspections = world
    people(registry, "1号楼", 1)
    ledger.award(Account("building", "1", community="1", grid="1"), "STAIRWELL_INSPECTION",
                 reason="检查达标", source="t:1", actor="x", key="b1")
    row = by_name(score_buildings(registry, ledger, inspections, Q3, community=1))["1号楼"]
    assert row["member_points"] == 0 and row["members"] == 0.0


def test_score_stars_and_ranks_from_the_weights(world):
    registry, ledger, inspections = world
    good_deeds(registry, ledger, people(registry, "1号楼", 1)[0])
    inspected(inspections, 1, 90)
    inspected(inspections, 2, 90)
    rows = score_buildings(registry, ledger, inspections, Q3, community=1)
    # 1号楼: 0.4×100 + 0.4×90 + 0.2×100 = 96; 2号楼: 0 + 36 + 20 = 56; 书香苑3号楼: 20.
    assert [(r["building_name"], r["score"], r["stars"], r["rank"]) for r in rows] == [
        ("1号楼", 96.0, 5, 1), ("2号楼", 56.0, 1, 2), ("书香苑3号楼", 20.0, 0, 3)]
    only_inspection = StairwellSettings(weights={"inspection": 1})
    rows = score_buildings(registry, ledger, inspections, Q3, community=1,
                           settings=only_inspection)
    assert [(r["building_name"], r["score"], r["rank"]) for r in rows] == [
        ("1号楼", 90.0, 1), ("2号楼", 90.0, 1), ("书香苑3号楼", 0.0, 3)]


def test_members_are_compared_within_a_community_or_across_the_subdistrict(world):
    registry, ledger, inspections = world
    good_deeds(registry, ledger, people(registry, "1号楼", 1)[0], 1)
    good_deeds(registry, ledger, people(registry, "1号楼", 1, community="翰林街社区")[0], 4)
    rows = score_buildings(registry, ledger, inspections, Q3)
    assert {(r["community_name"], r["members"]) for r in rows if r["member_points"]} == {
        ("北门社区", 100.0), ("翰林街社区", 100.0)}
    wide = score_buildings(registry, ledger, inspections, Q3,
                           settings=StairwellSettings(compare_across="subdistrict"))
    assert {(r["community_name"], r["members"]) for r in wide if r["member_points"]} == {
        ("北门社区", 25.0), ("翰林街社区", 100.0)}


@pytest.mark.parametrize("change, words", [
    (dict(weights={"beauty": 1}), "beauty"),
    (dict(weights={"members": -1, "inspection": 1}), "权重"),
    (dict(weights={"members": 0}), "合计"),
    (dict(thresholds={5: 60, 4: 80}), "越高"),
    (dict(covenant_penalty=-1), "负数"),
    (dict(compare_across="city"), "community"),
])
def test_bad_settings_say_what_to_fix(change, words):
    with pytest.raises(StairwellSettingsInvalid, match=words):
        StairwellSettings(**change)
