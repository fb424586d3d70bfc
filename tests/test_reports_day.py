"""A staff member's day: each part within their scope, and only what the day holds."""

import datetime as dt

import param
import pytest

from meide import clock
from meide.kernel import Actor, Reference, State, Transition, Workflow, catalog
from meide.periods import Period
from meide.reports import day
from meide.supermarket import Supermarket

from .views_support import (OFFICER, OUTSIDER, REVIEWERS, WORKER, XIAOHUA, runner,  # noqa: F401
                            started, trial)

WHOLE = Actor("street1", "街道干部甲", {"街道管理员"}, subdistrict=1)


def on_notice(runner):
    record = runner.apply("test_view_trial", started(runner).id, "submit", WORKER)
    for reviewer in REVIEWERS[:2]:
        record = runner.apply("test_view_trial", record.id, "pass_review", reviewer)
    assert record.state == "notice"
    return record


def test_what_waits_is_counted_by_kind(runner, trial):
    for _ in range(3):
        runner.apply("test_view_trial", started(runner).id, "submit", WORKER)
    started(runner)
    assert day.waiting_by_kind(runner.inbox(REVIEWERS[0])) == [("test_view_trial", 3)]
    assert day.waiting_by_kind(runner.inbox(OUTSIDER)) == []


@pytest.mark.parametrize("days, listed", [(7, True), (6, False)])
def test_a_notice_is_listed_when_it_ends_within_the_days(runner, trial, days, listed):
    record = on_notice(runner)
    ending = day.stages_ending(runner, OFFICER, days=days)
    assert [(item.record.id, item.stage) for item in ending] == (
        [(record.id, "公示期")] if listed else [])
    if listed:
        assert ending[0].at == clock.now() + dt.timedelta(days=7)
    assert day.stages_ending(runner, OUTSIDER, days=days) == []


def test_an_objection_waits_until_it_is_decided(runner, trial):
    record = on_notice(runner)
    assert day.objections_waiting(runner, OFFICER) == []
    runner.object("test_view_trial", record.id, WORKER, "事迹不实")
    assert [r.id for r in day.objections_waiting(runner, OFFICER)] == [record.id]
    assert day.objections_waiting(runner, OUTSIDER) == []
    runner.decide("test_view_trial", record.id, 1, OFFICER, upheld=False, comment="经核实属实")
    assert day.objections_waiting(runner, OFFICER) == []


@pytest.fixture
def appealable():
    class Appealable(Workflow):
        """A decision a resident may appeal."""

        slug = "test_day_appeal"
        title = "测试申诉"
        start_roles = ("网格员",)
        required = ("resident",)
        scope_field = "resident"
        resident = Reference(kind="resident", doc="居民。", label="居民")
        reason = param.String(default="", doc="理由。", label="理由")
        states = [State("decided", "已决定"), State("appealed", "申诉中"),
                  State("closed", "已办结", final=True)]
        transitions = [Transition("appeal", "登记申诉", "decided", "appealed", roles=("网格员",)),
                       Transition("review", "复核", "appealed", "closed", roles=("社区管理员",))]

    yield Appealable
    catalog.unregister(Appealable.slug)


def test_appeals_are_the_records_an_appeal_has_reached(runner, appealable):
    first = runner.start(appealable.slug, WORKER, {"resident": XIAOHUA})
    runner.start(appealable.slug, WORKER, {"resident": XIAOHUA})
    runner.apply(appealable.slug, first.id, "appeal", WORKER)
    assert [r.id for r in day.appeals_waiting(runner, OFFICER)] == [first.id]
    assert day.appeals_waiting(runner, OUTSIDER) == []
    runner.apply(appealable.slug, first.id, "review", OFFICER)
    assert day.appeals_waiting(runner, OFFICER) == []


def activity(runner, team, starts, hours=3, **values):
    return runner.start("volunteer_activity", OFFICER, {
        "team": team, "activity_title": "清扫楼道", "start": starts.isoformat(),
        "end": (starts + dt.timedelta(hours=hours)).isoformat(), "place": "1号楼",
        "rule": "VOLUNTEER_HOUR", **values})


def test_activities_of_the_day_are_those_it_falls_within(runner):
    team = runner.services.registry.teams.add(name="星火志愿服务队", community="北门社区")
    today = dt.datetime.combine(clock.today(), dt.time(8, 30))
    morning = activity(runner, team, today)
    overnight = activity(runner, team, today - dt.timedelta(hours=12), hours=14)
    activity(runner, team, today + dt.timedelta(days=1))
    cancelled = activity(runner, team, today)
    runner.apply("volunteer_activity", cancelled.id, "cancel", OFFICER, comment="下雨")
    assert [r.id for r in day.activities_on(runner, OFFICER)] == [overnight.id, morning.id]
    assert day.activities_on(runner, OUTSIDER) == []
    tomorrow = clock.today() + dt.timedelta(days=1)
    assert len(day.activities_on(runner, OFFICER, tomorrow)) == 1


def test_low_stock_is_the_community_shelf_at_or_below_its_line(runner):
    services = runner.services
    market = Supermarket(services.ledger.store, services.ledger, services.registry)
    oil = market.goods.add(name="食用油", points=50, stock=2, low_stock=5, community=1,
                           actor="test")
    market.goods.add(name="洗衣皂", points=10, stock=30, low_stock=5, community=1, actor="test")
    other = market.goods.add(name="食用油", points=50, stock=0, low_stock=5, community=2,
                             actor="test")
    assert [(row["goods"], row["community"]) for row in day.low_stock(services, OFFICER)] == [
        (oil, "北门社区")]
    assert [row["goods"] for row in day.low_stock(services, OUTSIDER)] == [other]
    assert [(row["goods"], row["community"]) for row in day.low_stock(services, WHOLE)] == [
        (other, "翰林街社区"), (oil, "北门社区")]


def test_the_quarter_figures_count_within_the_scope(runner):
    ledger = runner.services.ledger
    account = runner.services.account("resident", XIAOHUA)
    ledger.award(account, "VOLUNTEER_HOUR", quantity=2, reason="清扫楼道", source="activity:1",
                 actor="test", key="day:1")
    mine = day.quarter_figures(runner.services, OFFICER)
    points = ledger.balance(account.key)
    assert points > 0
    assert mine == {"points": points, "hours": 2, "redeemed": 0, "participants": 1}
    assert day.quarter_figures(runner.services, OUTSIDER) == {
        "points": 0, "hours": 0, "redeemed": 0, "participants": 0}
    earlier = day.quarter_figures(runner.services, OFFICER, Period.current().previous())
    assert earlier["points"] == 0 and earlier["participants"] == 0


def test_a_subdistrict_sees_the_low_stock_of_its_own_communities_only(runner):
    services = runner.services
    market = Supermarket(services.ledger.store, services.ledger, services.registry)
    oil = market.goods.add(name="食用油", points=50, stock=2, low_stock=5, community=1,
                           actor="test")
    other = market.goods.add(name="食用油", points=50, stock=0, low_stock=5, community=2,
                             actor="test")
    shared = market.goods.add(name="环保袋", points=5, stock=0, low_stock=5, actor="test")
    second = services.registry.subdistricts.add(name="文昌街道")
    services.ledger.store.table("communities").update({"subdistrict": second}, doc_ids=[2])
    there = Actor("street2", "街道干部乙", {"街道管理员"}, subdistrict=second)
    assert [row["goods"] for row in day.low_stock(services, WHOLE)] == [shared, oil]
    assert [(row["goods"], row["community"]) for row in day.low_stock(services, there)] == [
        (other, "翰林街社区"), (shared, "")]
