"""志愿服务活动 end to end on the real registry and ledger: publish, sheet, verify, points per hour."""

import datetime as dt

import pytest

from meide import clock
from meide.kernel import Actor, PermissionDenied, RecordNotFound, TransitionError, records
from meide.kernel.documents import template_context
from meide.printing.environment import render
from meide.volunteer import Attendance, AttendanceError

from .registry_support import add_resident, registry  # noqa: F401  (fixture)

OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1, subdistrict=1)
OFFICER2 = Actor("officer2", "社区干部乙", {"社区管理员"}, community=1, subdistrict=1)
WORKER = Actor("grid1", "网格员甲", {"网格员"}, community=1, grid=1, subdistrict=1)
HANLIN_OFFICER = Actor("officer9", "翰林街干部", {"社区管理员"}, community=2, subdistrict=1)
NOW = dt.datetime(2026, 10, 8, 10, 0)


@pytest.fixture
def world(engine, registry):  # noqa: F811
    """A runner over the small registry, residents of 北门社区 and the team 星火 (clock frozen)."""
    people = {
        "zhang": add_resident(registry, "张晓华", "13812345678", room="301"),
        "li": add_resident(registry, "李秀英", "13900001111", room="302"),
        "wang_a": add_resident(registry, "王伟", "13700002222", room="401"),
        "wang_b": add_resident(registry, "王伟", "13600003333", building="2号楼", room="101"),
        "zhao": add_resident(registry, "赵敏", "13500004444", community="翰林街社区"),
    }
    team = registry.teams.add(name="星火志愿服务队", community="北门社区", leader=people["zhang"],
                              members=[people["li"]])
    with clock.frozen(NOW):
        yield {"runner": engine.runner, "people": people, "team": team,
               "registry": registry, "attendance": None}


def publish(world, actor=OFFICER, **values):
    fields = {"team": world["team"], "activity_title": "银杏树下清扫楼道",
              "start": "2026-10-07T08:30:00", "end": "2026-10-07T11:30:00",
              "place": "北门社区1号楼", "slots": 3, "rule": "VOLUNTEER_HOUR", **values}
    return world["runner"].start("volunteer_activity", actor, fields)


def attendance(world) -> Attendance:
    return Attendance(world["runner"])


def sheet(world, record, hours: dict, actor=OFFICER, source="签到表（手工录入）"):
    rows = [{"resident": world["people"][who], "hours": h, "times": []}
            for who, h in hours.items()]
    return attendance(world).save_sheet(record.id, rows, actor, source)


def balance(world, who) -> int:
    return world["runner"].services.ledger.balance(f"resident:{world['people'][who]}")


def test_a_verified_activity_pays_each_volunteer_per_hour_once(world):
    runner = world["runner"]
    record = publish(world)
    assert record.state == "published" and record.scope["community"] == 1
    sheet(world, record, {"zhang": 3, "li": 1.5})
    runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    frozen = runner.get("volunteer_activity", record.id, OFFICER).outputs["attendance"]
    assert [(row["resident"], row["hours"]) for row in frozen] == [
        (world["people"]["zhang"], 3), (world["people"]["li"], 1.5)]
    verified = runner.apply("volunteer_activity", record.id, "verify", OFFICER2, key="click-1")
    runner.apply("volunteer_activity", record.id, "verify", OFFICER2, key="click-1")   # twice
    assert verified.state == "verified"
    assert balance(world, "zhang") == 6 and balance(world, "li") == 3    # 2 points an hour
    [entry] = runner.services.ledger.history(f"resident:{world['people']['li']}")
    assert entry.rule == "VOLUNTEER_HOUR" and entry.quantity == 1.5
    assert entry.source == f"volunteer_activity:{record.id}" and entry.actor == "officer2"
    assert "银杏树下清扫楼道" in entry.reason and entry.evidence
    report = {row["name"]: (row["awarded_hours"], row["points"], row["note"])
              for row in verified.outputs["awards"]}
    assert report == {"张晓华": (3, 6, ""), "李秀英": (1.5, 3, "")}


def test_the_effect_awards_nothing_twice_when_run_again(world):
    from meide.kernel import EffectContext
    from meide.volunteer import AwardHours
    runner = world["runner"]
    record = publish(world)
    sheet(world, record, {"zhang": 2})
    runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    record = runner.apply("volunteer_activity", record.id, "verify", OFFICER2)
    context = EffectContext(runner.store, runner.services, runner.instance(record), record,
                            OFFICER2, key=f"volunteer_activity:{record.id}:3:0")
    again = AwardHours().apply(context)
    assert balance(world, "zhang") == 4
    assert again["entries"][0]["entry"] == record.doc["effects"][-1]["done"][0]["entries"][0][
        "entry"]


def test_a_cap_hit_is_reported_and_the_others_are_still_paid(world):
    runner, ledger = world["runner"], world["runner"].services.ledger
    services = runner.services
    for who, hours in (("zhang", 7), ("li", 8)):         # 14 and 16 of the 16-a-day cap used
        ledger.award(services.account("resident", world["people"][who]), "VOLUNTEER_HOUR",
                     quantity=hours, reason="早上的活动", source="volunteer_activity:99",
                     actor="officer1", key=f"earlier:{who}")
    record = publish(world)
    sheet(world, record, {"zhang": 3, "li": 2, "wang_a": 2})
    runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    verified = runner.apply("volunteer_activity", record.id, "verify", OFFICER2)
    assert verified.state == "verified"
    report = {row["resident"]: row for row in verified.outputs["awards"]}
    zhang, li, wang_a = (world["people"][who] for who in ("zhang", "li", "wang_a"))
    assert report[zhang]["awarded_hours"] == 1 and report[zhang]["points"] == 2
    assert "上限" in report[zhang]["note"] and "按 1 小时计分" in report[zhang]["note"]
    assert report[li]["points"] == 0 and report[li]["note"].startswith("未计分")
    assert report[wang_a]["points"] == 4 and report[wang_a]["note"] == ""
    assert balance(world, "zhang") == 16 and balance(world, "li") == 16
    assert balance(world, "wang_a") == 4


