"""扣分 and its 申诉 the whole way in Chromium: the 网格员 records, the 社区管理员 confirms, the
扣分告知书 states the points and the appeal deadline, the appeal is typed on the record page, the
review reverses it with its opinion, and the resident's points show both entries."""

import contextlib
import datetime as dt
import re
import shutil
import uuid
from pathlib import Path

import pytest

import store
from meide import clock
from meide.engine import Engine
from meide.kernel import records
from meide.registry import Scope, pinyin

from .browser import (alert, button, card, choose, expect, fill, pick_date, pick_reference, row,
                      sign_in, table_rows)
from .printing_support import pdf_text

pytestmark = pytest.mark.browser

REASON = "纸箱是邻居家的，已于次日清理"
OPINION = "经查纸箱系邻居堆放，申诉成立"


def prepare(folder: Path) -> dict:
    """Before serving: a resident of wangge's grid whose pinyin initials find them, with 10
    points to lose (a deduction never overdraws)."""
    with contextlib.closing(store.open_store(folder)) as opened:
        engine = Engine(opened)
        registry = engine.registry
        worker = registry.staff.by_username("wangge")
        scope = Scope(worker["subdistrict"], worker["community"], worker["grid"])
        for resident in registry.residents.list(scope):
            typed = pinyin.initials(resident["name"])
            found = [doc.doc_id for doc in registry.search(typed, scope, 20)]
            if len(typed) == 3 and resident.doc_id in found and not resident.get("minor"):
                break
        else:
            pytest.fail("no resident in wangge's grid to search for")
        account = engine.services.account("resident", resident.doc_id)
        for deed in range(2):
            engine.ledger.award(account, "GOOD_DEED", reason="好人好事", source="appeal-test",
                                actor="beimen", key=f"appeal-test:{deed}")
        balance = engine.ledger.balance(account.key)
    return {"id": resident.doc_id, "name": resident["name"], "typed": typed, "balance": balance,
            "option": f"{resident['name']}（{resident['address']}）"}


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("appeal") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    resident = prepare(folder)
    with serve_app(folder) as app:
        app.resident = resident
        yield app


def open_record(page, app, number):
    page.goto(app.url(f"/console?page=record:deduction:{number}"))
    expect(page.get_by_role("heading", name=re.compile(f"^扣分与申诉 第 {number} 号"))) \
        .to_be_visible()
    page.wait_for_load_state("networkidle")


def downloaded(page, label) -> bytes:
    """Click the download button `label`; the file the browser got."""
    with page.expect_download() as info:
        button(page, label).click()
    return Path(info.value.path()).read_bytes()


def flat(pdf: bytes) -> str:
    """The PDF's text with whitespace removed (table cells and letter-spaced headings)."""
    return "".join(pdf_text(pdf).split())


