"""The home page in Chromium: a 社区管理员 signs in and sees what waits for them by kind, today's
activity and this quarter's figures of their community, narrows the list to a kind, sorts it,
searches it and opens the record found; today's activity opens its sign-in sheet."""

import contextlib
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

import store
from meide import clock
from meide.engine import Engine
from meide.kernel.permissions import actor_from_staff
from meide.periods import Period
from meide.registry import Scope
from meide.reports import day

from .browser import expect, sign_in

pytestmark = pytest.mark.browser

MARKERS = ("北墙纸箱", "西门电动车", "东楼花盆")


def prepare(folder: Path) -> dict:
    """Before serving: three deductions and a good deed waiting for beimen, an activity of
    today in 北门社区, and points earned this quarter; what the home page should then show."""
    with contextlib.closing(store.open_store(folder)) as opened:
        engine = Engine(opened)
        registry, runner = engine.registry, engine.runner
        worker = actor_from_staff(registry.staff.by_username("wangge"))
        officer = actor_from_staff(registry.staff.by_username("beimen"))
        residents = [doc for doc in registry.residents.list(
            Scope(worker.subdistrict, worker.community, worker.grid)) if not doc.get("minor")]
        account = engine.services.account("resident", residents[0].doc_id)
        for deed in range(3):
            engine.ledger.award(account, "GOOD_DEED", reason="好人好事", source="home-test",
                                actor="beimen", key=f"home-test:{deed}")
        numbers = []
        for marker in MARKERS:
            numbers.append(runner.start("deduction", worker, {
                "resident": residents[1].doc_id, "rule": "COVENANT_CLUTTER",
                "occurred_on": clock.today().isoformat(), "place": "1号楼",
                "facts": f"楼道堆放杂物（{marker}）", "evidence": "照片.jpg"}).id)
        runner.start("good_deed", worker, {
            "resident": residents[2].doc_id, "deed_date": clock.today().isoformat(),
            "category": "GOOD_DEED", "deed": "帮邻居搬运煤气罐"})
        team = registry.teams.list(Scope(officer.subdistrict, officer.community))[0]
        starts = dt.datetime.combine(clock.today(), dt.time(0, 0))
        runner.start("volunteer_activity", officer, {
            "team": team.doc_id, "activity_title": "今日清扫楼道", "start": starts.isoformat(),
            "end": (starts + dt.timedelta(hours=23)).isoformat(), "place": "北门小区",
            "rule": "VOLUNTEER_HOUR"})
        figures = day.quarter_figures(engine.services, officer)
    return {"numbers": numbers, "figures": figures}


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("home") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    prepared = prepare(folder)
    with serve_app(folder) as app:
        app.prepared = prepared
        yield app


def lines(page):
    """The waiting list's lines (ButtonRows draws each as div.line; the glance's are .entry)."""
    return page.locator(".line").filter(has=page.get_by_role("button", name="打开"))


def test_a_community_officer_sees_the_day_and_opens_what_they_searched_for(page, served_app):
    prepared = served_app.prepared
    sign_in(page, served_app, "beimen")
    # What waits, by kind, with counts.
    expect(page.get_by_text("扣分与申诉：3 件")).to_be_visible()
    expect(page.get_by_text("好人好事：1 件")).to_be_visible()
    # Today's activity, with its sign-in sheet a click away.
    expect(page.get_by_text(re.compile("今日清扫楼道 · 00:00–23:00"))).to_be_visible()
    # This quarter's figures of the community.
    expect(page.get_by_text("本季度：" + Period.current().label)).to_be_visible()
    points = page.locator("button.tile").filter(has_text="获得积分")
    expect(points.locator(".figure")).to_have_text(f"{prepared['figures']['points']:,}")
    assert prepared["figures"]["points"] > 0
    expect(page.get_by_text("志愿服务活动：1 件")).to_be_visible()
    expect(lines(page)).to_have_count(5)

    # The kind narrows the list; all kinds brings it back.
    page.locator(".entry").filter(has_text="好人好事：1 件").get_by_role("button").click()
    expect(lines(page)).to_have_count(1)
    expect(lines(page).first).to_contain_text("帮邻居搬运煤气罐")
    page.locator(".entry").filter(has_text="全部类别：5 件").get_by_role("button").click()
    expect(lines(page)).to_have_count(5)
    expect(lines(page).first).to_contain_text(MARKERS[0])

    # Sorted newest first: the activity, the good deed, then the last deduction recorded.
    page.get_by_role("button", name="最新的在前").click()
    expect(page.get_by_role("button", name="最新的在前")).to_have_attribute("aria-pressed", "true")
    expect(lines(page).first).to_contain_text("今日清扫楼道")
    expect(lines(page).nth(1)).to_contain_text("帮邻居搬运煤气罐")
    expect(lines(page).nth(2)).to_contain_text(MARKERS[-1])

    # The search box keeps what matches; its line opens the record.
    page.get_by_role("searchbox", name="搜索待办").fill(MARKERS[1])
    expect(lines(page)).to_have_count(1)
    expect(page.get_by_text("当前显示 1 件")).to_be_visible()
    lines(page).first.get_by_role("button", name="打开").click()
    number = prepared["numbers"][1]
    expect(page.get_by_role("heading", name=re.compile(f"^扣分与申诉 第 {number} 号"))) \
        .to_be_visible()
    assert page.meide_errors == []


def test_the_activity_opens_its_sign_in_sheet(page, served_app):
    sign_in(page, served_app, "beimen")
    line = page.locator(".entry").filter(has_text="今日清扫楼道")
    line.get_by_role("button", name="签到表").click()
    expect(page.get_by_role("heading", name=re.compile("今日清扫楼道"))).to_be_visible()


def test_a_figure_of_the_quarter_opens_the_dashboard(page, served_app):
    sign_in(page, served_app, "beimen")
    page.locator("button.tile").filter(has_text="获得积分").click()
    expect(page.get_by_role("button", name="下载数据（Excel）")).to_be_visible()
    expect(page.locator("button.tile")).to_have_count(0)
