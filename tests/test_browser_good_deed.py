"""好人好事 in a real browser: a 网格员 reports, the 社区管理员 verifies, the ledger pays by rule."""

import datetime as dt
import re
import uuid

import pytest

from meide import clock
from meide.kernel import records
from meide.points import Catalogue, Ledger
from meide.registry import Registry, Scope, pinyin

from .browser import (alert, button, card, choose, expect, fill, pick_date, pick_reference, row,
                      sign_in, table_rows)

pytestmark = pytest.mark.browser


def a_resident_of(app, username) -> dict:
    """A resident in the staff member's grid whose pinyin initials find them in a search."""
    with app.read_store() as opened:
        registry = Registry(opened)
        staff = registry.staff.by_username(username)
        scope = Scope(staff["subdistrict"], staff["community"], staff["grid"])
        for resident in registry.residents.list(scope):
            typed = pinyin.initials(resident["name"])
            found = [doc.doc_id for doc in registry.search(typed, scope, 20)]
            if len(typed) == 3 and resident.doc_id in found:
                return {"id": resident.doc_id, "name": resident["name"], "typed": typed,
                        "option": f"{resident['name']}（{resident['address']}）"}
    pytest.fail(f"no resident in {username}'s grid to search for")


def open_the_form(page):
    button(page, "发起").first.click()
    card(page, "好人好事").get_by_role("button", name="发起", exact=True).click()
    expect(page.get_by_role("heading", name="好人好事")).to_be_visible()


def test_a_reported_deed_is_verified_and_paid_through_the_pages(new_page, served_app):
    resident = a_resident_of(served_app, "wangge")
    marker = uuid.uuid4().hex[:6]
    deed = f"帮助独居老人修好了漏水的水管（{marker}）"
    day = clock.now().date() - dt.timedelta(days=3)

    # The 网格员 reports it on the generated form.
    worker = sign_in(new_page(), served_app, "wangge")
    open_the_form(worker)
    button(worker, "提交").click()                  # nothing filled in yet: told what is missing
    expect(alert(worker, "danger")).to_contain_text("请按红色提示修改后再提交。")
    for label in ("居民", "发生日期", "事迹"):
        expect(worker.get_by_text(f"请填写“{label}”", exact=True)).to_be_visible()
    pick_reference(worker, "居民", resident["typed"], resident["option"])
    pick_date(worker, "发生日期", day)
    choose(worker, "类别", "邻里互助")
    fill(worker, "事迹", deed)
    button(worker, "提交").click()
    expect(alert(worker, "success")).to_contain_text("已提交，编号为第")
    heading = worker.get_by_role("heading", name=re.compile(r"^好人好事 第 \d+ 号："))
    expect(heading).to_contain_text(marker)
    number = int(re.search(r"第 (\d+) 号", heading.inner_text()).group(1))
    expect(worker.get_by_text("当前状态：待核实", exact=True)).to_be_visible()
    values = dict(row[:2] for row in table_rows(worker, "项目"))
    assert values["居民"] == resident["name"] and values["类别"] == "邻里互助"
    assert values["事迹"] == deed and values["发生日期"] == f"{day.year}年{day.month}月{day.day}日"

    # The 社区管理员, in another browser, finds it waiting and verifies it.
    officer = sign_in(new_page(), served_app, "beimen")
    waiting = row(officer, marker)
    expect(waiting).to_contain_text("待核实")
    waiting.get_by_role("button", name="打开").click()
    expect(officer.get_by_role("heading", name=re.compile(f"第 {number} 号"))).to_be_visible()
    button(officer, "核实通过").click()
    expect(alert(officer, "success")).to_contain_text("办理完成，当前状态：“已核实”")
    expect(officer.get_by_text("当前状态：已核实", exact=True)).to_be_visible()
    history = table_rows(officer, "时间", count=2)
    assert [(line[1], line[2]) for line in history] == [("张晓东", "发起"), ("李秀梅", "核实通过")]
    assert not worker.meide_errors and not officer.meide_errors

    # What the server stored: the record, its history, the ledger entry by rule.
    with served_app.read_store() as opened:
        record = records.load(opened, "good_deed", number)
        assert record.state == "verified" and record.created_by == "wangge"
        assert record.values["resident"] == resident["id"] and record.values["deed"] == deed
        assert record.values["category"] == "NEIGHBOUR_HELP"
        assert record.values["deed_date"] == day.isoformat()
        steps = [(e["action"], e.get("transition"), e["actor"])
                 for e in records.history(opened, "good_deed", number)]
        assert steps == [("start", None, "wangge"), ("transition", "verify", "beimen")]
        ledger = Ledger(opened, Catalogue(opened))
        [entry] = [e for e in ledger.history(f"resident:{resident['id']}")
                   if e.source == f"good_deed:{number}"]
        assert entry.rule == "NEIGHBOUR_HELP" and entry.op == "award" and entry.points > 0
        assert entry.actor == "beimen" and marker in entry.reason

    # The audit page shows all of it to the 社区管理员: a sign-in, both steps and the award.
    officer.goto(served_app.url("/console?page=audit"))
    shown = {tuple(line[1:4]) for line in table_rows(officer, "时间") if len(line) >= 4}
    assert {("wangge", "新建记录", f"好人好事 {number}"), ("beimen", "办理", f"好人好事 {number}"),
            ("beimen", "加分", f"积分台账 {entry.id}"), ("beimen", "登录", "")} <= shown
    assert not officer.meide_errors
