"""Children in a real browser: a 社区管理员 adds a child and links a guardian on the children
page, a 网格员 awards a 家园小卫士 activity, and the child's index shows the points."""

import shutil

import pytest

import store
from meide.registry import Registry, Scope, pinyin

from .browser import (alert, button, expect, fill, open_entry, pick_reference, sign_in,
                      sign_out, table_rows, widget)

pytestmark = pytest.mark.browser
CHILD = "王小泽"


def guardians(folder) -> list:
    """Two adults of 北门社区's 第一网格 (the 网格员's grid) whose pinyin initials find only them."""
    with store.open_store(folder) as opened:
        registry = Registry(opened)
        worker = registry.staff.by_username("wangge")
        scope = Scope(worker["subdistrict"], worker["community"], worker["grid"])
        found = []
        for doc in registry.residents.list(scope):
            typed = pinyin.initials(doc["name"])
            if not doc.get("minor") and len(typed) == 3 and \
                    [r.doc_id for r in registry.search(typed, scope, 10)] == [doc.doc_id]:
                found.append({"id": doc.doc_id, "name": doc["name"], "typed": typed,
                              "option": f"{doc['name']}（{doc['address']}）"})
            if len(found) == 2:
                return found
    pytest.fail("no two adults with unique initials in the grid worker's grid")


def index_row(page):
    return next(row for row in table_rows(page, "姓名") if row[0] == CHILD)


def test_a_child_is_added_linked_and_awarded(serve_app, demo_data, tmp_path, page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    first, second = guardians(folder)
    with serve_app(folder) as app:
        sign_in(page, app, "beimen")
        open_entry(page, "家园小卫士")
        fill(page, "儿童姓名", CHILD)
        fill(page, "出生日期", "2016-05-01")
        pick_reference(page, "监护人", first["typed"], first["option"])
        button(page, "添加儿童").click()
        expect(alert(page, "success")).to_contain_text(f"已添加未成年居民{CHILD}")
        expect(page.locator("table.meide-table", has_text=CHILD).first).to_be_visible()
        assert index_row(page)[2:5] == [first["name"], "诚信萌芽", "0"]

        pick_reference(page, "新监护人", second["typed"], second["option"])
        fill(page, "变更原因", "父母外出务工")
        button(page, "关联监护人").click()
        expect(alert(page, "success").filter(has_text="监护人已变更")).to_be_visible()
        [change] = table_rows(page, "时间", 1)
        assert change[1:] == ["beimen", first["name"], second["name"], "父母外出务工"]
        sign_out(page, app)

        sign_in(page, app, "wangge")
        open_entry(page, "家园小卫士")
        chooser = widget(page, "参加活动的儿童")
        chooser.locator("input").first.click()
        chooser.locator("input").first.press_sequentially(CHILD, delay=30)
        chooser.locator(".choices__item--choice", has_text=CHILD).first.click()
        expect(chooser.locator(".choices__item--selectable", has_text=CHILD).first).to_be_visible()
        fill(page, "活动备注", "四点半课堂")
        button(page, "登记加分").click()
        expect(alert(page, "success")).to_contain_text("1名儿童中1名已加分")
        # The index is redrawn after the award: its points cell leaves 0.
        points_cell = page.locator("table.meide-table tr", has_text=CHILD).first.locator("td")
        expect(points_cell.nth(4)).not_to_have_text("0")
        row = index_row(page)
        assert row[2] == second["name"] and int(row[4]) > 0 and row[4] == row[5]
        with app.read_store() as opened:
            entries = [entry for entry in opened.table("ledger").all()
                       if entry.get("actor") == "wangge"]
            assert len(entries) == 1 and entries[0]["points"] == int(row[4])
