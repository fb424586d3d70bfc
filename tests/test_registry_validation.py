"""Validation rules: each says in Chinese what to fix, and where."""

import datetime as dt

from meide.registry.validation import (Problem, ValidationError, check_id_number, check_licence,
                                       check_mobile, check_required, id_check_digit,
                                       uscc_check_char)
from tests.registry_support import valid_id


def test_a_valid_mobile_number_passes():
    assert check_mobile("13812345678") is None


def test_a_mobile_number_must_have_eleven_digits():
    problem = check_mobile("1381234567")
    assert "11位" in problem.message and problem.field == "phone"


def test_a_mobile_number_must_start_13_to_19():
    assert "13–19" in check_mobile("12812345678").message


def test_a_masked_number_is_named_as_such():
    assert "打码" in check_mobile("138****5678").message
    assert "打码" in check_id_number("3708**********1234").message


def test_a_valid_id_number_passes():
    assert check_id_number(valid_id()) is None
    assert check_id_number("11010519491231002X") is None      # the standard's own example


def test_an_id_number_with_a_wrong_check_digit_says_which_is_expected():
    number = valid_id()
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    problem = check_id_number(wrong)
    assert "校验位" in problem.message and f"应为{number[-1]}" in problem.message


def test_an_id_number_must_have_eighteen_characters():
    assert "18位" in check_id_number("37081119600302123").message


def test_an_id_number_needs_a_real_province_and_birth_date():
    first17 = "99081119600302123"
    assert "地区码" in check_id_number(first17 + id_check_digit(first17)).message
    first17 = "37081119601302123"
    assert "出生日期" in check_id_number(first17 + id_check_digit(first17)).message


def test_an_id_number_born_in_the_future_is_refused():
    first17 = "37081120300101123"
    problem = check_id_number(first17 + id_check_digit(first17), today=dt.date(2026, 1, 1))
    assert "不合理" in problem.message


def test_required_fields_name_themselves():
    assert check_required("", "name").message == "姓名不能为空，请填写"
    assert check_required("张三", "name") is None


def test_licence_numbers_are_checked_like_the_licence():
    first17 = "92370811MA3C12345"
    assert check_licence(first17 + uscc_check_char(first17)) is None
    wrong = "0" if uscc_check_char(first17) != "0" else "1"
    assert "校验位" in check_licence(first17 + wrong).message
    assert check_licence("370811600123456") is None            # an old 15-digit number
    assert "18位" in check_licence("12345").message


def test_problems_read_with_row_and_column():
    problem = Problem("手机号应为11位", "phone").at(row=5, column="手机号（D列）")
    assert str(problem) == "第5行「手机号（D列）」：手机号应为11位"
    assert str(Problem("已跳过", level="warning").at(row=7)) == "第7行：提示：已跳过"


def test_a_validation_error_carries_every_problem():
    error = ValidationError([Problem("一", "name"), Problem("二", "phone")])
    assert len(error.problems) == 2 and "另有1处问题" in str(error)
