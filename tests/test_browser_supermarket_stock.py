"""The supermarket the whole way in a real browser, on one served demo copy: a 超市管理员 adds a
sponsored good with a photo and stock and restocks it; a clerk redeems two of it for a resident
(the quantity box) and one for a child once the guardian is confirmed; a fresh browser session
cancels one receipt the same day; after each step the stock report (库存与补货) and the sponsor
statement (赞助方对账单, on the page and in its Excel download) show the figures."""

import io
import re
import shutil

import pytest
from openpyxl import load_workbook

import store
from meide.registry import Scope

from .browser import alert, button, choose, expect, fill, open_entry, row, sign_in
from .supermarket_support import counter_customers

pytestmark = pytest.mark.browser

CLERK = "chaoshi"               # the demo's 超市管理员: stocks the shop and serves the counter
NAME = "全程测试香油"
PRICE = 12                      # points per bottle
INITIAL, RESTOCK = 6, 4
GIFT = 50                       # points given to each resident served (the demo has none)
LOW_LINE = 8                    # the low-stock line: 7 left is low, 9 is not
# The smallest PNG a browser shows (a 1×1 transparent pixel).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")


def prepare(folder) -> dict:
    """The clerk's community's first merchant (the sponsor); an adult and a child whose
    guardian is recorded, both of that community, found by their initials, with points enough
    for what they redeem (awarded here: the demo is built with no ledger entries)."""
    with store.open_store(folder) as opened:
        registry, _ledger, clerk, people = counter_customers(opened, CLERK, GIFT,
                                                             "browser-supermarket-stock")
        scope = Scope(clerk["subdistrict"], clerk["community"], clerk["grid"])
        merchants = registry.merchants.list(scope)
        if not merchants:
            pytest.fail("no merchant in the clerk's community")
        return {**people, "sponsor": merchants[0]["name"],
                "points": {doc: balance for doc, (_key, balance) in people["balances"].items()}}


def tab(page, title: str):
    """The tab (of Panel's Tabs, which have no role) titled `title`."""
    return page.locator(".bk-tab").filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))


def goods_line(page, header: str):
    """The cells of the goods' line in the meide table that has the column `header` (Bokeh's
    tabs keep every tab's tables in the page: the header tells them apart)."""
    shown = page.locator("table.meide-table").filter(
        has=page.locator("th", has_text=re.compile(rf"^\s*{re.escape(header)}\s*$")))
    line = shown.locator("tbody tr").filter(has_text=NAME)
    expect(line).to_have_count(1)
    return [cell.strip() for cell in line.locator("td").all_inner_texts()]


def reopen(page, app):
    """The goods page drawn anew from the store (it shows what the counter did since)."""
    page.goto(app.url("/console"))
    expect(page.get_by_text(app.account(CLERK).header, exact=True)).to_be_visible()
    open_entry(page, "信用超市商品")
    expect(page.get_by_role("heading", name="信用超市商品与库存")).to_be_visible()


def check_figures(page, sponsor: str, stock: int, redeemed: int):
    """The goods list, the stock tab and the sponsor statement agree on stock and redeemed."""
    tab(page, "商品").click()
    assert goods_line(page, "商品库存")[3] == str(stock)
    tab(page, "库存与补货").click()
    expect(page.get_by_label(f"{NAME}（账面 {stock}）")).to_have_value(str(stock))
    low = page.locator("table.meide-table").filter(
        has=page.locator("th", has_text="提醒线")).locator("tr", has_text=NAME)
    if stock <= LOW_LINE:
        expect(low).to_have_count(1)
        assert goods_line(page, "提醒线")[1:3] == [str(stock), str(LOW_LINE)]
    else:
        expect(low).to_have_count(0)
    tab(page, "赞助方对账单").click()
    # By goods: sponsor, goods, pieces given, pieces redeemed, points each.
    details = page.locator("table.meide-table").filter(
        has=page.locator("th", has_text=re.compile(r"^\s*商品\s*$"))).filter(
        has=page.locator("th", has_text="已兑换件数")).locator("tbody tr", has_text=NAME)
    expect(details).to_have_count(1)
    cells = [cell.strip() for cell in details.locator("td").all_inner_texts()]
    assert cells == [sponsor, NAME, str(INITIAL + RESTOCK), str(redeemed), str(PRICE)]
    with page.expect_download() as download:
        page.get_by_role("button", name="下载赞助方对账单（Excel）").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = [[cell.value for cell in line] for line in book["商品明细"].iter_rows()]
    assert [sponsor, NAME, INITIAL + RESTOCK, redeemed, PRICE] in rows


def stock_in_store(app) -> int:
    with app.read_store() as opened:
        (doc,) = opened.table("supermarket_goods").search(store.where("name") == NAME)
        return doc["stock"]


def find_resident(page, typed, points):
    box = page.get_by_label("查找居民")
    box.click()
    box.fill("")
    box.press_sequentially(typed, delay=30)
    expect(page.get_by_text(f"可用积分：{points} 分")).to_be_visible()


def add_to_basket(page, stock: int):
    goods = row(page, f"{NAME} · {PRICE} 分 · 库存 {stock}")
    goods.get_by_role("button", name="添加").click()


