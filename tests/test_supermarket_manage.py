"""Managing goods: category, shelf, day and month limits, photos, retiring, deleting, scope."""

import pytest

from meide.registry import Registry, Scope
from meide.supermarket import GoodsBook, InvalidGoods, LimitExceeded, pictures
from meide.supermarket.goods import limits_of

from .supermarket_support import new_key, world  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


def test_category_shelf_and_both_limits_are_kept(world):
    rice = world.market.goods.add(name="大米", points=30, category="粮油", shelf="A-2",
                                  limits={"day": 1, "month": 3}, actor="admin")
    doc = world.market.goods.get(rice)
    assert (doc["category"], doc["shelf"]) == ("粮油", "A-2")
    assert limits_of(doc) == [("day", 1), ("month", 3)]


def test_a_day_and_a_month_limit_both_hold_at_the_counter(world):
    world.market.goods.update(world.soap, actor="admin", limits={"day": 2, "month": 3})
    world.give(world.zhang, 100)
    world.market.redeem(world.zhang, {world.soap: 2}, actor="clerk1", key=new_key())
    with pytest.raises(LimitExceeded, match="每天限兑 2 件"):
        world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())


def test_an_update_keeps_the_limits_it_does_not_name(world):
    world.market.goods.update(world.soap, actor="admin", limits={"month": 4})
    world.market.goods.update(world.soap, actor="admin", shelf="B-1")
    assert limits_of(world.market.goods.get(world.soap)) == [("month", 4)]
    world.market.goods.update(world.soap, actor="admin", limits={"month": None})
    assert limits_of(world.market.goods.get(world.soap)) == []


@pytest.mark.parametrize("values, words", [
    (dict(limits={"day": -1}), "每天限兑数量"),
    (dict(limits={"day": 1.5}), "每天限兑数量"),
    (dict(limits={"hour": 1}), "限兑周期"),
    (dict(category="类" * 31), "商品类别"),
    (dict(shelf="架" * 31), "货架位置"),
    (dict(name="名" * 31), "商品名称"),
    (dict(sponsor=("shop", 1)), "赞助方"),
])
def test_bad_fields_are_refused_naming_the_field_and_nothing_is_written(world, values, words):
    before = len(world.market.goods.list())
    with pytest.raises(InvalidGoods, match=words):
        world.market.goods.add(**{"name": "米", "points": 5, "actor": "admin", **values})
    assert len(world.market.goods.list()) == before


def test_a_photo_is_kept_in_the_store_and_shown_as_a_data_url(world):
    goods_id = world.market.goods.add(name="香皂", points=5, photo=PNG, actor="admin")
    reference = world.market.goods.get(goods_id)["picture"]
    assert pictures.data_url(world.store, reference).startswith("data:image/png;base64,")


@pytest.mark.parametrize("content, words", [(b"", "空文件"), (b"%PDF-1.4 hello", "只能是"),
                                            (PNG + b"\0" * pictures.MAX_BYTES, "太大")])
def test_a_bad_photo_is_refused_and_nothing_is_written(world, content, words):
    before = (len(world.market.goods.list()), len(world.store.table(pictures.TABLE)))
    with pytest.raises(InvalidGoods, match=words):
        world.market.goods.add(name="香皂", points=5, photo=content, actor="admin")
    with pytest.raises(InvalidGoods, match=words):
        world.market.goods.update(world.soap, actor="admin", photo=content, points=99)
    assert world.market.goods.get(world.soap)["points"] == 10
    assert (len(world.market.goods.list()), len(world.store.table(pictures.TABLE))) == before


def test_ordered_goods_are_retired_not_deleted(world):
    world.give(world.zhang, 100)
    world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    with pytest.raises(InvalidGoods, match="只能下架"):
        world.market.goods.delete(world.soap, actor="admin")
    assert world.market.goods.retire(world.soap, actor="admin")["active"] is False
    world.market.goods.delete(world.towel, actor="admin")
    assert [doc.doc_id for doc in world.market.goods.list()] == [world.soap]
    assert world.registry.audit.entries(action="delete")[-1]["record"] == world.towel


def test_community_staff_manage_only_their_own_goods(world):
    shared = world.soap                      # community None: the subdistrict's
    other = world.market.goods.add(name="翰林街专供", points=3, community=2, actor="admin")
    clerk = GoodsBook(world.store, Registry(world.store, actor="clerk1", scope=Scope(1, 1)))
    mine = clerk.add(name="北门专供", points=4, actor="clerk1")
    assert clerk.get(mine)["community"] == 1
    for goods_id, words in ((shared, "街道"), (other, "本社区")):
        with pytest.raises(InvalidGoods, match=words):
            clerk.update(goods_id, actor="clerk1", points=1)
    with pytest.raises(InvalidGoods, match="本社区"):
        clerk.add(name="越权", points=4, community=2, actor="clerk1")
    assert clerk.update(mine, actor="clerk1", points=6)["points"] == 6


@pytest.mark.parametrize("content, mime", [(PNG, "image/png"), (b"\xff\xd8\xff\xe0" + b"\0" * 8,
                                                               "image/jpeg"),
                                           (b"GIF89a" + b"\0" * 8, "image/gif"),
                                           (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp")])
def test_the_picture_types_a_browser_shows_are_recognised(content, mime):
    assert pictures.image_type(content) == mime


def test_no_picture_reference_gives_no_url(world):
    assert pictures.data_url(world.store, None) is None
    assert pictures.data_url(world.store, "picture:999") is None
