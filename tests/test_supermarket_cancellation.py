"""Cancellation: same day only, reverses the entry, restocks, once, audited."""

import datetime as dt

import pytest

from meide import clock
from meide.supermarket import CancelNotAllowed

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


def test_only_same_day_orders_can_be_cancelled(world):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    with clock.frozen(NOW + dt.timedelta(days=1)):
        with pytest.raises(CancelNotAllowed, match="只能撤销当天"):
            world.market.cancel(order.doc_id, actor="clerk1", reason="晚了")
    assert world.balance(world.zhang) == 90


def test_a_cancellation_needs_a_reason(world):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    with pytest.raises(CancelNotAllowed, match="原因"):
        world.market.cancel(order.doc_id, actor="clerk1", reason="")
