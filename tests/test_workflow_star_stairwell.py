"""信用星级楼道 on the real registry and ledger: inspections reviewed and recorded (with the
检查达标 award), the period close that freezes scores, names the plaque holder and issues both
documents, and the refusals that keep a closed period closed."""

import datetime as dt

import pytest

from meide import clock
from meide.kernel import Actor, PermissionDenied, TransitionError
from meide.kernel.documents import document_kind, template_context
from meide.printing import printer
from meide.stairwells import Inspections, Period, RotatingPlaque
from workflows.star_stairwell import StarStairwell

from .printing_support import in_order, pdf_text
from .registry_support import add_resident, registry  # noqa: F401,F811  (fixture)

LOUZHANG = Actor("louzhang1", "王楼长", {"楼长"}, community=1, grid=1)
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
STREET = Actor("street1", "街道干部", {"街道管理员"})
ISSUER = "古槐街道北门社区居民委员会"
# 1号楼 with these marks totals (30×100 + 25×100 + 25×80 + 20×100) / 100 = 95.
GOOD = {"clean": 100, "clutter": 100, "safety": 80, "covenant": 100}


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 9, 20, 10, 0)):
        yield engine.runner


def inspect(runner, building, marks, on="2026-09-18", approve=True):
    values = {"purpose": "inspection", "building": building, "inspector": "王楼长",
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


def close(runner, actor=OFFICER, **values):
    record = runner.start("star_stairwell", actor, {"purpose": "close", "year": 2026,
                                                    "quarter": 3, **values})
    return runner.apply("star_stairwell", record.id, "close_period", actor)


def test_an_inspection_is_reviewed_then_recorded_and_awards_the_building(runner):
    record = inspect(runner, 1, GOOD, approve=False)
    assert record.state == "reviewing" and record.values["inspection_total"] == 95
    with pytest.raises(PermissionDenied):
        runner.apply("star_stairwell", record.id, "approve", LOUZHANG)
    record = runner.apply("star_stairwell", record.id, "approve", OFFICER)
    assert record.state == "recorded" and record.values["inspection_stars"] == 5
    kept = Inspections(runner.store).latest(1, *Period(2026, 3).bounds)
    assert kept["total"] == 95 and kept["inspector"] == "王楼长" and kept["marks"]["safety"] == 80
    assert runner.services.ledger.balance("building:1") == 5          # STAIRWELL_INSPECTION


def test_a_second_pass_in_the_month_is_recorded_without_points_and_a_fail_earns_none(runner):
    inspect(runner, 1, GOOD)
    again = inspect(runner, 1, GOOD, on="2026-09-19")
    assert again.state == "recorded" and again.values["award_to"] == []
    poor = inspect(runner, 2, dict.fromkeys(GOOD, 70))
    assert poor.values["inspection_total"] == 70 and poor.values["award_to"] == []
    assert runner.services.ledger.balance("building:1") == 5
    assert runner.services.ledger.balance("building:2") == 0


@pytest.mark.parametrize("values, words", [
    ({**GOOD, "safety": None}, "消防安全"),
    ({**GOOD, "inspector": ""}, "检查人"),
    ({**GOOD, "inspected_on": "2026-09-25"}, "晚于今天"),
])
def test_an_incomplete_inspection_says_what_to_fill(runner, values, words):
    fields = {"purpose": "inspection", "building": 1, "inspector": "王楼长",
              "inspected_on": "2026-09-18", **values}
    record = runner.start("star_stairwell", LOUZHANG, {k: v for k, v in fields.items()
                                                       if v is not None})
    with pytest.raises(TransitionError, match=words):
        runner.apply("star_stairwell", record.id, "submit", LOUZHANG)


def test_closing_the_quarter_freezes_scores_names_the_holder_and_issues_documents(runner, quarter):
    record = close(runner)
    rows = record.values["scores"]
    assert [(r["building_name"], r["score"], r["stars"]) for r in rows] == [
        ("1号楼", 98.0, 5), ("2号楼", 54.7, 1), ("书香苑3号楼", 20.0, 0)]
    assert rows[1]["inspection"] == 70 and rows[1]["compliance"] == 0.0
    assert record.values["holder"]["building_name"] == "1号楼"
    assert record.values["holds_for"]["label"] == "2026年第四季度"
    assert RotatingPlaque(runner.store).holder(1)["building_name"] == "1号楼"
    documents = {doc["kind"]: doc for doc in runner.store.table("documents").all()}
    assert set(documents) == {"plaque", "board"}
    plaque = printer.render(
        document_kind(StarStairwell, "plaque"),
        template_context(StarStairwell, documents["plaque"], issuer=ISSUER), "pdf")
    text = pdf_text(plaque.content).replace(" ", "")
    assert "最美楼栋" in text and "1号楼" in text and "2026年第四季度" in text
    board = printer.render(
        document_kind(StarStairwell, "board"),
        template_context(StarStairwell, documents["board"], issuer=ISSUER), "pdf")
    assert in_order(pdf_text(board.content), ["1号楼", "2号楼", "书香苑3号楼"])


def test_a_closed_period_stays_frozen_and_is_closed_once(runner, quarter):
    record = close(runner)
    ledger = runner.services.ledger
    for entry in quarter["entries"]:                 # 1号楼's points reversed after the close
        ledger.reverse(entry, reason="重复登记", actor="officer1", key=f"rev:{entry.id}")
    again = runner.get("star_stairwell", record.id, OFFICER)
    assert again.values["scores"][0]["building_name"] == "1号楼"
    assert again.values["scores"] == record.values["scores"]
    with pytest.raises(TransitionError, match="已经结算过"):
        close(runner)


def test_the_period_cannot_close_before_it_ends_nor_for_another_community(runner, quarter):
    with pytest.raises(TransitionError, match="结束后才能结算"):
        close(runner, quarter=4)
    with pytest.raises(TransitionError, match="本社区"):
        close(runner, community=2)


def test_the_plaque_passes_on_and_keeps_its_holders(runner, quarter, registry):  # noqa: F811
    close(runner)
    clock.set_time(dt.datetime(2026, 11, 21, 9, 0))
    inspect(runner, 2, dict.fromkeys(GOOD, 100), on="2026-11-20")
    clock.set_time(dt.datetime(2027, 1, 3, 9, 0))
    winter = close(runner, quarter=4)
    assert winter.values["holder"]["building_name"] == "2号楼"
    history = RotatingPlaque(runner.store).history(1)
    assert [(doc["period"]["key"], doc["holder"]["building_name"], doc["holds_for"]["key"])
            for doc in history] == [("2026Q3", "1号楼", "2026Q4"), ("2026Q4", "2号楼", "2027Q1")]
    assert [row["building"] for row in winter.values["plaque"]["holders"]] == ["1号楼", "2号楼"]


def test_a_subdistrict_close_ranks_every_community(runner, quarter):
    record = close(runner, actor=STREET)
    assert record.values["scope_name"] == "古槐街道"
    assert {r["community_name"] for r in record.values["scores"]} == {"北门社区", "翰林街社区"}
    assert RotatingPlaque(runner.store).holder(None)["building_name"] == "1号楼"
