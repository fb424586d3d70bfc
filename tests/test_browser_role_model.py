"""榜样评选 the whole way in browsers: nominate, 会签, 公示, objection, served clock moved, honour."""

import contextlib
import datetime as dt
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

import store
from meide.engine import Engine
from meide import clock, runtime
from meide.kernel import records
from meide.points import Catalogue, Ledger
from meide.registry import Registry, Scope, pinyin

from .browser import (alert, button, card, choose, expect, fill, pick_reference, row, sign_in,
                      table_rows)

pytestmark = pytest.mark.browser

APPROVAL_TIMEOUT = 30.0        # seconds for the server's ticker (every second here) to approve
PHONE = "13912345678"


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (poppler's pdftotext), whitespace removed: headings are letter-spaced."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")
    return "".join(text.split())


def prepare(folder: Path, start: dt.datetime) -> dict:
    """Before serving: a resident of wangge's grid who earned the
    10 points 榜样评选 asks for (two verified good deeds) at the start of the story."""
    with contextlib.closing(store.open_store(folder)) as opened, clock.frozen(start):
        registry = Registry(opened)
        staff = registry.staff.by_username("wangge")
        scope = Scope(staff["subdistrict"], staff["community"], staff["grid"])
        for resident in registry.residents.list(scope):
            typed = pinyin.initials(resident["name"])
            found = [doc.doc_id for doc in registry.search(typed, scope, 20)]
            if len(typed) == 3 and resident.doc_id in found and not resident.get("minor"):
                break
        else:
            pytest.fail("no resident in wangge's grid to nominate")
        engine = Engine(opened)
        ledger, account = engine.ledger, engine.services.account("resident", resident.doc_id)
        for deed in range(2):
            ledger.award(account, "GOOD_DEED", reason="好人好事（已核实）",
                         source=f"test:{deed}", actor="beimen", key=f"role-model-earn:{deed}")
        earned = ledger.balance(f"resident:{resident.doc_id}")
    return {"id": resident.doc_id, "name": resident["name"], "typed": typed, "earned": earned,
            "option": f"{resident['name']}（{resident['address']}）"}


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    """This module's server: its own copy of the demo, prepared, with a clock the test moves
    (MEIDE_CLOCK_FILE) and a ticker every second (MEIDE_TICK_SECONDS)."""
    base = tmp_path_factory.mktemp("role-model")
    folder = base / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    start = clock.now().replace(second=0, microsecond=0)
    nominee = prepare(folder, start)
    clock_file = base / "clock.txt"
    clock.write_clock_file(clock_file, start)
    with serve_app(folder, env={clock.CLOCK_FILE_ENV: str(clock_file),
                                runtime.TICK_ENV: "1"}) as app:
        app.start, app.clock_file, app.nominee = start, clock_file, nominee
        yield app


def open_record(page, app, number):
    page.goto(app.url(f"/console?page=record:role_model:{number}"))
    expect(page.get_by_role("heading", name=re.compile(f"^榜样评选 第 {number} 号"))).to_be_visible()


def open_from_inbox(page, marker, number):
    waiting = row(page, marker)
    waiting.get_by_role("button", name="打开").click()
    expect(page.get_by_role("heading", name=re.compile(f"第 {number} 号"))).to_be_visible()


def downloaded(page, label) -> bytes:
    """Click the record page's download button `label` and return the file the browser got."""
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def sign_review(new_page, app, username, marker, number, done):
    reviewer = sign_in(new_page(), app, username)
    open_from_inbox(reviewer, marker, number)
    reviewer.get_by_role("button", name=re.compile(r"^会签“评审通过（会签）”")).click()
    expect(alert(reviewer, "success")).to_contain_text(done)
    assert not reviewer.meide_errors
    return reviewer


def test_a_role_model_goes_from_nomination_to_honour(new_page, served_app):
    app, nominee = served_app, served_app.nominee
    marker = uuid.uuid4().hex[:6]
    title = f"三十年如一日照顾瘫痪的婆婆（{marker}）"
    story = f"她照顾瘫痪在床的婆婆三十年，楼里谁家有事都第一个到。联系电话{PHONE}。"

    # The 网格员 nominates a resident of the grid on the generated form.
    worker = sign_in(new_page(), app, "wangge")
    button(worker, "发起").first.click()
    card(worker, "榜样评选").get_by_role("button", name="发起", exact=True).click()
    expect(worker.get_by_role("heading", name="榜样评选")).to_be_visible()
    pick_reference(worker, "被推荐人", nominee["typed"], nominee["option"])
    choose(worker, "评选类别", "邻里守望员")
    fill(worker, "事迹标题", title)
    fill(worker, "主要事迹", story)
    button(worker, "提交").click()
    expect(alert(worker, "success")).to_contain_text("已提交，编号为第")
    heading = worker.get_by_role("heading", name=re.compile(r"^榜样评选 第 \d+ 号："))
    expect(heading).to_contain_text(marker)
    number = int(re.search(r"第 (\d+) 号", heading.inner_text()).group(1))
    expect(worker.get_by_text("当前状态：已推荐·待资格审核", exact=True)).to_be_visible()

    # The 社区管理员 checks eligibility against the ledger (10 points earned).
    officer = sign_in(new_page(), app, "beimen")
    open_from_inbox(officer, marker, number)
    button(officer, "资格审核通过").click()
    expect(alert(officer, "success")).to_contain_text("办理完成，当前状态：“评审中（会签）”")

    # Three 评审委员 sign, each in their own browser; the third signature starts the 公示.
    sign_review(new_page, app, "pingshen", marker, number, "已签署，等待其他人员会签。")
    sign_review(new_page, app, "pingshen2", marker, number, "已签署，等待其他人员会签。")
    last = sign_review(new_page, app, "pingshen3", marker, number, "办理完成，当前状态：“公示中”")
    due = app.start + dt.timedelta(days=7)
    expect(last.get_by_text(re.compile(f"公示期至 {due.year}年{due.month}月{due.day}日"))) \
        .to_be_visible()

    # The notice the workflow issued is a printed PDF: name and story, the phone masked.
    open_record(officer, app, number)
    notice = pdf_text(downloaded(officer, "公示（PDF）"))
    assert "榜样评选公示" in notice and nominee["name"] in notice and marker in notice
    assert "139****5678" in notice and PHONE not in notice
    assert f"至{due.year}年{due.month}月{due.day}日" in notice

    # A neighbour's objection holds the notice; the 社区管理员 looks into it and dismisses it.
    open_record(worker, app, number)
    fill(worker, "异议", "听说照顾婆婆的年限没有三十年")
    button(worker, "提出异议").click()
    expect(alert(worker, "success")).to_contain_text("异议已登记")
    open_record(officer, app, number)
    fill(officer, "对第 1 条异议的处理意见", "走访核实，照顾年限属实")
    button(officer, "异议不成立").click()
    expect(alert(officer, "success")).to_contain_text("已认定异议不成立。")

    # Eight days later on the server's clock its ticker approves the record by itself.
    clock.write_clock_file(app.clock_file, app.start + dt.timedelta(days=8))
    deadline = time.monotonic() + APPROVAL_TIMEOUT
    while True:
        with app.read_store() as opened:
            if records.load(opened, "role_model", number).state == "approved":
                break
        assert time.monotonic() < deadline, "the ticker did not approve the record in time"
        time.sleep(0.5)

    # Sign-ins a week old have expired: the 社区管理员 signs in again and sees the outcome.
    officer = sign_in(new_page(), app, "beimen")
    open_record(officer, app, number)
    expect(officer.get_by_text("当前状态：已评定", exact=True)).to_be_visible()
    certificate = pdf_text(downloaded(officer, "荣誉证书（PDF）"))
    assert "荣誉证书" in certificate and nominee["name"] in certificate
    assert "邻里守望员" in certificate and "北门社区居民委员会" in certificate
    # The community's honour board of the year, printed from every published honour.
    year = (app.start + dt.timedelta(days=8)).year
    expect(officer.get_by_text(f"北门社区{year}年度榜样光荣榜", exact=True)).to_be_visible()
    board = pdf_text(downloaded(officer, "榜样光荣榜（PDF）"))
    assert "光荣榜" in board and f"北门社区{year}年度美德榜样" in board
    assert nominee["name"] in board and "邻里守望员" in board and marker in board
    assert "北门社区居民委员会" in board
    history = table_rows(officer, "时间", count=8)
    assert [(line[1], line[2]) for line in history] == [
        ("张晓东", "发起"), ("李秀梅", "资格审核通过"),
        ("孔德明", "会签：评审通过（会签）"), ("赵文清", "会签：评审通过（会签）"),
        ("钱志刚", "评审通过（会签）"), ("张晓东", "提出异议"), ("李秀梅", "异议不成立"),
        ("系统（到期自动）", "公示期满，评定通过")]
    assert not worker.meide_errors and not officer.meide_errors

    # What the server stored: the bonus by rule, the honour board and story entries.
    with app.read_store() as opened:
        ledger = Ledger(opened, Catalogue(opened))
        [bonus] = [e for e in ledger.history(f"resident:{nominee['id']}")
                   if e.source == f"role_model:{number}"]
        assert bonus.rule == "ROLE_MODEL" and bonus.op == "award" and bonus.points == 20
        assert ledger.balance(f"resident:{nominee['id']}") == nominee["earned"] + 20
        boards = {e["board"]: e for e in opened.table("boards").all()
                  if (e["slug"], e["record"]) == ("role_model", number)}
        assert boards["honor"]["person_name"] == nominee["name"]
        assert boards["honor"]["title"] == "邻里守望员" and boards["stories"]["title"] == title