def test_submitting_needs_attendance_and_every_volunteer_checked_out(world):
    runner = world["runner"]
    record = publish(world)
    with pytest.raises(TransitionError, match="还没有录入任何签到记录"):
        runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    book = attendance(world)
    book.check_in(record.id, world["people"]["zhang"], OFFICER, at=dt.datetime(2026, 10, 7, 8, 31))
    with pytest.raises(TransitionError, match="1 人签到后未签退（张晓华）"):
        runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    assert runner.get("volunteer_activity", record.id, OFFICER).state == "published"
    hours = book.check_out(record.id, world["people"]["zhang"], OFFICER,
                           at=dt.datetime(2026, 10, 7, 11, 20))
    assert hours == 2.5                      # 2 h 49 min, counted in whole half hours
    submitted = runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    assert submitted.outputs["attendance"][0]["check_in"].startswith("2026-10-07T08:31")


def test_attendance_is_closed_while_checked_and_reopened_when_sent_back(world):
    runner = world["runner"]
    record = publish(world)
    sheet(world, record, {"zhang": 2})
    runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    with pytest.raises(AttendanceError, match="待核实"):
        sheet(world, record, {"li": 2})
    with pytest.raises(TransitionError, match="意见"):
        runner.apply("volunteer_activity", record.id, "send_back", OFFICER2)
    runner.apply("volunteer_activity", record.id, "send_back", OFFICER2, comment="李秀英漏登")
    sheet(world, record, {"li": 2, "zhang": 2.5})      # a sheet typed again replaces hours
    again = runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    assert {row["name"]: row["hours"] for row in again.outputs["attendance"]} == {
        "张晓华": 2.5, "李秀英": 2}


def test_who_may_verify_and_who_may_see(world):
    runner = world["runner"]
    record = publish(world)
    sheet(world, record, {"zhang": 2})
    runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    with pytest.raises(PermissionDenied, match="不能审批自己提交的记录"):
        runner.apply("volunteer_activity", record.id, "verify", OFFICER)
    with pytest.raises(RecordNotFound):        # a team is the community's, not one grid's
        runner.apply("volunteer_activity", record.id, "verify", WORKER)
    with pytest.raises(RecordNotFound):
        runner.apply("volunteer_activity", record.id, "verify", HANLIN_OFFICER)
    with pytest.raises(RecordNotFound):
        sheet(world, record, {"zhang": 1}, actor=HANLIN_OFFICER)


def test_sign_ups_stop_at_the_slots(world):
    record = publish(world, slots=2)
    book = attendance(world)
    book.sign_up(record.id, world["people"]["zhang"], OFFICER)
    with pytest.raises(AttendanceError, match="已报名"):
        book.sign_up(record.id, world["people"]["zhang"], OFFICER)
    book.sign_up(record.id, world["people"]["li"], OFFICER)
    with pytest.raises(AttendanceError, match="名额已满（共 2 个）"):
        book.sign_up(record.id, world["people"]["wang_a"], OFFICER)
    assert [row["name"] for row in book.signups(record.id)] == ["张晓华", "李秀英"]


def test_an_activity_ending_before_it_starts_cannot_go_on(world):
    runner = world["runner"]
    record = publish(world, end="2026-10-07T08:00:00")
    with pytest.raises(TransitionError, match="结束时间须晚于开始时间"):
        runner.apply("volunteer_activity", record.id, "begin", OFFICER)


def test_cancelling_needs_a_reason_and_ends_the_activity(world):
    runner = world["runner"]
    record = publish(world)
    with pytest.raises(TransitionError, match="意见或理由"):
        runner.apply("volunteer_activity", record.id, "cancel", OFFICER)
    cancelled = runner.apply("volunteer_activity", record.id, "cancel", OFFICER, comment="下雨")
    assert cancelled.state == "cancelled"
    with pytest.raises(AttendanceError, match="已取消"):
        sheet(world, record, {"zhang": 1})


def test_the_notice_and_the_roll_are_issued_and_render(world):
    runner = world["runner"]
    record = publish(world)
    sheet(world, record, {"zhang": 3})
    runner.apply("volunteer_activity", record.id, "submit", OFFICER)
    runner.apply("volunteer_activity", record.id, "verify", OFFICER2)
    cls = runner.workflow("volunteer_activity")
    documents = {doc["kind"]: doc for doc in runner.store.table("documents")
                 if doc["record"] == record.id and doc["slug"] == "volunteer_activity"}
    notice = render("volunteer_activity/notice.html",
                    **template_context(cls, documents["notice"], "北门社区居委会"))
    assert "星火志愿服务队" in notice and "08:30—11:30" in notice and "3人" in notice
    roll = render("volunteer_activity/roll.html",
                  **template_context(cls, documents["roll"], "北门社区居委会"))
    assert "张晓华" in roll and "发放积分 6 分" in roll
    history = records.history(runner.store, "volunteer_activity", record.id)
    assert [entry.get("transition") for entry in history] == [None, "submit", "verify"]
