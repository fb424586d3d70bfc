"""Normalisation: full-width digits and stray spaces are fixed, not rejected."""

import datetime as dt

import pytest

from meide.registry import normalize


def test_full_width_digits_and_spaces_become_plain():
    assert normalize.text("  １３８　１２３４ ") == "138 1234"
    assert normalize.phone("１３８ １２３４ ５６７８") == "13812345678"


def test_phone_numbers_lose_dashes_spaces_and_the_country_code():
    assert normalize.phone("138-1234-5678") == "13812345678"
    assert normalize.phone("+86 138 1234 5678") == "13812345678"
    assert normalize.phone(13812345678.0) == "13812345678"


def test_id_numbers_are_trimmed_and_x_upper_cased():
    assert normalize.id_number(" 11010119900307123x ") == "11010119900307123X"


def test_names_lose_inner_spaces_and_unify_the_middle_dot():
    assert normalize.name(" 张 晓华 ") == "张晓华"
    assert normalize.name("买买提•艾力") == "买买提·艾力"


@pytest.mark.parametrize("value", ["1950-03-02", "1950/3/2", "1950.3.2", "19500302",
                                   "1950年3月2日", dt.date(1950, 3, 2),
                                   dt.datetime(1950, 3, 2, 0, 0)])
def test_dates_in_common_forms_are_read(value):
    assert normalize.birth_date(value) == "1950-03-02"


def test_an_impossible_date_is_refused():
    with pytest.raises(ValueError):
        normalize.birth_date("1950-02-30")
    with pytest.raises(ValueError):
        normalize.birth_date("去年")


def test_gender_spellings_are_unified():
    assert [normalize.gender(v) for v in ("男", "女性", "M", "female", "")] == ["男", "女", "男", "女", ""]


@pytest.mark.parametrize("value", ["3", "3#", "3栋", "3幢", "3号", "3号楼", "三号楼", "３号楼"])
def test_building_labels_are_unified(value):
    assert normalize.building(value) == "3号楼"


def test_building_labels_keep_the_estate():
    assert normalize.building("书香苑 12栋") == "书香苑12号楼"


def test_stairwells_and_rooms_are_unified():
    assert [normalize.unit(v) for v in ("2", "2单元", "二单元", "")] == ["2单元", "2单元", "2单元", ""]
    assert normalize.room("301室") == "301"


def test_tags_split_on_any_separator_without_repeats():
    assert normalize.tags("党员、志愿者，党员;楼长") == ["党员", "志愿者", "楼长"]


def test_spreadsheet_numbers_that_lost_digits_are_recognised():
    assert normalize.number_was_mangled(1.10101199003071e17)
    assert not normalize.number_was_mangled("110101199003071234")
