"""Scorecards: weighted totals, stars by thresholds, vetoes, validation and saved versions."""

import dataclasses

import pytest

import store
from meide.rating import DEFAULT_SCORECARDS, Criterion, Scorecard, ScorecardInvalid, Scorecards

MERCHANT = DEFAULT_SCORECARDS["merchant"]
GOOD = {"honest": 95, "prices": 90, "hygiene": 92, "service": 95, "charity": 90, "complaints": 100}


def test_weighted_total_and_stars():
    scored = MERCHANT.score(GOOD)
    # (25*95 + 15*90 + 15*92 + 20*95 + 15*90 + 10*100) / 100
    assert scored.total == 93.5
    assert scored.stars == 5 and scored.vetoed_by == ()


@pytest.mark.parametrize("total, stars", [(100, 5), (90, 5), (89.9, 4), (70, 3), (50, 1), (49.9, 0)])
def test_stars_by_threshold(total, stars):
    assert MERCHANT.stars_for(total) == stars


def test_a_veto_line_caps_the_stars_whatever_the_total():
    scored = MERCHANT.score({**GOOD, "complaints": 40})
    assert scored.total > 80 and scored.stars == 2
    assert scored.vetoed_by == ("complaints",)


@pytest.mark.parametrize("marks, words", [
    ({k: v for k, v in GOOD.items() if k != "prices"}, "明码标价"),
    ({**GOOD, "prices": 101}, "0–100"),
    ({**GOOD, "prices": "很好"}, "很好"),
    ({**GOOD, "bogus": 1}, "bogus"),
])
def test_bad_marks_say_what_to_fix(marks, words):
    with pytest.raises(ScorecardInvalid, match=words):
        MERCHANT.score(marks)


@pytest.mark.parametrize("change, words", [
    (dict(criteria=()), "至少"),
    (dict(criteria=(Criterion("a", "甲", 1), Criterion("a", "乙", 1))), "重复"),
    (dict(criteria=(Criterion("a", "甲", 0),)), "权重"),
    (dict(thresholds={5: 60, 4: 80}), "越高"),
    (dict(thresholds={6: 90}), "1 到 5"),
])
def test_invalid_scorecards_are_refused(change, words):
    with pytest.raises(ScorecardInvalid, match=words):
        dataclasses.replace(MERCHANT, **change)


def test_every_default_scorecard_marks_full_as_five_stars():
    for card in DEFAULT_SCORECARDS.values():
        assert card.score({c.code: 100 for c in card.criteria}).stars == 5, card.kind


def test_saved_versions_replace_the_default_and_old_versions_stay_readable(tmp_path):
    with store.open_store(tmp_path / "data") as opened:
        cards = Scorecards(opened)
        assert cards.current("merchant") is MERCHANT
        stricter = dataclasses.replace(MERCHANT, thresholds={5: 95, 4: 85, 3: 75, 2: 65, 1: 55})
        saved = cards.save(stricter, saved_by="jiedao")
        assert saved.version == 2
    with store.open_store(tmp_path / "data") as opened:
        cards = Scorecards(opened)
        assert cards.current("merchant").thresholds[5] == 95
        assert cards.version("merchant", 1) == MERCHANT
        assert cards.current("merchant").score(GOOD).stars == 4
        with pytest.raises(ScorecardInvalid, match="没有"):
            cards.current("spaceship")
