"""Evaluation periods, the rotating plaque's history (closed once, holders kept) and award room."""

import datetime as dt

import pytest

import store
from meide import clock
from meide.points import Account, Catalogue, Ledger, default_catalogue
from meide.periods import Period
from meide.stairwells import PeriodAlreadyClosed, RotatingPlaque, award_fits

BEST = {"building": 3, "building_name": "书香苑3号楼", "community_name": "翰林街社区",
        "score": 96.5, "stars": 5, "rank": 1}


@pytest.fixture
def opened(tmp_path):
    with clock.frozen(dt.datetime(2026, 10, 2, 9, 0)):
        handle = store.open_store(tmp_path / "data")
        yield handle
        handle.close()


@pytest.mark.parametrize("text, label, start, last, following", [
    ("2026Q3", "2026年第三季度", "2026-07-01", "2026-09-30", "2026Q4"),
    ("2026Q4", "2026年第四季度", "2026-10-01", "2026-12-31", "2027Q1"),
    ("2026-12", "2026年12月", "2026-12-01", "2026-12-31", "2027-01"),
])
def test_periods_parse_label_and_follow_on(text, label, start, last, following):
    period = Period.parse(text)
    assert period.key == text and period.label == label
    assert (period.start.isoformat(), period.last_day.isoformat()) == (start, last)
    assert period.next().key == following


@pytest.mark.parametrize("text, words", [("2026Q5", "2026Q3"), ("26-3", "2026Q3")])
def test_a_bad_period_says_how_to_write_it(text, words):
    with pytest.raises(ValueError, match=words):
        Period.parse(text)
    with pytest.raises(ValueError, match="1 到 12"):
        Period(2026, 13, "month")


def test_the_holder_holds_the_next_period_and_history_is_kept(opened):
    plaque = RotatingPlaque(opened)
    plaque.hand_over(scope=2, scope_name="翰林街社区", period=Period(2026, 3), holder=BEST,
                     source="t:1", key="k1")
    second = {**BEST, "building": 1, "building_name": "书香苑1号楼", "score": 91.0}
    plaque.hand_over(scope=2, scope_name="翰林街社区", period=Period(2026, 4), holder=second,
                     source="t:2", key="k2")
    history = plaque.history(2)
    assert [(d["period"]["label"], d["holds_for"]["label"], d["holder"]["building_name"])
            for d in history] == [("2026年第三季度", "2026年第四季度", "书香苑3号楼"),
                                  ("2026年第四季度", "2027年第一季度", "书香苑1号楼")]
    assert plaque.holder(2)["building_name"] == "书香苑1号楼"
    assert plaque.history(1) == [] and plaque.holder(1) is None


def test_a_period_closes_once_but_a_retry_returns_the_first_close(opened):
    plaque = RotatingPlaque(opened)
    first = plaque.hand_over(scope=2, scope_name="翰林街社区", period=Period(2026, 3),
                             holder=BEST, source="t:1", key="k1")
    again = plaque.hand_over(scope=2, scope_name="翰林街社区", period=Period(2026, 3),
                             holder=BEST, source="t:1", key="k1")
    assert again.doc_id == first.doc_id and len(plaque.history(2)) == 1
    with pytest.raises(PeriodAlreadyClosed, match="翰林街社区2026年第三季度已经结算过"):
        plaque.hand_over(scope=2, scope_name="翰林街社区", period=Period(2026, 3),
                         holder=BEST, source="t:9", key="k9")


def test_a_period_without_a_starred_building_keeps_the_current_holder(opened):
    plaque = RotatingPlaque(opened)
    plaque.hand_over(scope=2, scope_name="翰林街社区", period=Period(2026, 3), holder=BEST,
                     source="t:1", key="k1")
    plaque.hand_over(scope=2, scope_name="翰林街社区", period=Period(2026, 4), holder=None,
                     source="t:2", key="k2")
    assert len(plaque.history(2)) == 2 and plaque.holder(2)["building_name"] == "书香苑3号楼"


def test_award_room_follows_the_rules_caps_and_reversals(opened):
    ledger = Ledger(opened, default_catalogue.install(Catalogue(opened)))
    building = Account("building", "1", community="1", grid="1")
    assert award_fits(ledger, building, "STAIRWELL_INSPECTION")
    entry = ledger.award(building, "STAIRWELL_INSPECTION", reason="达标", source="t:1",
                         actor="x", key="a1")
    assert not award_fits(ledger, building, "STAIRWELL_INSPECTION")     # 5 a month
    ledger.reverse(entry, reason="误录", actor="x", key="r1")
    assert award_fits(ledger, building, "STAIRWELL_INSPECTION")
    with clock.frozen(dt.datetime(2026, 11, 2, 9, 0)):
        ledger.award(building, "STAIRWELL_INSPECTION", reason="达标", source="t:2", actor="x",
                     key="a2")
        assert not award_fits(ledger, building, "STAIRWELL_INSPECTION")
    with clock.frozen(dt.datetime(2026, 12, 2, 9, 0)):
        assert award_fits(ledger, building, "STAIRWELL_INSPECTION")
