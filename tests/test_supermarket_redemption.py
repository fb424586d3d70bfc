"""Redemption: ledger debit, stock and order together or not at all; once per click; limits;
children with their guardian; the household pool."""

import pytest

from meide import clock
from meide.registry import OutOfScope
from meide.supermarket import (EmptyBasket, GuardianRequired, KeyReused, LimitExceeded,
                               NotEnoughPoints, NotOnSale, OrderNotFound, OutOfStock,
                               Supermarket)

from .supermarket_support import NOW, World, new_key, world  # noqa: F401


def snapshot(world):
    return (world.balance(world.zhang), world.market.goods.get(world.soap)["stock"],
            world.market.goods.get(world.towel)["stock"],
            len(world.market.redemptions.orders), len(world.store.table("ledger")))


def test_a_redemption_debits_decrements_and_records_the_order(world):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 2, world.towel: 1}, actor="clerk1",
                                key=new_key())
    assert order["total"] == 35 and order["status"] == "done"
    assert world.balance(world.zhang) == 65
    assert world.market.goods.get(world.soap)["stock"] == 18
    assert world.market.goods.get(world.towel)["stock"] == 0
    entry = world.ledger.entry(order["entry"])
    assert entry.points == -35 and entry.op == "redeem" and "洗衣皂×2" in entry.reason


def test_not_enough_points_changes_nothing(world):
    world.give(world.zhang, 20)
    before = snapshot(world)
    with pytest.raises(NotEnoughPoints, match="还差 5 分"):
        world.market.redeem(world.zhang, {world.soap: 1, world.towel: 1}, actor="clerk1",
                            key=new_key())
    assert snapshot(world) == before


def test_out_of_stock_changes_nothing(world):
    world.give(world.zhang, 100)
    before = snapshot(world)
    with pytest.raises(OutOfStock, match="只剩 1 件"):
        world.market.redeem(world.zhang, {world.soap: 1, world.towel: 2}, actor="clerk1",
                            key=new_key())
    assert snapshot(world) == before


def test_a_failure_after_the_debit_rolls_the_debit_back(world, monkeypatch):
    world.give(world.zhang, 100)
    before = snapshot(world)
    orders = world.market.redemptions.orders

    def broken(doc):
        raise OSError("disk full")

    monkeypatch.setattr(orders, "insert", broken)
    with pytest.raises(OSError):
        world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    monkeypatch.undo()
    assert snapshot(world) == before


def test_a_double_click_redeems_once(world):
    world.give(world.zhang, 100)
    key = new_key()
    first = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=key)
    again = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=key)
    assert again.doc_id == first.doc_id
    assert world.balance(world.zhang) == 90 and world.market.goods.get(world.soap)["stock"] == 19


def test_a_key_reused_for_another_basket_is_refused(world):
    world.give(world.zhang, 100)
    key = new_key()
    world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=key)
    with pytest.raises(KeyReused):
        world.market.redeem(world.zhang, {world.soap: 2}, actor="clerk1", key=key)


def test_an_empty_basket_is_refused(world):
    with pytest.raises(EmptyBasket, match="购物篮是空的"):
        world.market.redeem(world.zhang, {world.soap: 0}, actor="clerk1", key=new_key())


def test_limits_per_period_count_earlier_orders_but_not_cancelled_ones(world):
    world.market.goods.update(world.soap, actor="admin", limit=(2, "month"))
    world.give(world.zhang, 100)
    world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    with pytest.raises(LimitExceeded, match="每月限兑 2 件，本月已兑 1 件"):
        world.market.redeem(world.zhang, {world.soap: 2}, actor="clerk1", key=new_key())
    order = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    world.market.cancel(order.doc_id, actor="clerk1", reason="换商品")
    world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    world.give(world.li, 50)
    world.market.redeem(world.li, {world.soap: 2}, actor="clerk1", key=new_key())   # per resident
    with clock.frozen(NOW.replace(month=11)):
        world.market.redeem(world.zhang, {world.soap: 2}, actor="clerk1", key=new_key())


