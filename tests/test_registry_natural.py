"""Grids and communities in their natural order: 第一、第二…第十网格 by number, not as text sorts."""

import pytest

from meide.registry.natural import chinese_number, natural_order, numbers_in

from .registry_support import registry  # noqa: F401  (fixture)


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十一", 11), ("二十", 20),
                                          ("二十三", 23), ("一百零五", 105), ("两", 2),
                                          ("12", 12), ("１２", 12)])
def test_numbers_written_in_chinese_or_digits_are_read(text, value):
    assert chinese_number(text) == value


def test_names_differing_in_their_numbers_go_by_number_and_others_keep_their_place():
    names = ["北门社区", "第十网格", "第二网格", "翰林街社区", "第一网格", "第10网格", "第2网格"]
    ordered = [doc["name"] for doc in natural_order({"name": n} for n in names)]
    assert ordered == ["北门社区", "第一网格", "第二网格", "第2网格", "第十网格", "第10网格",
                       "翰林街社区"]
    assert numbers_in("第十二网格") == (12,)


def test_the_grid_book_lists_grids_community_by_community_in_natural_order(registry):  # noqa: F811
    for name in ("第十网格", "第三网格"):
        registry.grids.add(name=name, community="北门社区")
    grids = registry.grids.list(None)
    assert [(registry.communities.get(g["community"])["name"], g["name"]) for g in grids] == [
        ("北门社区", "第一网格"), ("北门社区", "第二网格"), ("北门社区", "第三网格"),
        ("北门社区", "第十网格"), ("翰林街社区", "第一网格")]


def test_the_community_book_puts_numbered_communities_in_order(registry):  # noqa: F811
    for name in ("第十社区", "第九社区"):
        registry.communities.add(name=name)
    assert [c["name"] for c in registry.communities.list(None)] == [
        "北门社区", "翰林街社区", "第九社区", "第十社区"]
