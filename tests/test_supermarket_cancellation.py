"""Cancellation: same day only, reverses the entry, restocks, once, audited."""

import datetime as dt

import pytest

from meide import clock
from meide.registry import OutOfScope, Registry, Scope
from meide.supermarket import CancelNotAllowed, Supermarket

from .supermarket_support import NOW, new_key, world  # noqa: F401


def test_cancelling_reverses_the_entry_and_restocks(world):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 3}, actor="clerk1", key=new_key())
    cancelled = world.market.cancel(order.doc_id, actor="clerk1", reason="居民改换其他商品")
    assert cancelled["status"] == "cancelled"
    assert world.balance(world.zhang) == 100
    assert world.market.goods.get(world.soap)["stock"] == 20
    assert world.ledger.reversal_of(order["entry"]) == cancelled["reversal"]
    assert world.registry.audit.entries(action="cancel")[-1]["note"] == "居民改换其他商品"
    again = world.market.cancel(order.doc_id, actor="clerk1", reason="再点一次")
    assert again["reversal"] == cancelled["reversal"] and world.balance(world.zhang) == 100


def test_only_same_day_orders_can_be_cancelled_and_a_refusal_says_why(world):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    with clock.frozen(NOW + dt.timedelta(days=1)):
        with pytest.raises(CancelNotAllowed, match="DH-20261012-0001 是 2026-10-12 的，只能撤销当天"):
            world.market.cancel(order.doc_id, actor="clerk1", reason="晚了")
    assert world.balance(world.zhang) == 90
    refused = world.registry.audit.entries(action="refused")[-1]
    assert refused["record"] == order.doc_id and "只能撤销当天" in refused["note"]


def test_a_cancellation_needs_a_reason(world):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    with pytest.raises(CancelNotAllowed, match="原因"):
        world.market.cancel(order.doc_id, actor="clerk1", reason="")


def market_of(world, community, actor):
    """The supermarket as a clerk of community sees it, opened afresh (another session)."""
    return Supermarket(world.store, world.ledger,
                       Registry(world.store, actor=actor, scope=Scope(1, community)),
                       household_pool=False)


def test_any_session_of_the_community_can_cancel_a_same_day_order(world):
    world.give(world.zhang, 100)
    order = market_of(world, 1, "clerk1").redeem(world.zhang, {world.soap: 2}, actor="clerk1",
                                                 key=new_key())
    later = market_of(world, 1, "clerk3")
    cancelled = later.cancel(order.doc_id, actor="clerk3", reason="居民退回")
    assert cancelled["cancelled_by"] == "clerk3"
    assert world.balance(world.zhang) == 100 and world.market.goods.get(world.soap)["stock"] == 20


def test_a_clerk_of_another_community_cannot_cancel_or_see_the_order(world):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    other = market_of(world, 2, "clerk2")
    with pytest.raises(OutOfScope):
        other.cancel(order.doc_id, actor="clerk2", reason="误操作")
    assert other.orders_of_day(order["day"]) == []
    assert world.balance(world.zhang) == 90 and world.market.order(order.doc_id)["status"] == "done"
    assert world.registry.audit.entries(action="refused")[-1]["actor"] == "clerk2"


def test_the_days_orders_are_listed_oldest_first(world):
    world.give(world.zhang, 100)
    world.give(world.outsider, 100)
    first = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    second = world.market.redeem(world.outsider, {world.soap: 1}, actor="clerk1", key=new_key())
    assert [o.doc_id for o in world.market.orders_of_day("2026-10-12")] == [first.doc_id,
                                                                              second.doc_id]
    assert [o.doc_id for o in market_of(world, 1, "clerk1").orders_of_day("2026-10-12")] == [
        first.doc_id]
    with clock.frozen(NOW + dt.timedelta(days=1)):
        assert world.market.orders_of_day("2026-10-13") == []
