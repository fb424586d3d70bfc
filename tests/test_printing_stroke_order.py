"""Names in mainland surname-stroke order: stroke count, then 横竖撇点折, compound surnames as units."""

import random

import pytest

from meide.names import COMPOUND_SURNAMES
from meide.printing.stroke_order import (FALLBACKS, char_key, name_key, reset_fallbacks,
                                         sort_by_name, stroke_count_order, strokes)

# The 300 most common surnames in mainland stroke order. Counts are Unihan's kTotalStrokes and
# agree with the length of every sequence; the groups up to 5 strokes were checked by hand
# against the written strokes (丁 一亅, 卜 丨丶, 刁 乛㇀; 王 韦 区 尤 车 牛 毛 仇 卞 文 方 尹 孔 邓 …).
# 叶/申 and 佘/余 have the same strokes and go by code point.
SURNAMES_300 = (
    "丁卜刁" "于万卫马" "王韦区尤车牛毛仇卞文方尹孔邓"
    "甘艾古左厉石龙卢帅叶申田史冉付白仝丛乐包邝冯兰宁司皮边"
    "匡邢吉巩朴权成毕师曲吕朱乔伍仲任华伊向全邬庄刘齐闫关米江池汤安祁许农阮孙阳牟纪"
    "麦花严芦劳苏杜巫李杨豆连肖时吴岑邱何佟位佘余谷邹应冷辛闵汪沙沈宋迟张陆陈邵"
    "武苗苟苑范林郁欧卓尚明易罗和季岳金周冼庞郑单宗官郎房屈孟练"
    "封项赵郝荆荣胡南柯查柏柳钟郜段侯俞饶施闻姜娄宫祝费胥姚贺骆"
    "秦班敖袁耿聂莫桂栗贾夏原顾柴党晏钱倪徐殷奚翁凌栾高郭席唐海涂谈陶姬桑"
    "黄梅曹戚龚盛常崔符盘麻康章商盖梁寇谌屠隋"
    "彭葛董蒋韩惠覃粟景喻程焦储舒鲁童曾温游谢强"
    "鄢靳蓝蒲蒙楚楼甄雷虞路简詹鲍解满窦褚"
    "蔡蔺臧裴管廖阚谭翟熊缪" "樊黎滕颜潘" "燕薛霍冀穆" "戴鞠魏" "瞿"
)
# Hand-checked stroke counts of the first groups.
COUNTS = {"丁": 2, "卜": 2, "刁": 2, "于": 3, "万": 3, "卫": 3, "马": 3, "王": 4, "孔": 4, "邓": 4,
          "苏": 7, "郑": 8, "周": 8, "赵": 9, "黄": 11, "韩": 12}


def test_the_300_common_surnames_come_in_mainland_stroke_order():
    assert len(SURNAMES_300) == len(set(SURNAMES_300)) == 300
    shuffled = list(SURNAMES_300)
    random.Random(20).shuffle(shuffled)
    assert "".join(stroke_count_order(shuffled)) == SURNAMES_300


@pytest.mark.parametrize("char,count", sorted(COUNTS.items()))
def test_stroke_counts_are_the_mainland_simplified_ones(char, count):
    assert strokes()[char][0] == count == len(strokes()[char][1])


@pytest.mark.parametrize("earlier,later", [("邓", "田"), ("苏", "周"), ("郑", "赵"), ("黄", "韩")])
def test_the_pairs_icu_got_wrong(earlier, later):
    assert stroke_count_order([later + "伟", earlier + "伟"]) == [earlier + "伟", later + "伟"]


def test_equal_counts_go_by_the_strokes_heng_shu_pie_dian_zhe():
    # 石 13251, 田 25121, 白 32511, 冯 41551, 司 51251: all five strokes, first strokes 横竖撇点折.
    assert stroke_count_order(["司娟", "冯丽", "白云", "田野", "石磊"]) == ["石磊", "田野", "白云",
                                                                       "冯丽", "司娟"]


@pytest.mark.parametrize("compound", COMPOUND_SURNAMES)
def test_a_compound_surname_follows_the_single_surname_it_begins_with(compound):
    first = compound[0]
    names = [compound + "一", first + "龘", first + "一"]
    ordered = stroke_count_order(names)
    assert ordered == [first + "一", first + "龘", compound + "一"]
    # ...and sorts among the other surnames by that first character.
    after = next(c for c in SURNAMES_300 if char_key(c) > char_key(first))
    assert stroke_count_order([after + "一", compound + "一"]) == [compound + "一", after + "一"]


def test_the_same_surname_goes_by_the_given_name_character_by_character():
    # 一 1 stroke, 伟 6, then 丽 and 秀 with 7: 丽 starts with 横, 秀 with 撇.
    assert stroke_count_order(["王秀英", "王丽", "王伟", "王一"]) == ["王一", "王伟", "王丽", "王秀英"]


def test_a_shorter_name_comes_before_a_longer_one_that_starts_like_it():
    assert stroke_count_order(["张三丰", "张三"]) == ["张三", "张三丰"]


def test_equal_names_keep_their_order_or_follow_the_tiebreak():
    people = [{"name": "张伟", "id": 9}, {"name": "王五", "id": 1}, {"name": "张伟", "id": 3}]
    assert [p["id"] for p in sort_by_name(people)] == [1, 9, 3]
    assert [p["id"] for p in sort_by_name(people, tiebreak=lambda p: p["id"])] == [1, 3, 9]


def test_spaces_do_not_matter_and_characters_outside_the_data_sort_last_and_are_counted():
    assert name_key("张 伟") == name_key("张伟")
    reset_fallbacks()
    # 龘 has a count (48) but no sequence; 𰻞 (Extension G) and Latin letters are not in the data.
    assert stroke_count_order(["Anna", "𰻞明", "龘一", "王伟"]) == ["王伟", "龘一", "Anna", "𰻞明"]
    assert {"龘", "𰻞", "A"} <= set(FALLBACKS)
    assert "王" not in FALLBACKS
