"""Pinyin keys: initials and full pinyin, with surname readings and compound surnames."""

import pytest

from meide.registry import pinyin


@pytest.mark.parametrize("name, initials, full", [
    ("张晓华", "zxh", "zhangxiaohua"), ("曾国藩", "zgf", "zengguofan"),
    ("单田芳", "stf", "shantianfang"), ("欧阳娜娜", "oynn", "ouyangnana"),
    ("尉迟敬德", "ycjd", "yuchijingde"),
])
def test_names_get_their_initials_and_full_pinyin(name, initials, full):
    assert pinyin.initials(name) == initials and pinyin.full(name) == full


def test_compound_surnames_split_off_whole():
    assert pinyin.split_surname("欧阳娜娜") == ("欧阳", "娜娜")
    assert pinyin.split_surname("张三") == ("张", "三")
