"""The counter, tested by setting its parameters: search in scope, card, basket and quantities,
limits, a child's guardian, redeem once, receipt, today's receipts reprinted and cancelled."""

import datetime as dt

import panel as pn
import pytest

from meide import clock
from meide.kernel import Actor
from meide.supermarket import Supermarket
from meide.supermarket import receipt as receipts
from meide.views.counter import Counter
from meide.views.counter_receipts import receipt_details

from .registry_support import add_resident
from .supermarket_support import NOW, world  # noqa: F401
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


# -- the quantity box and the limits ---------------------------------------------------------


def new_counter(world, actor=CLERK):
    """Another session's counter: nothing shared with the first but the store."""
    return Counter(market=Supermarket(world.store, world.ledger, world.as_clerk(),
                                      household_pool=False), actor=actor)


def test_the_quantity_box_sets_how_many_are_redeemed(counter, world):
    counter.resident = world.zhang
    click(counter.add_buttons[world.soap])
    counter.quantity_boxes[world.soap].value = 2
    assert counter.basket == {world.soap: 2} and "合计：20 分" in texts(counter)
    assert "洗衣皂 · 每件 10 分" in texts(counter)
    click(counter.redeem_button)
    order = counter.market.order(counter.order)
    assert [(line["goods"], line["quantity"]) for line in order["lines"]] == [(world.soap, 2)]
    assert world.balance(world.zhang) == 80
    assert world.market.goods.get(world.soap)["stock"] == 18


def test_adding_again_shows_in_the_quantity_box(counter, world):
    counter.resident = world.zhang
    counter.add(world.soap)
    box = counter.quantity_boxes[world.soap]
    counter.add(world.soap)
    assert counter.quantity_boxes[world.soap] is box and box.value == 2


def test_a_quantity_of_nothing_takes_the_line_out(counter, world):
    counter.resident = world.zhang
    counter.add(world.soap, 2)
    counter.set_quantity(world.soap, 0)
    assert counter.basket == {} and counter.redeem_button.disabled


@pytest.mark.parametrize("goods, wanted, words", [
    ("soap", 3, "每人每天限兑 2 件，今天已兑 0 件，本次 3 件(还可兑 2 件)"),
    ("towel", 2, "库存不足: 商品「毛巾」只剩 1 件"),
])
def test_a_quantity_over_the_limit_or_the_stock_is_refused_at_once(counter, world, goods,
                                                                   wanted, words):
    world.market.goods.update(world.soap, actor="admin", limit=(2, "day"))
    counter.resident = world.zhang
    counter.add(getattr(world, goods))
    assert not counter.redeem_button.disabled
    counter.quantity_boxes[getattr(world, goods)].value = wanted
    assert counter.message_kind == "warning" and words in counter.message
    assert counter.redeem_button.disabled
    counter.quantity_boxes[getattr(world, goods)].value = 1
    assert counter.message == "" and not counter.redeem_button.disabled


def test_the_limit_counts_what_the_resident_took_earlier_today(counter, world):
    world.market.goods.update(world.soap, actor="admin", limit=(2, "day"))
    world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key="earlier")
    counter.resident = world.zhang
    counter.add(world.soap, 2)
    assert "今天已兑 1 件" in counter.message and counter.redeem_button.disabled
    counter.redeem()
    assert len(world.market.redemptions.orders) == 1


# -- a child's redemption --------------------------------------------------------------------


def test_a_child_redeems_only_once_the_guardian_is_confirmed(counter, world):
    world.give(world.child, 30)
    counter.resident = world.child
    assert counter.guardian_box.label == "监护人 张晓华 已到场陪同"
    assert counter.guardian_box in counter._card.objects
    counter.add(world.soap)
    click(counter.redeem_button)
    assert counter.message_kind == "warning" and "请先确认监护人 张晓华" in counter.message
    assert len(world.market.redemptions.orders) == 0 and world.balance(world.child) == 30
    counter.guardian_box.value = True
    click(counter.redeem_button)
    assert counter.message_kind == "success"
    assert counter.market.order(counter.order)["guardian"] == {"id": world.zhang,
                                                                "name": "张晓华"}


def test_the_guardian_is_confirmed_again_for_each_child(counter, world):
    counter.resident = world.child
    counter.guardian_box.value = True
    counter.resident = world.zhang
    counter.resident = world.child
    assert counter.guardian_box.value is False


