"""The supermarket counter in a real browser: the 超市管理员 finds a resident by pinyin initials,
fills a basket, redeems, sees the receipt; the ledger, stock and order agree afterwards."""

import shutil

import pytest

import store
from meide.points import Account, Catalogue, Ledger, Rule
from meide.registry import Registry, Scope, pinyin
from meide.supermarket import Supermarket

from .browser import alert, button, expect, sign_in

pytestmark = pytest.mark.browser


def prepare(folder) -> dict:
    """Goods on the shelf of 翰林街社区 and points for one resident the clerk can find."""
    with store.open_store(folder) as opened:
        registry = Registry(opened)
        clerk = registry.staff.by_username("chaoshi")
        scope = Scope(clerk["subdistrict"], clerk["community"], clerk["grid"])
        resident = None
        for doc in registry.residents.list(scope):
            typed = pinyin.initials(doc["name"])
            if not doc.get("minor") and len(typed) == 3 and \
                    [r.doc_id for r in registry.search(typed, scope, 10)] == [doc.doc_id]:
                resident = doc
                break
        if resident is None:
            pytest.fail("no resident with unique initials in the clerk's community")
        catalogue = Catalogue(opened)
        catalogue.define(Rule("TEST_GIFT", "测试赠分", "测试", 1, applies_to=("resident",)),
                         actor="test")
        ledger = Ledger(opened, catalogue)
        account = Account("resident", str(resident.doc_id), community=resident["community"],
                          grid=resident["grid"], household=resident["household"],
                          building=resident["building"])
        ledger.award(account, "TEST_GIFT", quantity=50, reason="测试赠分", actor="test",
                     key="browser-counter-gift")
        market = Supermarket(opened, ledger, registry)
        soap = market.goods.add(name="浏览器测试香皂", points=7, stock=3, community=clerk["community"],
                                actor="test")
        return {"resident": resident.doc_id, "name": resident["name"],
                "typed": pinyin.initials(resident["name"]), "soap": soap,
                "before": ledger.balance(account.key)}


def test_a_full_redemption_with_its_receipt(serve_app, demo_data, tmp_path, page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    facts = prepare(folder)
    with serve_app(folder) as app:
        sign_in(page, app, "chaoshi")
        page.goto(app.url("/counter"))
        expect(page.get_by_role("heading", name="信用超市兑换柜台")).to_be_visible()
        box = page.get_by_label("查找居民")
        box.click()
        box.press_sequentially(facts["typed"], delay=30)
        expect(page.get_by_text(f"可用积分：{facts['before']} 分")).to_be_visible()
        goods = page.locator(".bk-Row").filter(
            has=page.get_by_text("浏览器测试香皂 · 7 分 · 库存 3")).last
        goods.get_by_role("button", name="添加").click()
        goods.get_by_role("button", name="添加").click()
        expect(page.get_by_text("合计：14 分")).to_be_visible()
        button(page, "兑换").click()
        expect(alert(page, "success")).to_contain_text("兑换成功，扣除 14 分")
        expect(page.get_by_text(f"可用积分：{facts['before'] - 14} 分")).to_be_visible()
        receipt = page.frame_locator("iframe[title=receipt]")
        expect(receipt.get_by_text("兑换凭证", exact=True)).to_be_visible()
        expect(receipt.get_by_text("浏览器测试香皂")).to_be_visible()
        expect(page.get_by_role("button", name="兑换凭证 PDF（80mm）")).to_be_visible()
        expect(page.get_by_role("button", name="兑换凭证 PDF（A5）")).to_be_visible()
        with app.read_store() as opened:
            orders = opened.table("supermarket_orders").all()
            assert len(orders) == 1 and orders[0]["resident"] == facts["resident"]
            assert orders[0]["total"] == 14
            assert opened.table("supermarket_goods").get(doc_id=facts["soap"])["stock"] == 1
            entry = opened.table("ledger").get(doc_id=orders[0]["entry"])
            assert entry["points"] == -14 and entry["op"] == "redeem"
        assert "Traceback (most recent call last)" not in app.log.read_text("utf-8", "replace")
