"""Validation rules: each says in Chinese what to fix, and where."""

import datetime as dt

import pytest

from meide.registry.validation import (Problem, ValidationError, check_id_number, check_licence,
                                       check_mobile, check_required, check_text, id_check_digit,
                                       uscc_check_char)
from tests.registry_support import add_resident, valid_id


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


# -- text: length and control characters ------------------------------------------------------

def test_a_name_may_have_fifty_characters_and_no_more():
    assert check_text("张" * 50, "name") is None
    problem = check_text("张" * 51, "name")
    assert problem.field == "name" and "最多50个字" in problem.message and "51" in problem.message


def test_other_text_fields_take_two_hundred_characters():
    assert check_text("号" * 200, "address") is None
    assert "最多200个字" in check_text("号" * 201, "address").message


def test_control_characters_are_refused_and_named():
    problem = check_text("张\x00三\x1b[31m", "name")
    assert "控制字符" in problem.message and "U+0000、U+001B" in problem.message
    assert "控制字符" in check_text("\u202e楼号1", "building").message     # a bidi override


def test_emoji_joiners_and_minority_name_dots_are_text_not_controls():
    assert check_text("阿依古丽·买买提", "name") is None
    assert check_text("👨‍👩‍👧", "tags") is None


# Each book that takes a name, with the other values an addition needs.
NAMED = {"communities": {}, "grids": {"community": "北门社区"},
         "teams": {"community": "北门社区"},
         "merchants": {"owner": "刘店主", "community": "北门社区", "grid": "第一网格"},
         "units": {"kind": "物业", "community": "北门社区"},
         "residents": {"gender": "男", "birth_date": "1960-03-02", "phone": "13812345678",
                       "community": "北门社区", "building": "1号楼", "unit": "1", "room": "301"}}


@pytest.mark.parametrize("book", list(NAMED))
@pytest.mark.parametrize("name, refused", [("张" * 10_000, "最多50个字"), ("张\x00三", "控制字符"),
                                           ("李\x1b[2J四", "控制字符")])
def test_every_book_refuses_an_overlong_name_or_control_characters(registry, book, name,
                                                                   refused):
    before = len(getattr(registry, book).table)
    with pytest.raises(ValidationError) as caught:
        getattr(registry, book).add(name=name, **NAMED[book])
    assert any(p.field == "name" and refused in p.message for p in caught.value.problems)
    assert len(getattr(registry, book).table) == before


@pytest.mark.parametrize("book", list(NAMED))
def test_every_book_takes_a_fifty_character_name(registry, book):
    doc_id = getattr(registry, book).add(name="欧阳" + "晓" * 48, **NAMED[book])
    assert getattr(registry, book).get(doc_id)["name"] == "欧阳" + "晓" * 48


def test_an_update_is_checked_too_and_a_long_tag_is_refused(registry):
    resident = add_resident(registry)
    with pytest.raises(ValidationError, match="最多200个字"):
        registry.residents.update(resident, room="1" * 300)
    with pytest.raises(ValidationError, match="标签最多20个字"):
        registry.residents.update(resident, tags=["党员", "志" * 21])
    assert registry.residents.get(resident)["room"] == "301"


def test_an_imported_row_with_a_control_character_is_refused_at_its_row(registry, tmp_path):
    from meide.registry.importer import import_roster
    path = tmp_path / "roster.csv"
    path.write_text("姓名,性别,出生日期,手机号,楼栋,单元,门牌号\n"
                    "张晓华,男,1960-03-02,13812345678,1号楼,1,301\n"
                    "李\x07四,女,1961-04-05,13912345678,1号楼,1,302\n", "utf-8")
    with pytest.raises(ValidationError) as caught:
        import_roster(registry, "residents", path, community="北门社区")
    problems = caught.value.report.errors
    assert [(p.row, p.field) for p in problems] == [(3, "name")] and "U+0007" in problems[0].message
    assert registry.residents.count() == 0
