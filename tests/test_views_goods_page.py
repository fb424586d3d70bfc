"""The supermarket goods page: add a sponsored good with a photo, edit, retire, delete, restock,
correct, count the stock; the low-stock list and sponsor statements follow; scope holds."""

import io

import pytest
from openpyxl import load_workbook

from meide import i18n
from meide.kernel import Actor
from meide.registry import Registry, Scope
from meide.supermarket import Supermarket
from meide.views.goods_page import GoodsPage, sponsor_options
from meide.views.stock_page import SOURCE_LABELS
from meide.supermarket.moves import SOURCES

from .supermarket_support import new_key, world  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


@pytest.fixture
def page(world):
    registry = Registry(world.store, actor="clerk1", scope=Scope(1, 1))
    market = Supermarket(world.store, world.ledger, registry)
    actor = Actor("clerk1", "超市管理员", {"超市管理员"}, subdistrict=1, community=1)
    with i18n.using_locale("zh_CN"):
        yield GoodsPage(market=market, actor=actor)


def fill_new(page, world, **values):
    page.goods_choice.value = 0
    page.name_box.value = values.get("name", "爱心大米")
    page.points_box.value = values.get("points", 30)
    page.category_box.value = "粮油"
    page.shelf_box.value = "A-1"
    page.month_limit.value = 2
    page.sponsor_choice.value = f"merchant:{world.shop}"
    page.stock_box.value = values.get("stock", 6)
    page.photo.value = PNG


def test_every_restock_source_has_a_label():
    assert set(SOURCE_LABELS) == set(SOURCES)


def test_sponsors_offered_are_the_registry_merchants_and_units(world):
    with i18n.using_locale("zh_CN"):
        options = sponsor_options(world.registry)
    assert options["商户：便民超市"] == f"merchant:{world.shop}"
    assert options["单位：北门小学"] == f"unit:{world.school}"


def test_a_sponsored_good_with_a_photo_is_added_for_the_clerks_community(page, world):
    fill_new(page, world)
    assert page.save(), page._message.objects
    doc = world.market.goods.get(page.chosen)
    assert (doc["community"], doc["stock"], doc["category"], doc["shelf"]) == (1, 6, "粮油", "A-1")
    assert doc["sponsor"]["name"] == "便民超市" and doc["limits"] == {"month": 2}
    assert doc["picture"].startswith("picture:") and "data:image/png" in page._picture.object
    assert "爱心大米" in page._list.objects[0].object


def test_a_refused_save_shows_the_reason_and_writes_nothing(page, world):
    fill_new(page, world, name="")
    before = len(world.market.goods.list())
    assert not page.save()
    assert "商品名称不能为空" in page._message.objects[0].object
    assert len(world.market.goods.list()) == before


def test_editing_retiring_and_deleting(page, world):
    fill_new(page, world)
    page.save()
    page.points_box.value = 35
    assert page.save()
    assert world.market.goods.get(page.chosen)["points"] == 35
    assert page.retire() and not world.market.goods.get(page.chosen)["active"]
    assert page.retire_button.label == "重新上架"
    goods_id = page.chosen
    assert page.delete()
    assert goods_id not in [doc.doc_id for doc in world.market.goods.list()]


def test_shared_goods_cannot_be_edited_by_community_staff(page, world):
    page.goods_choice.value = world.soap
    page.points_box.value = 1
    assert not page.save()
    assert world.market.goods.get(world.soap)["points"] == 10


def test_restock_count_low_stock_and_statement(page, world):
    fill_new(page, world)
    page.save()
    rice = page.chosen
    stock = page.stock
    stock.restock_goods.value = rice
    stock.quantity.value = 4
    stock.source.value = "delivery"
    assert stock.restock() and world.market.goods.get(rice)["stock"] == 10
    stock.counted[rice].value = 3
    assert stock.record_count(), stock.count_outcome.objects
    assert world.market.goods.get(rice)["stock"] == 3
    assert "-7" in stock._history.objects[0].object
    assert "爱心大米" in stock._low.objects[0].object
    stock.correct_goods.value = rice
    stock.correct_to.value = 2
    assert not stock.correct()          # no reason given
    assert world.market.goods.get(rice)["stock"] == 3
    world.give(world.zhang, 100)
    world.market.redeem(world.zhang, {rice: 1}, actor="clerk1", key=new_key())
    page.refresh()
    summary = page.sponsors._view.objects[1].object
    # 20 洗衣皂 (10 points) given before, 10 爱心大米 (30 points) now; one 爱心大米 redeemed.
    assert "便民超市" in summary and ">500<" in summary and ">1<" in summary
    book = load_workbook(io.BytesIO(page.sponsors._workbook().getvalue()))
    assert ["便民超市", "爱心大米", 10, 1, 30] in [[c.value for c in row]
                                              for row in book["商品明细"].iter_rows()]


def test_subdistrict_staff_choose_the_community_of_new_goods(world):
    actor = Actor("admin", "街道管理员", {"街道管理员"}, subdistrict=1)
    with i18n.using_locale("zh_CN"):
        page = GoodsPage(market=world.market, actor=actor)
    assert page.community_choice.visible
    fill_new(page, world, name="翰林街大米")
    page.community_choice.value = 2
    assert page.save(), page._message.objects
    assert world.market.goods.get(page.chosen)["community"] == 2
    assert "翰林街社区" in page._list.objects[0].object


def test_community_staff_are_not_offered_a_community(page):
    assert not page.community_choice.visible
