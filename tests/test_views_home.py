"""The home page: the day at a glance within the actor's scope, each entry a click away, and the
waiting list searched, sorted and narrowed to a kind from the page's own component."""

import datetime as dt

from meide import clock
from meide.supermarket import Supermarket
from meide.views.console import Console
from meide.views.home import HomePage
from meide.views.record import RecordPage

from .views_support import (OFFICER, OUTSIDER, REVIEWERS, WORKER, runner,  # noqa: F401
                            started, trial)


def sections(home) -> dict:
    """{section title: [(key, text, label), ...]} as the glance shows them."""
    return {title: entries for title, _style, entries, _empty in home.glance.sections}


def texts(home) -> str:
    return "\n".join(text for entries in sections(home).values() for _key, text, _l in entries)


def on_notice(runner):
    record = runner.apply("test_view_trial", started(runner).id, "submit", WORKER)
    for reviewer in REVIEWERS[:2]:
        record = runner.apply("test_view_trial", record.id, "pass_review", reviewer)
    return record


def test_what_waits_is_shown_by_kind_and_a_kind_narrows_the_list(runner, trial):
    for _ in range(2):
        runner.apply("test_view_trial", started(runner).id, "submit", WORKER)
    home = HomePage(runner=runner, actor=REVIEWERS[0])
    kinds = sections(home)["待办分类"]
    assert kinds == [("kind:test_view_trial", "测试评选：2 件", "查看")]
    home.glance.choose("kind:test_view_trial")
    assert home.inbox.kind == "test_view_trial"
    kinds = sections(home)["待办分类"]
    assert kinds[0] == ("kind:", "全部类别：2 件", "查看") and kinds[1][2] == "正在查看"
    home.glance.choose("kind:")
    assert home.inbox.kind == ""


def test_notices_ending_and_objections_open_their_record(runner, trial):
    record = on_notice(runner)
    runner.object("test_view_trial", record.id, WORKER, "事迹不实")
    home = HomePage(runner=runner, actor=OFFICER)
    key = f"record:test_view_trial:{record.id}"
    ending, = sections(home)["7 天内到期的公示"]
    assert ending[0] == key and "公示期至 2026年10月8日" in ending[1]
    objection, = sections(home)["待处理的异议和申诉"]
    assert objection[0] == key and "1 条异议待处理" in objection[1]
    home.glance.choose(key)
    assert home.opened == ("test_view_trial", record.id)
    outsider = HomePage(runner=runner, actor=OUTSIDER)
    assert sections(outsider)["7 天内到期的公示"] == []
    assert sections(outsider)["待处理的异议和申诉"] == []


def test_an_activity_today_offers_its_sign_in_sheet(runner):
    team = runner.services.registry.teams.add(name="星火志愿服务队", community="北门社区")
    starts = dt.datetime.combine(clock.today(), dt.time(8, 30))
    record = runner.start("volunteer_activity", OFFICER, {
        "team": team, "activity_title": "银杏树下清扫楼道", "start": starts.isoformat(),
        "end": (starts + dt.timedelta(hours=3)).isoformat(), "place": "1号楼",
        "rule": "VOLUNTEER_HOUR"})
    line, = sections(HomePage(runner=runner, actor=OFFICER))["今日活动"]
    assert line[0] == f"volunteer:{record.id}" and line[2] == "签到表"
    assert "银杏树下清扫楼道 · 08:30–11:30 · 1号楼" in line[1]
    assert sections(HomePage(runner=runner, actor=OUTSIDER))["今日活动"] == []


def test_low_stock_leads_to_the_goods_page_and_the_quarter_to_the_dashboard(runner):
    services = runner.services
    market = Supermarket(services.ledger.store, services.ledger, services.registry)
    market.goods.add(name="食用油", points=50, stock=2, low_stock=5, community=1, actor="test")
    market.goods.add(name="大米", points=40, stock=1, low_stock=5, community=2, actor="test")
    account = services.account("resident", 1)
    services.ledger.award(account, "VOLUNTEER_HOUR", quantity=2, reason="清扫楼道",
                          source="activity:1", actor="test", key="home:1")
    console = Console(runner=runner, actor=OFFICER)
    home = console.view
    stock, = sections(home)["信用超市库存不足"]
    # A 社区管理员 stocks the shelves: the line opens the goods page.
    assert stock == ("goods", "食用油：剩余 2 件（提醒线 5）", "商品库存")
    quarter = sections(home)["本季度：2026年第四季度"]
    points = services.ledger.balance(account.key)
    assert [(text, label) for _key, text, label in quarter] == [
        (str(points), "获得积分"), ("2", "志愿服务时长(小时)"), ("0", "兑换积分"),
        ("1", "参与人数")]
    assert "大米" not in texts(home)
    home.glance.choose("dashboard")
    assert console.page == "dashboard"


def test_the_search_box_and_sort_buttons_drive_the_list(runner, trial):
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)):
        first = runner.apply("test_view_trial", started(runner, story="扶老人过马路").id,
                             "submit", WORKER)
    with clock.frozen(dt.datetime(2026, 10, 2, 9, 0)):
        second = runner.apply("test_view_trial", started(runner, story="拾金不昧").id,
                              "submit", WORKER)
    home = HomePage(runner=runner, actor=REVIEWERS[0])
    assert [label for _key, label, _on in home.glance.sorts] == [
        "等待最久的在前", "最新的在前", "按类别", "按状态"]
    home.glance._handle_msg({"sort": "newest"})
    assert [r.id for r in home.rows.records] == [second.id, first.id]
    assert [on for key, _label, on in home.glance.sorts if key == "newest"] == [True]
    home.glance._handle_msg({"query": "  扶老人  "})
    assert home.inbox.query == "扶老人" and [r.id for r in home.rows.records] == [first.id]


def test_a_forged_message_does_nothing(runner, trial):
    record = on_notice(runner)
    home = HomePage(runner=runner, actor=OFFICER)
    for message in ({"entry": "record:test_view_trial:999"}, {"entry": "settings"},
                    {"sort": "by_secret"}, {"entry": 3}, "dashboard", {"query": 5}):
        home.glance._handle_msg(message)
    assert home.opened is None and home.address == "" and home.inbox.order == "oldest"
    home.glance._handle_msg({"query": "字" * 500})
    assert len(home.inbox.query) == 60
    home.glance._handle_msg({"entry": f"record:test_view_trial:{record.id}"})
    assert home.opened == ("test_view_trial", record.id)


def test_opening_an_entry_from_the_console_home_shows_the_record(runner, trial):
    record = on_notice(runner)
    console = Console(runner=runner, actor=OFFICER)
    console.view.glance.choose(f"record:test_view_trial:{record.id}")
    assert isinstance(console.view, RecordPage) and console.view.record_id == record.id


def test_values_set_on_the_component_itself_are_checked_too(runner, trial):
    home = HomePage(runner=runner, actor=OFFICER)
    home.glance.chosen = "settings"
    home.glance.sort = "by_secret"
    home.glance.query = "字" * 500
    assert home.address == "" and home.inbox.order == "oldest" and len(home.inbox.query) == 60