def test_the_supermarket_the_whole_way(serve_app, demo_data, tmp_path, new_page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    facts = prepare(folder)
    sponsor = facts["sponsor"]
    photo = tmp_path / "香油.png"
    photo.write_bytes(PNG)
    with serve_app(folder) as app:
        # The 超市管理员 adds the sponsored good with a photo and stock, then restocks it.
        console = sign_in(new_page(), app, CLERK)
        open_entry(console, "信用超市商品")
        expect(console.get_by_role("heading", name="信用超市商品与库存")).to_be_visible()
        fill(console, "商品名称", NAME)
        fill(console, "类别", "粮油")
        fill(console, "兑换所需积分", str(PRICE))
        choose(console, "赞助方", f"商户：{sponsor}")
        fill(console, "货架位置", "B-1")
        fill(console, "初始库存", str(INITIAL))
        fill(console, "低库存提醒线", str(LOW_LINE))
        console.locator("input[type=file]").set_input_files(str(photo))
        console.wait_for_timeout(500)       # the file is sent to the server on choosing it
        button(console, "保存商品").click()
        expect(alert(console, "success")).to_contain_text(f"已添加商品“{NAME}”")
        expect(console.locator("img[alt='商品照片']")).to_be_visible()
        tab(console, "库存与补货").click()
        choose(console, "补货商品", NAME)
        fill(console, "数量", str(RESTOCK))
        choose(console, "来源", "商户送货")
        button(console, "补货").click()
        expect(alert(console, "success").filter(has_text="补货成功")).to_contain_text(
            f"现有库存 {INITIAL + RESTOCK} 件")
        check_figures(console, sponsor, INITIAL + RESTOCK, 0)
        assert stock_in_store(app) == INITIAL + RESTOCK

        # At the counter: two through the quantity box for the adult.
        counter = sign_in(new_page(), app, CLERK)
        counter.goto(app.url("/counter"))
        expect(counter.get_by_role("heading", name="信用超市兑换柜台")).to_be_visible()
        points = facts["points"]
        find_resident(counter, facts["adult_typed"], points[facts["adult"]])
        add_to_basket(counter, INITIAL + RESTOCK)
        expect(counter.get_by_text(f"合计：{PRICE} 分")).to_be_visible()
        fill(counter, "数量", "2")
        expect(counter.get_by_text(f"合计：{2 * PRICE} 分")).to_be_visible()
        button(counter, "兑换").click()
        expect(alert(counter, "success")).to_contain_text(f"兑换成功，扣除 {2 * PRICE} 分")
        assert stock_in_store(app) == 8
        reopen(console, app)
        check_figures(console, sponsor, 8, 2)

        # One for the child, once the guardian is confirmed present (refused before).
        find_resident(counter, facts["child_typed"], points[facts["child"]])
        expect(counter.get_by_text(f"监护人 {facts['guardian']} 已到场陪同")).to_be_visible()
        add_to_basket(counter, 8)
        button(counter, "兑换").click()
        expect(alert(counter, "warning")).to_contain_text(f"请先确认监护人 {facts['guardian']}")
        counter.get_by_role("checkbox").check()     # the page's only checkbox (no name)
        button(counter, "兑换").click()
        expect(alert(counter, "success")).to_contain_text(f"兑换成功，扣除 {PRICE} 分")
        expect(row(counter, f"{NAME} · {PRICE} 分 · 库存 7")).to_be_visible()
        assert stock_in_store(app) == 7
        reopen(console, app)
        check_figures(console, sponsor, 7, 3)

        # A fresh browser session the same day cancels the adult's receipt.
        later = sign_in(new_page(), app, CLERK)
        later.goto(app.url("/counter"))
        tab(later, "今日兑换单").click()
        receipt = row(later, f"{facts['adult_name']} · {NAME} × 2 · {2 * PRICE} 分")
        receipt.get_by_role("button", name="撤销…").click()
        fill(later, "撤销原因", "居民改换其他商品")
        button(later, "撤销本次兑换").click()
        expect(alert(later, "success")).to_contain_text(
            re.compile(r"兑换单 DH-\d{8}-\d{4} 已撤销"))
        expect(later.get_by_role("button", name="撤销…")).to_have_count(1)
        assert stock_in_store(app) == 9
        reopen(console, app)
        check_figures(console, sponsor, 9, 1)

        with app.read_store() as opened:
            orders = opened.table("supermarket_orders").all()
            assert sorted((o["resident"], o["total"], o["status"]) for o in orders) == sorted(
                [(facts["adult"], 2 * PRICE, "cancelled"), (facts["child"], PRICE, "done")])
            (child_order,) = [o for o in orders if o["resident"] == facts["child"]]
            assert child_order["guardian"]["name"] == facts["guardian"]
            (doc,) = opened.table("supermarket_goods").search(store.where("name") == NAME)
            assert doc["picture"] and doc["sponsor"]["name"] == sponsor
            moves = [move for move in opened.table("supermarket_stock_moves").all()
                     if move["goods"] == doc.doc_id]
            assert [(move["kind"], move["quantity"]) for move in moves] == [
                ("initial", INITIAL), ("restock", RESTOCK), ("cancel", 2)]