def test_a_childs_exchange_records_the_guardian(world):
    world.give(world.child, 30)
    order = world.market.redeem(world.child, {world.soap: 1}, actor="clerk1", key=new_key())
    assert order["child"] and order["guardian"] == {"id": world.zhang, "name": "张晓华"}
    assert world.ledger.entry(order["entry"]).child is True
    assert world.balance(world.child) == 20 and world.balance(world.zhang) == 0


def test_a_child_without_a_guardian_cannot_exchange(world):
    orphan = __import__("tests.registry_support", fromlist=["x"]).add_resident(
        world.registry, name="王小丫", phone="", room="302", birth_date="2015-01-01")
    world.give(orphan, 30)
    with pytest.raises(GuardianRequired, match="监护人"):
        world.market.redeem(orphan, {world.soap: 1}, actor="clerk1", key=new_key())
    order = world.market.redeem(orphan, {world.soap: 1}, actor="clerk1", key=new_key(),
                                guardian=world.li)
    assert order["guardian"]["name"] == "李秀英"


def test_the_household_pool_pays_when_the_programme_uses_one(tmp_path):
    with clock.frozen(NOW):
        made = World(tmp_path / "data", household_pool=True)
        try:
            made.give(made.zhang, 40, household=True)
            order = made.market.redeem(made.child, {made.soap: 1}, actor="clerk1",
                                       key=new_key())
            assert order["account"] == f"household:{made.resident(made.zhang)['household']}"
            assert made.balance(made.zhang, household=True) == 30
            wife = __import__("tests.registry_support", fromlist=["x"]).add_resident(
                made.registry, name="王芳", phone="13612345678", room="301")
            assert made.market.balance_of(made.resident(wife)) == 30
            with pytest.raises(NotEnoughPoints, match="本户积分池"):
                made.market.redeem(wife, {made.soap: 4}, actor="clerk1", key=new_key())
        finally:
            made.close()


def test_a_clerk_cannot_redeem_for_a_resident_outside_their_community(world):
    scoped = Supermarket(world.store, world.ledger, world.as_clerk())
    world.give(world.outsider, 50)
    with pytest.raises(OutOfScope):
        scoped.redeem(world.outsider, {world.soap: 1}, actor="clerk1", key=new_key())


@pytest.mark.parametrize("basket, error, message", [
    ({"towel": 2}, OutOfStock, "只剩 1 件"),
    ({"soap": 3}, LimitExceeded, "每天限兑 2 件，今天已兑 0 件，本次 3 件"),
    ({"soap": 2, "towel": 2}, OutOfStock, "毛巾"),
])
def test_a_basket_is_checked_before_redeeming_and_nothing_is_written(world, basket, error,
                                                                     message):
    world.market.goods.update(world.soap, actor="admin", limit=(2, "day"))
    before = snapshot(world)
    with pytest.raises(error, match=message):
        world.market.check(world.zhang, {getattr(world, name): n for name, n in basket.items()})
    assert snapshot(world) == before


def test_a_check_counts_what_the_resident_already_took_today(world):
    world.market.goods.update(world.soap, actor="admin", limit=(2, "day"))
    world.give(world.zhang, 100)
    world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    world.market.check(world.zhang, {world.soap: 1})
    with pytest.raises(LimitExceeded, match="今天已兑 1 件，本次 2 件\\(还可兑 1 件\\)"):
        world.market.check(world.zhang, {world.soap: 2})


def test_a_check_refuses_goods_off_sale(world):
    world.market.goods.update(world.soap, actor="admin", end="2026-10-01")
    with pytest.raises(NotOnSale):
        world.market.check(world.zhang, {world.soap: 1})


@pytest.mark.parametrize("typed", ["DH-20261012-0001", "dh202610120001", " DH-20261012-1 "])
def test_a_receipt_number_finds_its_order(world, typed):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    assert world.market.find_receipt(typed).doc_id == order.doc_id


@pytest.mark.parametrize("typed", ["DH-20261011-0001", "DH-20261012-0009", "0001", ""])
def test_a_wrong_receipt_number_is_not_found(world, typed):
    world.give(world.zhang, 100)
    world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    with pytest.raises(OrderNotFound):
        world.market.find_receipt(typed)
