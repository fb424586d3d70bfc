"""信用星级楼道检查 on the real registry and ledger: inspections reviewed and recorded (with the
检查达标 award), their marks as the scorecard's criteria, and what an incomplete one lacks."""

import datetime as dt

import pytest

from meide import clock
from meide.kernel import Actor, FieldError, PermissionDenied, TransitionError
from meide.kernel.fields import form_fields
from meide.rating import DEFAULT_SCORECARDS
from meide.periods import Period
from meide.stairwells import Inspections
from workflows.star_stairwell import StarStairwell

from .registry_support import add_resident, registry  # noqa: F401,F811  (fixture)
from .test_views_record import page, shown

LOUZHANG = Actor("louzhang1", "王楼长", {"楼长"}, community=1, grid=1)
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
STREET = Actor("street1", "街道干部", {"街道管理员"})
# 1号楼 with these marks totals (30×100 + 25×100 + 25×80 + 20×100) / 100 = 95.
GOOD = {"clean": 100, "clutter": 100, "safety": 80, "covenant": 100}


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 9, 20, 10, 0)):
        yield engine.runner


def inspect(runner, building, marks, on="2026-09-18", approve=True):
    values = {"building": building, "inspector": "王楼长",
              "inspected_on": on, "notes": "", **marks}
    actor = LOUZHANG if building == 1 else OFFICER
    record = runner.start("star_stairwell", actor, values)
    record = runner.apply("star_stairwell", record.id, "submit", actor)
    if approve:
        approver = OFFICER if actor is LOUZHANG else Actor("officer2", "社区干部乙", {"社区管理员"},
                                                           community=1)
        record = runner.apply("star_stairwell", record.id, "approve", approver)
    return record


def award(runner, resident, rule, times=1, evidence=None):
    account = runner.services.account("resident", resident)
    return [runner.services.ledger.award(
        account, rule, reason="测试", source="test:1", actor="x", key=f"{resident}:{rule}:{i}")
        if rule.startswith("GOOD") else runner.services.ledger.deduct(
        account, rule, reason="测试", source="test:1", actor="x", key=f"{resident}:{rule}:{i}",
        evidence=evidence) for i in range(times)]


@pytest.fixture
def quarter(runner, registry):  # noqa: F811
    """北门社区 in 2026Q3: 1号楼 two residents with 15 points and a 95 inspection; 2号楼 one
    resident with 5 points, a 楼道堆放杂物 deduction and a 70 inspection; 书香苑3号楼 nothing."""
    zhang = add_resident(registry, name="张晓华", phone="13812345601", room="401")
    li = add_resident(registry, name="李秀英", phone="13812345602", room="402")
    wang = add_resident(registry, name="王磊", phone="13812345603", room="403", building="2号楼")
    entries = award(runner, zhang, "GOOD_DEED", 2) + award(runner, li, "GOOD_DEED")
    award(runner, wang, "GOOD_DEED")
    award(runner, wang, "COVENANT_CLUTTER", evidence=["楼道照片.jpg"])
    inspect(runner, 1, GOOD)
    inspect(runner, 2, dict.fromkeys(GOOD, 60), on="2026-08-01")
    inspect(runner, 2, dict.fromkeys(GOOD, 70), on="2026-09-10")       # the latest counts
    clock.set_time(dt.datetime(2026, 10, 2, 9, 0))
    return {"张晓华": zhang, "王磊": wang, "entries": entries}


def test_an_inspection_is_reviewed_then_recorded_and_awards_the_building(runner):
    record = inspect(runner, 1, GOOD, approve=False)
    assert record.state == "reviewing" and record.outputs["inspection_total"] == 95
    with pytest.raises(PermissionDenied):
        runner.apply("star_stairwell", record.id, "approve", LOUZHANG)
    record = runner.apply("star_stairwell", record.id, "approve", OFFICER)
    assert record.state == "recorded" and record.outputs["inspection_stars"] == 5
    kept = Inspections(runner.store).latest(1, *Period(2026, 3).bounds)
    assert kept["total"] == 95 and kept["inspector"] == "王楼长" and kept["marks"]["safety"] == 80
    assert runner.services.ledger.balance("building:1") == 5          # STAIRWELL_INSPECTION


def test_a_second_pass_in_the_month_is_recorded_without_points_and_a_fail_earns_none(runner):
    inspect(runner, 1, GOOD)
    again = inspect(runner, 1, GOOD, on="2026-09-19")
    assert again.state == "recorded" and again.outputs["award_to"] == []
    poor = inspect(runner, 2, dict.fromkeys(GOOD, 70))
    assert poor.outputs["inspection_total"] == 70 and poor.outputs["award_to"] == []
    assert runner.services.ledger.balance("building:1") == 5
    assert runner.services.ledger.balance("building:2") == 0


@pytest.mark.parametrize("values, words", [
    ({**GOOD, "safety": None}, "消防安全"),
    ({**GOOD, "inspected_on": "2026-09-25"}, "晚于今天"),
])
def test_an_incomplete_inspection_says_what_to_fill(runner, values, words):
    fields = {"building": 1, "inspector": "王楼长", "inspected_on": "2026-09-18", **values}
    record = runner.start("star_stairwell", LOUZHANG, {k: v for k, v in fields.items()
                                                       if v is not None})
    with pytest.raises(TransitionError, match=words):
        runner.apply("star_stairwell", record.id, "submit", LOUZHANG)


def test_an_inspection_without_its_inspector_is_refused_by_the_form(runner):
    with pytest.raises(FieldError, match="检查人"):
        runner.start("star_stairwell", LOUZHANG, {"building": 1, "inspected_on": "2026-09-18",
                                                  "inspector": "", **GOOD})


def test_the_marks_are_the_scorecards_criteria():
    card = DEFAULT_SCORECARDS["stairwell"]
    fields = {p.name: p.label for p in form_fields(StarStairwell)}
    assert {c.code: c.name for c in card.criteria}.items() <= fields.items()


def test_the_record_page_says_the_score_and_whether_it_earns_points(runner):
    record = inspect(runner, 1, GOOD, approve=False)
    text = shown(page(runner, record, OFFICER))
    assert "<td class='meide-short'>检查得分</td><td class='meide-short'>95</td>" in text
    assert "达标（80 分及以上），审核通过后楼栋获信用楼道检查达标积分" in text
    assert "building:" not in text
    runner.apply("star_stairwell", record.id, "approve", OFFICER)
    again = inspect(runner, 1, GOOD, on="2026-09-19")
    assert again.outputs["inspection_result"] == \
        "达标（80 分及以上），但楼栋的检查达标积分已到上限，这次不计分"
    poor = inspect(runner, 2, dict.fromkeys(GOOD, 70))
    assert poor.outputs["inspection_result"] == "未达标（80 分及以上为达标），不计分"
