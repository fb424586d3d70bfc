"""The counter, tested by setting its parameters: search in scope, card, basket, redeem once,
receipt, cancel."""

import panel as pn
import pytest

from meide.kernel import Actor
from meide.supermarket import Supermarket
from meide.views.counter import Counter

from .supermarket_support import world  # noqa: F401
from .views_support import click

CLERK = Actor("clerk1", "超市王姐", {"超市管理员"}, community=1, subdistrict=1)


@pytest.fixture
def counter(world):
    world.give(world.zhang, 100)
    world.give(world.outsider, 100)
    market = Supermarket(world.store, world.ledger, world.as_clerk(),
                         household_pool=False)
    return Counter(market=market, actor=CLERK)


def texts(view) -> str:
    return "\n".join(str(getattr(item, "object", "")) for item in view.__panel__().select())


def test_nobody_signed_in_sees_only_the_sign_in_message():
    view = Counter(actor=None)
    assert "请使用工作人员账号登录" in texts(view)
    assert not view.__panel__().select(pn.widgets.Button)


def test_other_roles_are_turned_away():
    view = Counter(actor=Actor("grid1", "网格员", {"网格员"}, community=1))
    assert "仅供超市管理员" in texts(view)


@pytest.mark.parametrize("typed", ["张晓华", "zxh", "5678"])
def test_one_match_by_name_initials_or_phone_tail_is_chosen_at_once(counter, world, typed):
    counter.search_box.value_input = typed
    assert counter.resident == world.zhang
    assert "可用积分：100 分" in texts(counter)


def test_residents_outside_the_clerks_community_are_never_found(counter, world):
    counter.query = "赵刚"
    assert counter.matches == [] and counter.resident is None
    assert "赵刚" not in texts(counter)
    assert "没有找到该居民" in texts(counter)


def test_search_results_mask_the_phone(counter, world):
    counter.query = "1号楼"
    labels = [label for _, label in counter.matches]
    assert any("138****5678" in label for label in labels)
    assert not any("13812345678" in label for label in labels)


def test_a_full_redemption_prints_a_receipt(counter, world):
    counter.resident = world.zhang
    click(counter.add_buttons[world.soap])
    click(counter.add_buttons[world.soap])
    assert counter.basket == {world.soap: 2} and "合计：20 分" in texts(counter)
    click(counter.redeem_button)
    assert counter.message_kind == "success" and "扣除 20 分" in counter.message
    assert world.balance(world.zhang) == 80 and counter.basket == {}
    assert "可用积分：80 分" in texts(counter)
    receipt = counter.receipt_html()
    assert "兑换凭证" in receipt and "洗衣皂" in receipt and "超市王姐" in receipt
    assert "13812345678" not in receipt
    counter.receipt_size = "A5"
    assert "A5" in counter.receipt_html()


def test_a_double_click_redeems_once(counter, world):
    counter.resident = world.zhang
    counter.add(world.soap)
    key = counter.key
    counter.redeem()
    counter.redeem()
    assert len(world.market.redemptions.orders) == 1 and world.balance(world.zhang) == 90
    # A retried request with the same basket and key returns the same order.
    again = counter.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=key)
    assert again.doc_id == counter.order


def test_a_new_basket_gets_a_new_key(counter, world):
    counter.resident = world.zhang
    first = counter.key
    counter.add(world.soap)
    assert counter.key != first


def test_refusals_are_shown_in_chinese_and_change_nothing(counter, world):
    counter.resident = world.zhang
    counter.add(world.towel, 2)
    counter.redeem()
    assert counter.message_kind == "warning" and "库存不足" in counter.message
    assert world.balance(world.zhang) == 100 and counter.order is None


def test_cancelling_from_the_counter_returns_points_and_goods(counter, world):
    counter.resident = world.zhang
    counter.add(world.soap)
    counter.redeem()
    click(counter.cancel_button)
    assert "原因" in counter.message
    counter.cancel_reason.value = "居民改换其他商品"
    click(counter.cancel_button)
    assert counter.message_kind == "success"
    assert world.balance(world.zhang) == 100
    assert world.market.goods.get(world.soap)["stock"] == 20
    assert "本次兑换已撤销" in texts(counter)


def test_a_child_card_names_the_guardian(counter, world):
    counter.resident = world.child
    assert "监护人：张晓华" in texts(counter)


def test_the_reports_tab_follows_redemptions_and_exports_excel(counter, world):
    assert "暂无兑换。" in texts(counter.reports)
    counter.resident = world.zhang
    counter.add(world.towel)
    counter.redeem()
    shown = texts(counter.reports)
    assert "兑换 1 单，共 15 分，1 位居民" in shown and "毛巾" in shown
    assert "便民超市" in shown          # the sponsor of the soap's initial stock
    workbook = counter.reports._workbook().getvalue()
    assert workbook[:2] == b"PK"
    assert world.registry.audit.entries(action="export")[-1]["actor"] == "clerk1"
