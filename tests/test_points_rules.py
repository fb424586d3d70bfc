"""A rule version: points per event or hour, rounding, caps and validation."""

import datetime as dt
from fractions import Fraction

import pytest

from meide.points import InvalidQuantity, Rule, RuleInvalid
from meide.points.rules import normalise_quantity, round_half_up


def _rule(**changes):
    fields = dict(code="VOLUNTEER_HOUR", name="志愿服务", category="志愿服务", points=3, per="hour")
    return Rule(**{**fields, **changes})


def test_round_half_up_rounds_halves_away_from_zero():
    assert [round_half_up(Fraction(n, 2)) for n in (1, 3, 5, -3, -5)] == [1, 2, 3, -2, -3]
    assert round_half_up(Fraction(7, 3)) == 2


def test_per_hour_points_multiply_half_hours_and_round_half_up():
    rule = _rule()
    assert [rule.points_for(h) for h in (0.5, 1, 1.5, 2.5, 4)] == [2, 3, 5, 8, 12]


def test_per_event_points_multiply_a_whole_count():
    assert _rule(per="event", points=5).points_for(3) == 15
    assert _rule(per="event", points=-2).points_for(2) == -4


def test_quantities_are_validated_and_normalised():
    assert normalise_quantity(2.0, "event") == 2
    assert isinstance(normalise_quantity(2.0, "event"), int)
    assert normalise_quantity(Fraction(3, 2), "hour") == 1.5
    for bad, per in ((0.5, "event"), (1.2, "hour"), (0, "hour"), (True, "event"), ("1", "event")):
        with pytest.raises(InvalidQuantity):
            normalise_quantity(bad, per)


def test_invalid_rules_are_refused_with_every_problem_named():
    with pytest.raises(RuleInvalid) as caught:
        Rule(code="bad code", name="", category="", points=0, per="week", applies_to=("alien",))
    message = str(caught.value)
    for part in ("规则代码", "规则名称", "类别", "分值", "计分方式", "适用对象"):
        assert part in message


def test_caps_must_be_positive_and_allow_at_least_one_award():
    with pytest.raises(RuleInvalid, match="每日上限必须是正整数"):
        _rule(day_cap=0)
    with pytest.raises(RuleInvalid, match="小于一次最少的分值"):
        _rule(per="event", points=5, month_cap=4)
    assert _rule(day_cap=2).day_cap == 2        # half an hour at 3 points an hour is 2 points


def test_effective_dates_are_inclusive_and_ordered():
    rule = _rule(effective_from="2026-01-01", effective_to=dt.date(2026, 6, 30))
    assert rule.in_effect(dt.date(2026, 6, 30)) and not rule.in_effect(dt.date(2026, 7, 1))
    assert not rule.in_effect(dt.date(2025, 12, 31))
    with pytest.raises(RuleInvalid, match="失效日期"):
        _rule(effective_from="2026-07-01", effective_to="2026-01-01")


def test_caps_are_listed_day_first():
    assert _rule(year_cap=100, day_cap=10).caps() == [("day", 10), ("year", 100)]


def test_a_rule_round_trips_through_its_stored_document():
    rule = _rule(day_cap=8, applies_to=("resident", "child"), effective_from="2026-03-01",
                 description="按签到时长")
    assert Rule.from_doc({**rule.to_doc(), "record": "rule", "actor": "x"}) == rule


def test_with_changes_refuses_unknown_settings():
    with pytest.raises(RuleInvalid, match="没有这些设置项"):
        _rule().with_changes(pointz=3)


def test_deduction_rules_have_negative_points():
    assert _rule(points=-2, per="event").is_deduction
    assert not _rule().is_deduction and _rule().unit == "小时"
