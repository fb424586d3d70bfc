"""What a transition asks for is typed beside its button: the 抽奖 is drawn with its seed, source
and witnesses, and a 扣分 appeal is filed and decided, all on the record page in Chromium."""

import contextlib
import datetime as dt
import re
import shutil

import pytest

import store
from meide import clock
from meide.engine import Engine
from meide.kernel import actor_from_staff, records
from meide.scope import Scope

from .browser import alert, button, expect, fill, sign_in

pytestmark = pytest.mark.browser


def prepare(folder) -> dict:
    """Before serving: points this quarter for three of wangge's residents, a 抽奖 whose list
    beimen froze, and a 扣分 wangge recorded and beimen confirmed (now open to appeal)."""
    with contextlib.closing(store.open_store(folder)) as opened:
        engine = Engine(opened)
        registry, runner, ledger = engine.registry, engine.runner, engine.ledger
        staff = {name: actor_from_staff(registry.staff.by_username(name))
                 for name in ("wangge", "beimen")}
        worker = registry.staff.by_username("wangge")
        grid = Scope(worker["subdistrict"], worker["community"], worker["grid"])
        residents = registry.residents.list(grid)[:3]
        for number, resident in enumerate(residents):
            account = engine.services.account("resident", resident.doc_id)
            for deed in range(3):
                ledger.award(account, "GOOD_DEED", reason="好人好事", source="inputs-test",
                             actor="wangge", key=f"inputs-test:{number}:{deed}")
        today = clock.today()
        quarter = (today.month - 1) // 3 + 1
        draw = runner.start("lottery", staff["beimen"], {
            "lottery_title": "美德信用抽奖（录入测试）", "community": worker["community"],
            "year": today.year, "quarter": quarter, "min_points": 1, "prizes": "一等奖:1",
            "draw_on": (today + dt.timedelta(days=1)).isoformat(), "place": "北门社区党群服务中心"})
        runner.apply("lottery", draw.id, "freeze", staff["beimen"])
        deduction = runner.start("deduction", staff["wangge"], {
            "resident": residents[0].doc_id, "rule": "COVENANT_CLUTTER",
            "facts": "楼道堆放纸箱（录入测试）", "evidence": "楼道照片.jpg",
            "occurred_on": today.isoformat()})
        runner.apply("deduction", deduction.id, "confirm", staff["beimen"])
        return {"lottery": draw.id, "deduction": deduction.id}


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    made = prepare(folder)
    with serve_app(folder) as app:
        app.made = made
        yield app


def open_record(page, app, slug, title, number):
    page.goto(app.url(f"/console?page=record:{slug}:{number}"))
    expect(page.get_by_role("heading", name=re.compile(f"^{title} 第 {number} 号"))).to_be_visible()
    page.wait_for_load_state("networkidle")


def test_the_lottery_is_drawn_with_the_seed_typed_beside_its_button(new_page, served_app):
    number = served_app.made["lottery"]
    officer = sign_in(new_page(), served_app, "beimen")
    open_record(officer, served_app, "lottery", "美德信用抽奖", number)
    fill(officer, "随机种子", "3-1-4-1-5")
    button(officer, "录入种子并开奖").click()
    # One input left empty: named on screen, nothing taken.
    expect(alert(officer, "danger")).to_contain_text("请填写种子来源")
    fill(officer, "随机种子", "3-1-4-1-5")
    fill(officer, "种子来源", "三名居民代表当众掷骰子")
    fill(officer, "见证人", "王秀英、李建国")
    button(officer, "录入种子并开奖").click()
    expect(alert(officer, "success")).to_contain_text("已开奖")
    assert not officer.meide_errors
    with served_app.read_store() as opened:
        record = records.load(opened, "lottery", number)
        assert record.state == "drawn" and record.values["witnesses"] == "王秀英、李建国"
        [step] = [e for e in records.history(opened, "lottery", number)
                  if e.get("transition") == "draw"]
        # Who entered the seed is kept with what they entered.
        assert step["actor"] == "beimen" and step["changes"]["seed"] == "3-1-4-1-5"


def test_an_appeal_is_filed_and_decided_with_its_reason_and_opinion(new_page, served_app):
    number = served_app.made["deduction"]
    worker = sign_in(new_page(), served_app, "wangge")
    open_record(worker, served_app, "deduction", "扣分与申诉", number)
    fill(worker, "申诉理由", "纸箱是邻居的，已于次日清理")
    button(worker, "登记申诉").click()
    expect(alert(worker, "success")).to_contain_text("申诉复核中")

    officer = sign_in(new_page(), served_app, "beimen")
    open_record(officer, served_app, "deduction", "扣分与申诉", number)
    fill(officer, "复核意见", "经查纸箱系邻居堆放，申诉成立")
    button(officer, "申诉成立，冲正").click()
    expect(alert(officer, "success")).to_contain_text("已冲正")
    assert not worker.meide_errors and not officer.meide_errors
    with served_app.read_store() as opened:
        record = records.load(opened, "deduction", number)
        assert record.state == "reversed"
        assert record.values["appeal_reason"] == "纸箱是邻居的，已于次日清理"
        assert record.values["review_opinion"] == "经查纸箱系邻居堆放，申诉成立"