def test_a_child_with_no_guardian_recorded_is_refused(counter, world):
    orphan = add_resident(world.registry, name="王小丫", phone="", room="302",
                          birth_date="2015-01-01")
    world.give(orphan, 30)
    counter.resident = orphan
    assert "没有登记监护人" in texts(counter)
    assert counter.guardian_box not in counter._card.objects
    counter.add(world.soap)
    counter.redeem()
    assert counter.message_kind == "warning" and "须记录监护人" in counter.message
    assert world.balance(orphan) == 30


# -- today's receipts ------------------------------------------------------------------------


def test_a_fresh_session_lists_todays_receipts_and_reprints_one(counter, world):
    counter.resident = world.zhang
    counter.add(world.soap, 2)
    counter.redeem()
    fresh = new_counter(world)
    listed = texts(fresh.receipts)
    assert "DH-20261012-0001 · 09:30 · 张晓华 · 洗衣皂 × 2 · 20 分" in listed
    pdf = fresh.receipts.reprints[counter.order].callback().getvalue()
    assert pdf[:4] == b"%PDF"


def test_a_fresh_session_cancels_a_same_day_receipt(counter, world):
    counter.resident = world.zhang
    counter.add(world.soap, 2)
    counter.redeem()
    fresh = new_counter(world, Actor("clerk3", "超市李姐", {"超市管理员"}, community=1,
                                     subdistrict=1))
    click(fresh.receipts.cancel_buttons[counter.order])
    assert fresh.receipts.chosen == counter.order
    click(fresh.receipts.confirm_button)
    assert "原因" in fresh.receipts.message and world.balance(world.zhang) == 80
    fresh.receipts.reason_box.value = "居民改换其他商品"
    click(fresh.receipts.confirm_button)
    assert fresh.receipts.message_kind == "success"
    assert "兑换单 DH-20261012-0001 已撤销" in fresh.receipts.message
    assert world.balance(world.zhang) == 100
    assert world.market.goods.get(world.soap)["stock"] == 20
    assert "洗衣皂 · 10 分 · 库存 20" in texts(fresh)      # the goods list follows
    assert "已撤销" in texts(fresh.receipts) and counter.order not in fresh.receipts.cancel_buttons
    audit = world.registry.audit.entries(action="cancel")[-1]
    assert audit["actor"] == "clerk3" and audit["note"] == "居民改换其他商品"


def test_a_receipt_of_another_day_is_found_but_not_cancelled(counter, world):
    world.give(world.zhang, 100)
    with clock.frozen(NOW - dt.timedelta(days=1)):
        old = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key="yesterday")
    assert "今天还没有兑换。" in texts(counter.receipts)
    counter.receipts.number_box.value = "DH-20261011-0001"
    click(counter.receipts.find_button)
    assert counter.receipts.chosen == old.doc_id
    shown = texts(counter.receipts)
    assert "这张兑换单是 2026年10月11日 的：柜台只能撤销当天的兑换" in shown
    assert counter.receipts.confirm_button not in counter.receipts._chosen.select()
    counter.receipts.reason_box.value = "晚了"
    counter.receipts.cancel()
    assert counter.receipts.message_kind == "warning" and "只能撤销当天" in counter.receipts.message
    assert world.market.order(old.doc_id)["status"] == "done" and world.balance(world.zhang) == 190


@pytest.mark.parametrize("typed", ["DH-20261012-0099", "12345", ""])
def test_a_wrong_receipt_number_is_said_so(counter, world, typed):
    counter.receipts.find(typed)
    assert counter.receipts.message_kind == "warning" and "兑换单" in counter.receipts.message
    assert counter.receipts.chosen is None


def test_another_communitys_receipts_are_neither_listed_nor_found(counter, world):
    order = world.market.redeem(world.outsider, {world.soap: 1}, actor="clerk9", key="hanlin")
    assert "赵刚" not in texts(counter.receipts) and not counter.receipts.reprints
    counter.receipts.find(receipts.number(order))
    assert counter.receipts.chosen is None and "管辖范围" in counter.receipts.message


def test_the_header_leads_back_to_the_console_and_signs_out(counter):
    header = counter.__panel__().objects[0].object
    assert "href='/console'" in header and "返回工作台" in header
    assert "href='/logout'" in header and "退出登录" in header


def test_a_reprint_names_the_clerk_who_made_the_sale(counter, world):
    counter.resident = world.zhang
    counter.add(world.soap)
    counter.redeem()
    order = counter.market.order(counter.order)
    assert receipt_details(counter.market, CLERK, order)["operator"] == "超市王姐"
    other = Actor("clerk3", "超市李姐", {"超市管理员"}, community=1, subdistrict=1)
    # clerk1 has no account in this registry: its username stands in for the name.
    assert receipt_details(counter.market, other, order)["operator"] == "clerk1"
