"""Names in surname-stroke order, from ICU's stroke collation, with compound surnames as units."""

from meide.printing.stroke_order import LOCALE, name_key, sort_by_name, stroke_count_order


def test_the_order_is_icus_stroke_collation():
    assert "collation=stroke" in LOCALE


def test_surnames_go_by_stroke_count():
    # 丁 2, 王 4, 张 7, 欧 8, 诸 10 strokes (Unihan kTotalStrokes)
    names = ["诸娟", "欧丽", "张伟", "王五", "丁一"]
    assert stroke_count_order(names) == ["丁一", "王五", "张伟", "欧丽", "诸娟"]


def test_a_compound_surname_sorts_by_its_first_character_after_the_single_surname():
    names = ["田野", "司马光", "司娟", "欧阳晓华", "欧丽", "诸葛亮", "诸娟"]
    assert stroke_count_order(names) == ["司娟", "司马光", "田野", "欧丽", "欧阳晓华", "诸娟",
                                         "诸葛亮"]


def test_the_same_surname_goes_by_the_given_name():
    assert stroke_count_order(["王伟", "王一", "王秀英"]) == ["王一", "王伟", "王秀英"]


def test_a_shorter_name_comes_before_a_longer_one_that_starts_like_it():
    assert stroke_count_order(["张三丰", "张三"]) == ["张三", "张三丰"]


def test_equal_names_keep_their_order_or_follow_the_tiebreak():
    people = [{"name": "张伟", "id": 9}, {"name": "王五", "id": 1}, {"name": "张伟", "id": 3}]
    assert [p["id"] for p in sort_by_name(people)] == [1, 9, 3]
    assert [p["id"] for p in sort_by_name(people, tiebreak=lambda p: p["id"])] == [1, 3, 9]


def test_equal_stroke_counts_have_a_fixed_order():
    # 田, 白, 石 and 司 all have 5 strokes: ICU orders them by radical, the same way every time.
    names = ["石磊", "白云", "田野", "司娟"]
    assert stroke_count_order(names) == stroke_count_order(list(reversed(names)))
    assert len({name_key(name) for name in names}) == 4


def test_spaces_inside_a_name_do_not_matter_and_rare_characters_sort_after_common_ones():
    assert name_key("张 伟") == name_key("张伟")
    assert stroke_count_order(["𰻞明", "龘一", "王伟"]) == ["王伟", "龘一", "𰻞明"]
