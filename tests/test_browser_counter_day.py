"""A day at the counter in a real browser: a clerk redeems two of one good for a resident (the
quantity box) and one for a child once the guardian is confirmed; from a fresh browser session
the clerk lists today's receipts and cancels one; stock and points are back."""

import re
import shutil

import pytest

import store
from meide.supermarket import Supermarket

from .browser import alert, button, expect, fill, row, sign_in
from .supermarket_support import counter_customers

pytestmark = pytest.mark.browser


def prepare(folder) -> dict:
    """Goods on the shelf of the clerk's community; points for an adult and for a child whose
    guardian is recorded, both found by their initials."""
    with store.open_store(folder) as opened:
        registry, ledger, clerk, people = counter_customers(opened, "chaoshi", 50,
                                                            "browser-counter-day")
        market = Supermarket(opened, ledger, registry, household_pool=False)
        soap = market.goods.add(name="浏览器测试肥皂", points=7, stock=5,
                                community=clerk["community"], actor="test")
        return {**people, "accounts": people["balances"], "soap": soap}


def find_resident(page, typed, points):
    box = page.get_by_label("查找居民")
    box.click()
    box.fill("")
    box.press_sequentially(typed, delay=30)
    expect(page.get_by_text(f"可用积分：{points} 分")).to_be_visible()


def add_soap(page):
    goods = row(page, "浏览器测试肥皂 · 7 分 · 库存")
    goods.get_by_role("button", name="添加").click()


def balances(app, facts) -> dict:
    with app.read_store() as opened:
        ledger = opened.table("ledger").all()
        return {resident: sum(entry.get("points", 0) for entry in ledger if entry["account"] == key)
                for resident, (key, _before) in facts["accounts"].items()}


def test_a_day_at_the_counter(serve_app, demo_data, tmp_path, new_page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    facts = prepare(folder)
    before = {resident: points for resident, (_key, points) in facts["accounts"].items()}
    with serve_app(folder) as app:
        page = sign_in(new_page(), app, "chaoshi")
        page.goto(app.url("/counter"))
        expect(page.get_by_role("heading", name="信用超市兑换柜台")).to_be_visible()
        expect(page.get_by_role("link", name="返回工作台")).to_have_attribute("href", "/console")
        expect(page.get_by_role("link", name="退出登录")).to_be_visible()

        # Two of one good for the adult, through the quantity box.
        find_resident(page, facts["adult_typed"], before[facts["adult"]])
        add_soap(page)
        expect(page.get_by_text("合计：7 分")).to_be_visible()
        fill(page, "数量", "2")
        expect(page.get_by_text("合计：14 分")).to_be_visible()
        button(page, "兑换").click()
        expect(alert(page, "success")).to_contain_text("兑换成功，扣除 14 分")

        # One for the child: refused until the guardian is confirmed present.
        find_resident(page, facts["child_typed"], before[facts["child"]])
        # Bokeh's checkbox has no accessible name (its text is beside it): the page's only one.
        expect(page.get_by_text(f"监护人 {facts['guardian']} 已到场陪同")).to_be_visible()
        confirm = page.get_by_role("checkbox")
        expect(confirm).not_to_be_checked()
        add_soap(page)
        button(page, "兑换").click()
        expect(alert(page, "warning")).to_contain_text(f"请先确认监护人 {facts['guardian']}")
        confirm.check()
        button(page, "兑换").click()
        expect(alert(page, "success")).to_contain_text("兑换成功，扣除 7 分")
        with app.read_store() as opened:
            orders = opened.table("supermarket_orders").all()
            assert sorted((o["resident"], o["total"]) for o in orders) == sorted(
                [(facts["adult"], 14), (facts["child"], 7)])
            child_order = [o for o in orders if o["resident"] == facts["child"]][0]
            assert child_order["guardian"]["name"] == facts["guardian"]
            assert opened.table("supermarket_goods").get(doc_id=facts["soap"])["stock"] == 2
        adult_order = [o for o in orders if o["resident"] == facts["adult"]][0]

        # A fresh browser session (its own cookies) cancels the adult's receipt.
        later = sign_in(new_page(), app, "chaoshi")
        later.goto(app.url("/counter"))
        later.locator(".bk-tab", has_text="今日兑换单").click()   # Bokeh tabs have no role
        receipt = row(later, f"{facts['adult_name']} · 浏览器测试肥皂 × 2 · 14 分")
        expect(receipt.get_by_role("button", name="重印")).to_be_visible()
        receipt.get_by_role("button", name="撤销…").click()
        fill(later, "撤销原因", "居民改换其他商品")
        button(later, "撤销本次兑换").click()
        expect(alert(later, "success")).to_contain_text(
            re.compile(r"兑换单 DH-\d{8}-\d{4} 已撤销"))
        # The list (the last of the chosen receipt and its line) marks it; only the child's
        # receipt can still be cancelled.
        expect(later.get_by_text(re.compile(rf"{facts['adult_name']} · .* · 已撤销")).last
               ).to_be_visible()
        expect(later.get_by_role("button", name="撤销…")).to_have_count(1)
        with app.read_store() as opened:
            cancelled = opened.table("supermarket_orders").get(doc_id=adult_order.doc_id)
            assert cancelled["status"] == "cancelled"
            assert cancelled["cancel_reason"] == "居民改换其他商品"
            assert opened.table("supermarket_goods").get(doc_id=facts["soap"])["stock"] == 4
        after = balances(app, facts)
        assert after[facts["adult"]] == before[facts["adult"]]
        assert after[facts["child"]] == before[facts["child"]] - 7
        assert "Traceback (most recent call last)" not in app.log.read_text("utf-8", "replace")
