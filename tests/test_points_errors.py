"""Points errors: one hierarchy, messages in Chinese that say what happened and what to do."""

import re

import pytest

from meide.points import Rule, errors

HAN = re.compile(r"[\u4e00-\u9fff]")
RULE = Rule("HELP", "邻里互助", "邻里互助", 3, day_cap=6)


@pytest.mark.parametrize("error", [
    errors.CatalogueNotFound("community:9", ["subdistrict"]),
    errors.RuleNotFound("HLEP", ["HELP(邻里互助)"]),
    errors.RuleNotApplicable(RULE, "商户账户 merchant:7"),
    errors.WrongDirection(RULE, "deduct"),
    errors.EvidenceRequired(RULE),
    errors.ReviewRequired(RULE),
    errors.CapExceeded(RULE, "day", 6, 3, 6),
    errors.InsufficientBalance("resident:1", 3, 5),
    errors.EntryNotFound(12),
    errors.AlreadyReversed(12, 15),
    errors.NotReversible(15),
    errors.IdempotencyConflict("k1", 12),
], ids=lambda error: type(error).__name__)
def test_every_error_is_a_points_error_with_a_chinese_message_that_says_what_to_do(error):
    assert isinstance(error, errors.PointsError)
    message = str(error)
    assert HAN.search(message)
    assert re.search("请|可|不能|您是不是", message), message


def test_cap_exceeded_names_the_cap_the_rule_and_what_remains():
    error = errors.CapExceeded(RULE, "month", 30, 27, 6)
    assert (error.cap, error.remaining, error.limit, error.used) == ("month", 3, 30, 27)
    assert "每月" in str(error) and "邻里互助" in str(error) and "还可记 3 分" in str(error)


def test_cap_exceeded_with_less_than_one_event_left_says_to_wait():
    message = str(errors.CapExceeded(RULE, "day", 6, 5, 3))
    assert "还剩 1 分额度，不够记一次" in message


def test_insufficient_balance_says_how_much_is_missing():
    error = errors.InsufficientBalance("resident:1", 3, 10)
    assert (error.balance, error.needed) == (3, 10) and "还差 7 分" in str(error)


def test_rule_not_found_without_suggestions_points_to_the_catalogue():
    assert "积分规则目录" in str(errors.RuleNotFound("ZZZ"))
