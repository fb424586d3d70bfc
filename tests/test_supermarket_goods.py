"""Goods: price, sponsor, limits and sale dates are checked; changes are audited."""

import pytest

from meide.supermarket import InvalidGoods, NotOnSale
from meide.supermarket.goods import on_sale

from .supermarket_support import new_key, world  # noqa: F401


def test_goods_record_their_sponsor_by_name(world):
    soap = world.market.goods.get(world.soap)
    assert soap["sponsor"] == {"kind": "merchant", "id": world.shop, "name": "便民超市"}
    assert soap["stock"] == 20 and soap["points"] == 10


def test_a_unit_can_sponsor_goods_too(world):
    pens = world.market.goods.add(name="铅笔", points=2, stock=30, sponsor=("unit", world.school),
                                  actor="admin")
    assert world.market.goods.get(pens)["sponsor"]["name"] == "北门小学"


@pytest.mark.parametrize("values", [dict(name="", points=5), dict(name="米", points=0),
                                    dict(name="米", points=5, limit=(1, "fortnight")),
                                    dict(name="米", points=5, start="2026-10-05",
                                         end="2026-10-01")])
def test_bad_goods_are_refused_in_chinese(world, values):
    with pytest.raises(InvalidGoods, match="[\u4e00-\u9fff]"):
        world.market.goods.add(actor="admin", **values)


def test_stock_cannot_be_edited_as_a_field(world):
    with pytest.raises(InvalidGoods, match="补货或盘点"):
        world.market.goods.update(world.soap, actor="admin", stock=999)


def test_updates_are_audited(world):
    world.market.goods.update(world.soap, actor="admin", points=12)
    entries = world.registry.audit.entries(table="supermarket_goods", record=world.soap)
    assert [entry["action"] for entry in entries] == ["create", "update"]
    assert entries[-1]["after"]["points"] == 12


def test_goods_are_on_sale_only_between_their_dates(world):
    doc = {"active": True, "start": "2026-10-01", "end": "2026-10-31"}
    assert on_sale(doc, "2026-10-12") and not on_sale(doc, "2026-11-01")
    assert not on_sale({**doc, "active": False}, "2026-10-12")
    world.market.goods.update(world.soap, actor="admin", end="2026-10-11")
    world.give(world.zhang, 50)
    with pytest.raises(NotOnSale, match="不在兑换期内"):
        world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())


def test_listing_keeps_to_the_community_and_the_day(world):
    world.market.goods.add(name="翰林街专供", points=3, community=2, actor="admin")
    world.market.goods.update(world.towel, actor="admin", active=False)
    names = [doc["name"] for doc in world.market.goods.list(1, on_day="2026-10-12")]
    assert names == ["洗衣皂"]
