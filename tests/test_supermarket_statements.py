"""Sponsor statements: what each sponsor gave, what of it was redeemed, and their workbook."""

import io

from openpyxl import load_workbook

from meide.supermarket import statements

from .supermarket_support import new_key, world  # noqa: F401


def test_a_statement_counts_gifts_and_redemptions_but_not_purchases(world):
    world.market.stock.restock(world.soap, 5, actor="admin", source="donation")
    world.market.stock.restock(world.soap, 7, actor="admin", source="purchase")
    world.give(world.zhang, 100)
    world.market.redeem(world.zhang, {world.soap: 3}, actor="clerk1", key=new_key())
    found = statements.statements(world.store)
    assert [(s["name"], s["given"], s["given_points"], s["redeemed"], s["redeemed_points"])
            for s in found] == [("便民超市", 25, 250, 3, 30)]
    assert found[0]["rows"][0]["name"] == "洗衣皂"


def test_a_cancelled_redemption_is_not_counted(world):
    world.give(world.zhang, 100)
    order = world.market.redeem(world.zhang, {world.soap: 2}, actor="clerk1", key=new_key())
    world.market.cancel(order.doc_id, actor="clerk1", reason="居民改换其他商品")
    assert statements.statements(world.store)[0]["redeemed"] == 0


def test_the_workbook_holds_a_summary_and_the_goods(world):
    data = statements.workbook(statements.statements(world.store))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["赞助方汇总", "商品明细"]
    assert [c.value for c in book["赞助方汇总"][2]] == ["便民超市", "商户", 20, 200, 0, 0]
    assert [c.value for c in book["商品明细"][2]][:2] == ["便民超市", "洗衣皂"]