def test_a_deduction_is_appealed_and_reversed_and_the_statement_shows_both(new_page,
                                                                          served_app):
    resident, marker = served_app.resident, uuid.uuid4().hex[:6]
    facts = f"楼道内堆放纸箱，劝导后未清理（{marker}）"

    # The 网格员 records the violation on the generated form.
    worker = sign_in(new_page(), served_app, "wangge")
    button(worker, "发起").first.click()
    card(worker, "扣分与申诉").get_by_role("button", name="发起", exact=True).click()
    expect(worker.get_by_role("heading", name="扣分与申诉")).to_be_visible()
    # The appeal's reason and the review's opinion come later, on the record page.
    expect(worker.get_by_label(re.compile("^申诉理由"))).to_have_count(0)
    pick_reference(worker, "居民", resident["typed"], resident["option"])
    choose(worker, "违反条款", "楼道堆放杂物")
    pick_date(worker, "发生日期", clock.today() - dt.timedelta(days=1))
    fill(worker, "地点", "1号楼1单元三楼楼道")
    fill(worker, "情况说明", facts)
    fill(worker, "佐证材料", "楼道照片-1.jpg")
    button(worker, "提交").click()
    expect(alert(worker, "success")).to_contain_text("已提交，编号为第")
    heading = worker.get_by_role("heading", name=re.compile(r"^扣分与申诉 第 \d+ 号"))
    expect(heading).to_contain_text(marker)
    number = int(re.search(r"第 (\d+) 号", heading.inner_text()).group(1))
    # No self-approval: the reporter is told who confirms it.
    expect(worker.get_by_role("button", name="审核扣分", exact=True)).to_have_count(0)

    # The 社区管理员 finds it waiting and confirms it: the points go, the notice is issued.
    officer = sign_in(new_page(), served_app, "beimen")
    waiting = row(officer, marker)
    waiting.get_by_role("button", name="打开").click()
    expect(officer.get_by_role("heading", name=re.compile(f"第 {number} 号"))).to_be_visible()
    button(officer, "审核扣分").click()
    expect(alert(officer, "success")).to_contain_text("已扣分·申诉期")
    with served_app.read_store() as opened:
        record = records.load(opened, "deduction", number)
    deadline = dt.datetime.fromisoformat(record.due["at"]).date()
    assert deadline == clock.today() + dt.timedelta(days=7)
    expect(officer.get_by_text(re.compile(
        f"^申诉期至 {deadline.year}年{deadline.month}月{deadline.day}日"))).to_be_visible()
    notice = flat(downloaded(officer, "扣分告知书（PDF）"))
    assert resident["name"] in notice and "楼道堆放杂物" in notice
    assert "扣除积分2分" in notice
    assert f"申诉截止日期{deadline.year}年{deadline.month}月{deadline.day}日" in notice
    assert "公示" not in notice

    # The resident disputes it: the 网格员 files the appeal with the reason typed beside it.
    open_record(worker, served_app, number)
    button(worker, "登记申诉").click()
    expect(alert(worker, "danger")).to_contain_text("请填写申诉理由")
    fill(worker, "申诉理由", REASON)
    button(worker, "登记申诉").click()
    expect(alert(worker, "success")).to_contain_text("申诉复核中")

    # The 社区管理员 reviews it and reverses the deduction with the review's opinion.
    open_record(officer, served_app, number)
    expect(officer.get_by_text(REASON).first).to_be_visible()
    fill(officer, "复核意见", OPINION)
    button(officer, "申诉成立，冲正").click()
    expect(alert(officer, "success")).to_contain_text("申诉成立·已冲正")
    decision = flat(downloaded(officer, "申诉复核决定书（PDF）"))
    assert REASON in decision and OPINION in decision
    assert "申诉成立，所扣积分已冲正退回" in decision

    # The resident's points: the deduction kept, the reversal beside it, the balance restored.
    officer.goto(served_app.url("/console?page=points"))
    pick_reference(officer, "居民", resident["typed"], resident["option"])
    expect(officer.get_by_text(f"可用积分 {resident['balance']} 分", exact=False)).to_be_visible()
    # Newest first: the reversal (its reason the review's opinion), then the deduction.
    lines = [line for line in table_rows(officer, "时间") if marker in line[-1] or
             OPINION in line[-1]]
    assert [(line[1], line[2]) for line in lines] == [("冲正", "2"), ("扣分", "-2")]
    # The printed 积分明细单 of this quarter explains both.
    officer.goto(served_app.url("/console?page=printing"))
    button(officer, "积分明细单").click()
    pick_reference(officer, "居民", resident["typed"], resident["option"])
    statement = flat(downloaded(officer, "下载 PDF"))
    assert "积分明细单" in statement and resident["name"] in statement
    assert f"扣分违反居民楼道公约：{facts}（已冲正）" in statement
    assert f"冲正申诉成立，冲正：{OPINION}" in statement
    assert not worker.meide_errors and not officer.meide_errors

    # What the ledger holds: the original deduction, never edited, and its reversal.
    with served_app.read_store() as opened:
        record = records.load(opened, "deduction", number)
        assert record.state == "reversed" and record.values["appeal_reason"] == REASON
        assert record.values["review_opinion"] == OPINION
        steps = [(e.get("transition"), e["actor"])
                 for e in records.history(opened, "deduction", number)]
        assert steps == [(None, "wangge"), ("confirm", "beimen"), ("appeal", "wangge"),
                         ("reverse", "beimen")]
