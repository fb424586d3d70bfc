"""Stock: restocks record their sponsor, corrections need a reason, both are audited."""

import pytest

from meide.supermarket import InvalidGoods

from .supermarket_support import world  # noqa: F401


def test_a_restock_adds_and_records_the_sponsor(world):
    assert world.market.stock.restock(world.towel, 9, actor="admin",
                                      sponsor=("unit", world.school)) == 10
    moves = world.market.stock.history(world.towel)
    assert moves[-1]["kind"] == "restock" and moves[-1]["sponsor"]["name"] == "北门小学"
    assert world.registry.audit.entries(action="restock")[-1]["record"] == world.towel


def test_a_restock_defaults_to_the_goods_sponsor(world):
    world.market.stock.restock(world.soap, 5, actor="admin")
    assert world.market.stock.history(world.soap)[-1]["sponsor"]["name"] == "便民超市"


def test_a_correction_needs_a_reason_and_is_audited(world):
    with pytest.raises(InvalidGoods, match="原因"):
        world.market.stock.correct(world.soap, 18, actor="admin", reason=" ")
    assert world.market.goods.get(world.soap)["stock"] == 20
    world.market.stock.correct(world.soap, 18, actor="admin", reason="盘点发现破损 2 件")
    assert world.market.goods.get(world.soap)["stock"] == 18
    entry = world.registry.audit.entries(action="stock.correct")[-1]
    assert entry["note"] == "盘点发现破损 2 件" and entry["after"] == {"stock": 18}
    assert world.market.stock.history(world.soap)[-1]["quantity"] == -2


@pytest.mark.parametrize("quantity", [0, -3, 1.5, True])
def test_restock_quantities_are_positive_whole_numbers(world, quantity):
    with pytest.raises(InvalidGoods):
        world.market.stock.restock(world.soap, quantity, actor="admin")


def test_a_restock_records_its_source_and_a_purchase_has_no_sponsor(world):
    world.market.stock.restock(world.soap, 4, actor="admin", source="purchase")
    move = world.market.stock.history(world.soap)[-1]
    assert (move["source"], move["sponsor"]) == ("purchase", None)
    world.market.stock.restock(world.soap, 2, actor="admin", source="delivery")
    assert world.market.stock.history(world.soap)[-1]["sponsor"]["name"] == "便民超市"


def test_an_unknown_restock_source_is_refused(world):
    with pytest.raises(InvalidGoods, match="补货来源"):
        world.market.stock.restock(world.soap, 4, actor="admin", source="gift")
    assert world.market.goods.get(world.soap)["stock"] == 20


def test_a_stock_count_sets_what_was_counted_and_records_the_differences(world):
    count = world.market.stock.count({world.soap: 17, world.towel: 1}, actor="admin",
                                     note="十月盘点")
    assert [(line["name"], line["expected"], line["counted"], line["difference"])
            for line in count["lines"]] == [("洗衣皂", 20, 17, -3), ("毛巾", 1, 1, 0)]
    assert count["differences"] == 1
    assert world.market.goods.get(world.soap)["stock"] == 17
    assert world.market.stock.history(world.soap)[-1]["kind"] == "count"
    assert world.registry.audit.entries(action="stock.count")[-1]["note"] == "十月盘点"
    assert world.market.stock.counts()[0].doc_id == count.doc_id


@pytest.mark.parametrize("counted, words", [({}, "至少"), ({1: -1}, "清点数量"),
                                            ({1: 3, 2: "x"}, "毛巾"), ({99: 1}, "99")])
def test_a_bad_stock_count_changes_nothing(world, counted, words):
    with pytest.raises(Exception, match=words):
        world.market.stock.count(counted, actor="admin")
    assert world.market.goods.get(world.soap)["stock"] == 20
    assert world.market.stock.counts() == []
