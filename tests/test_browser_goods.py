"""Stocking the credit supermarket in a real browser: a 超市管理员 adds a sponsored good with a
photo and stock, restocks it, counts the stock (盘点); the low-stock list and the sponsor
statement (on the page and in its Excel download) show it."""

import io
import re
import shutil

import pytest
from openpyxl import load_workbook

import store
from meide.registry import Registry, Scope

from .browser import alert, button, choose, expect, fill, open_entry, sign_in

pytestmark = pytest.mark.browser

NAME = "浏览器测试大米"
# The smallest PNG a browser shows (a 1×1 transparent pixel).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")


def tab(page, title: str):
    """The tab (of Panel's Tabs) titled `title`."""
    return page.locator(".bk-tab").filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))


def a_merchant(folder) -> str:
    """The name of a merchant in the clerk's community (the sponsor chosen)."""
    with store.open_store(folder) as opened:
        registry = Registry(opened)
        clerk = registry.staff.by_username("chaoshi")
        scope = Scope(clerk["subdistrict"], clerk["community"], clerk["grid"])
        merchants = registry.merchants.list(scope)
        if not merchants:
            pytest.fail("no merchant in the clerk's community")
        return merchants[0]["name"]


def test_a_clerk_stocks_a_sponsored_good(serve_app, demo_data, tmp_path, page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    sponsor = a_merchant(folder)
    photo = tmp_path / "大米.png"
    photo.write_bytes(PNG)
    with serve_app(folder) as app:
        sign_in(page, app, "chaoshi")
        open_entry(page, "信用超市商品")
        expect(page.get_by_role("heading", name="信用超市商品与库存")).to_be_visible()
        fill(page, "商品名称", NAME)
        fill(page, "类别", "粮油")
        fill(page, "兑换所需积分", "30")
        choose(page, "赞助方", f"商户：{sponsor}")
        fill(page, "货架位置", "A-2")
        fill(page, "每人每月限兑（0为不限）", "2")
        fill(page, "初始库存", "6")
        page.locator("input[type=file]").set_input_files(str(photo))
        page.wait_for_timeout(500)          # the file is sent to the server on choosing it
        button(page, "保存商品").click()
        expect(alert(page, "success")).to_contain_text(f"已添加商品“{NAME}”")
        expect(page.locator("img[alt='商品照片']")).to_be_visible()
        goods = page.locator("table.meide-table tr", has_text=NAME).first
        expect(goods).to_contain_text("每月2件")
        expect(goods).to_contain_text(sponsor)

        tab(page, "库存与补货").click()
        choose(page, "补货商品", NAME)
        fill(page, "数量", "4")
        choose(page, "来源", "商户送货")
        button(page, "补货").click()
        expect(alert(page, "success").filter(has_text="补货成功")).to_contain_text(
            "现有库存 10 件")
        fill(page, f"{NAME}（账面 10）", "3")
        button(page, "保存盘点结果").click()
        expect(alert(page, "success").filter(has_text="盘点已保存")).to_be_visible()
        low = page.locator("table.meide-table").filter(
            has=page.locator("th", has_text="提醒线")).locator("tr", has_text=NAME)
        expect(low).to_contain_text("3")
        differences = page.locator("table.meide-table").filter(
            has=page.locator("th", has_text="盘点时间")).locator("tr", has_text=NAME)
        expect(differences).to_contain_text("-7")

        tab(page, "赞助方对账单").click()
        given = page.locator("table.meide-table tr", has_text=NAME).filter(
            has_text=sponsor).last
        expect(given).to_contain_text("10")
        with page.expect_download() as download:
            page.get_by_role("button", name="下载赞助方对账单（Excel）").click()
        book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
        rows = [[cell.value for cell in row] for row in book["商品明细"].iter_rows()]
        assert [sponsor, NAME, 10, 0, 30] in rows

        with app.read_store() as opened:
            (doc,) = opened.table("supermarket_goods").search(store.where("name") == NAME)
            assert doc["stock"] == 3 and doc["sponsor"]["name"] == sponsor
            assert doc["picture"] and doc["limits"] == {"month": 2}
            kinds = [move["kind"] for move in opened.table("supermarket_stock_moves").all()
                     if move["goods"] == doc.doc_id]
            assert kinds == ["initial", "restock", "count"]
