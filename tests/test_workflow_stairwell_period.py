"""信用星级楼道评比期结算 on the real registry and ledger: the period close that freezes scores,
names the plaque holder and issues both documents, the refusals that keep a closed period
closed, and the closes kept as star_stairwell records before the two were apart."""

import datetime as dt

import pytest

from meide import clock
from meide.engine import Engine
from meide.kernel import Actor, PermissionDenied, TransitionError, catalog, migrations
from meide.kernel.documents import document_kind, template_context
from meide.printing import printer
from meide.stairwells import RotatingPlaque
from workflows.stairwell_period import StairwellPeriod

from .printing_support import in_order, pdf_text
from .registry_support import registry  # noqa: F401  (fixture)
from .test_views_record import page, shown
from .test_workflow_star_stairwell import (GOOD, OFFICER, STREET, inspect,  # noqa: F401
                                           quarter, runner)

ISSUER = "古槐街道北门社区居民委员会"


def close(runner, actor=OFFICER, **values):
    record = runner.start("stairwell_period", actor, {"year": 2026, "quarter": 3, **values})
    return runner.apply("stairwell_period", record.id, "close_period", actor)


def test_closing_the_quarter_freezes_scores_names_the_holder_and_issues_documents(runner, quarter):
    record = close(runner)
    rows = record.outputs["scores"]
    assert [(r["building_name"], r["score"], r["stars"]) for r in rows] == [
        ("1号楼", 98.0, 5), ("2号楼", 54.7, 1), ("书香苑3号楼", 20.0, 0)]
    assert rows[1]["inspection"] == 70 and rows[1]["compliance"] == 0.0
    assert record.outputs["holder"]["building_name"] == "1号楼"
    assert record.outputs["holds_for"]["label"] == "2026年第四季度"
    assert RotatingPlaque(runner.store).holder(1)["building_name"] == "1号楼"
    documents = {doc["kind"]: doc for doc in runner.store.table("documents").all()}
    assert set(documents) == {"plaque", "board"}
    plaque = printer.render(
        document_kind(StairwellPeriod, "plaque"),
        template_context(StairwellPeriod, documents["plaque"], issuer=ISSUER), "pdf")
    text = pdf_text(plaque.content).replace(" ", "")
    assert "最美楼栋" in text and "1号楼" in text and "2026年第四季度" in text
    board = printer.render(
        document_kind(StairwellPeriod, "board"),
        template_context(StairwellPeriod, documents["board"], issuer=ISSUER), "pdf")
    assert in_order(pdf_text(board.content), ["1号楼", "2号楼", "书香苑3号楼"])


def test_a_closed_period_stays_frozen_and_is_closed_once(runner, quarter):
    record = close(runner)
    ledger = runner.services.ledger
    for entry in quarter["entries"]:                 # 1号楼's points reversed after the close
        ledger.reverse(entry, reason="重复登记", actor="officer1", key=f"rev:{entry.id}")
    again = runner.get("stairwell_period", record.id, OFFICER)
    assert again.outputs["scores"][0]["building_name"] == "1号楼"
    assert again.outputs["scores"] == record.outputs["scores"]
    with pytest.raises(TransitionError, match="已经结算过"):
        close(runner)


def test_the_period_cannot_close_before_it_ends_nor_for_another_community(runner, quarter):
    with pytest.raises(TransitionError, match="结束后才能结算"):
        close(runner, quarter=4)
    with pytest.raises(PermissionDenied, match="管辖范围"):
        close(runner, community=2)


def test_the_plaque_passes_on_and_keeps_its_holders(runner, quarter, registry):  # noqa: F811
    close(runner)
    clock.set_time(dt.datetime(2026, 11, 21, 9, 0))
    inspect(runner, 2, dict.fromkeys(GOOD, 100), on="2026-11-20")
    clock.set_time(dt.datetime(2027, 1, 3, 9, 0))
    winter = close(runner, quarter=4)
    assert winter.outputs["holder"]["building_name"] == "2号楼"
    history = RotatingPlaque(runner.store).history(1)
    assert [(doc["period"]["key"], doc["holder"]["building_name"], doc["holds_for"]["key"])
            for doc in history] == [("2026Q3", "1号楼", "2026Q4"), ("2026Q4", "2号楼", "2027Q1")]
    assert [row["building"] for row in winter.outputs["plaque"]["holders"]] == ["1号楼", "2号楼"]


def test_a_subdistrict_close_ranks_every_community(runner, quarter):
    record = close(runner, actor=STREET)
    assert record.outputs["scope_name"] == "古槐街道"
    assert {r["community_name"] for r in record.outputs["scores"]} == {"北门社区", "翰林街社区"}
    assert RotatingPlaque(runner.store).holder(None)["building_name"] == "1号楼"


def one_class_folder(opened):
    """What the one-class 信用星级楼道 (purpose 楼道检查 / 评比期结算) left in a data folder: a
    recorded inspection and a closed period, with the close's history, documents and plaque
    entry, every worked-out value kept among the record's values."""
    records = opened.table("wf_star_stairwell")
    scope = {"subdistrict": 1, "community": 1, "grid": None}
    inspection = records.insert({
        "state": "recorded", "scope": scope, "names": {"building": "1号楼"}, "version": 1,
        "created_by": "louzhang1", "seq": 3, "signatures": {}, "objections": [], "due": None,
        "values": {"purpose": "inspection", "building": 1, **GOOD, "inspector": "王楼长",
                   "inspected_on": "2026-09-18", "notes": "", "photo": "",
                   "inspection_total": 95, "inspection_stars": 5, "award_to": []}})
    scores = [{"building": 1, "building_name": "1号楼", "score": 98.0, "stars": 5}]
    holder = {"building": 1, "building_name": "1号楼", "community_name": "北门社区",
              "score": 98.0, "stars": 5}
    period = {"key": "2026Q3", "label": "2026年第三季度", "start": "2026-07-01",
              "end": "2026-09-30"}
    holds_for = {"key": "2026Q4", "label": "2026年第四季度", "start": "2026-10-01",
                 "end": "2026-12-31"}
    plaque = {"title": "最美楼栋", "building": "1号楼", "community": "北门社区", "stars": 5,
              "period": holds_for, "holders": [{"period": "2026年第三季度", "building": "1号楼",
                                                "score": 98.0}]}
    board = {"title": "信用星级榜", "subtitle": "北门社区2026年第三季度信用星级楼道评比",
             "period": period, "holder": "1号楼", "weights": {"members": 40, "inspection": 40,
                                                               "covenant": 20},
             "buildings": [{"building": "1号楼", "community": "北门社区", "score": 98.0,
                            "stars": 5, "rank": 1, "members": 100.0, "inspection": 95,
                            "compliance": 100.0}]}
    values = {"purpose": "close", "year": 2026, "quarter": 3, "community": 1,
              "period_key": "2026Q3", "scope_name": "北门社区", "scores": scores,
              "holder": holder, "holds_for": holds_for, "plaque": plaque, "board": board}
    closed = records.insert({
        "state": "closed", "scope": scope, "names": {"community": "北门社区"}, "version": 1,
        "created_by": "officer1", "seq": 2, "signatures": {}, "objections": [], "due": None,
        "values": values})
    ref = f"star_stairwell:{closed}"
    for seq, action in ((1, "start"), (2, "transition")):
        opened.table("wf_history").insert({"ref": ref, "slug": "star_stairwell",
                                           "record": closed, "seq": seq, "action": action,
                                           "actor": "officer1", "actor_name": "社区干部甲",
                                           "at": "2026-10-02T09:00:00+08:00"})
    for kind in ("plaque", "board"):
        opened.table("documents").insert({
            "slug": "star_stairwell", "record": closed, "kind": kind, "values": values,
            "names": {"community": "北门社区"}, "scope": scope, "due": None, "final": True,
            "issued_at": "2026-10-02T09:00:00+08:00", "key": f"{ref}:2:{kind}"})
    opened.table("rotating_plaque").insert({
        "scope": 1, "scope_name": "北门社区", "period": period, "holds_for": holds_for,
        "holder": holder, "source": ref, "key": f"{ref}:2:0", "at": "2026-10-02T09:00:00"})
    return inspection, closed


def test_closes_kept_by_the_one_class_workflow_open_as_period_closes(registry):  # noqa: F811
    inspection, closed = one_class_folder(registry.store)
    runner = Engine(registry.store).runner
    record = runner.get("stairwell_period", closed, OFFICER)
    assert record.state == "closed" and "purpose" not in record.values
    assert record.values["year"] == 2026 and record.outputs["holder"]["building_name"] == "1号楼"
    assert [h["action"] for h in runner.history("stairwell_period", closed, OFFICER)] == [
        "start", "transition"]
    assert RotatingPlaque(registry.store).holder(1)["building_name"] == "1号楼"
    assert RotatingPlaque(registry.store).history(1)[0]["source"] == f"stairwell_period:{closed}"
    kept = runner.get("star_stairwell", inspection, OFFICER)
    assert kept.outputs["inspection_total"] == 95 and "inspection_total" not in kept.values
    assert runner.search("star_stairwell", OFFICER)[0] == 1 and runner.orphans(
        "star_stairwell") == []
    issued = runner.store.table("documents").all()
    assert {(doc["slug"], doc["record"]) for doc in issued} == {("stairwell_period", closed)}
    plaque = printer.render(
        document_kind(StairwellPeriod, "plaque"),
        template_context(StairwellPeriod, next(d for d in issued if d["kind"] == "plaque"),
                         issuer=ISSUER), "html")
    assert "1号楼" in plaque.content and "2026年第四季度" in plaque.content


def test_the_move_runs_once_per_data_folder(registry):  # noqa: F811
    _, closed = one_class_folder(registry.store)
    Engine(registry.store).runner.workflow("stairwell_period")
    assert "stairwell_period:" + StairwellPeriod.migrations[0].name in [
        doc["name"] for doc in registry.store.table(migrations.TABLE).all()]
    assert migrations.migrate(registry.store, catalog.all_workflows()) == []
    again = Engine(registry.store).runner
    assert again.get("stairwell_period", closed, OFFICER).state == "closed"
    assert len(registry.store.table("wf_stairwell_period").all()) == 1
    assert [doc["values"]["purpose"] for doc in registry.store.table("wf_star_stairwell")] == [
        "inspection"]


@pytest.mark.parametrize("today, year, number", [
    (dt.datetime(2026, 10, 8, 9, 0), 2026, 3), (dt.datetime(2027, 1, 3, 9, 0), 2026, 4)])
def test_the_form_offers_the_last_quarter_that_has_ended(today, year, number):
    # The current quarter can never be closed (it has not ended): it is not the default.
    with clock.frozen(today):
        period = StairwellPeriod()
    assert (period.year, period.quarter) == (year, number)


def test_the_record_page_shows_the_scores_the_holder_and_the_plaques_history(runner, quarter):
    close(runner)
    clock.set_time(dt.datetime(2026, 11, 21, 9, 0))
    inspect(runner, 2, dict.fromkeys(GOOD, 100), on="2026-11-20")
    clock.set_time(dt.datetime(2027, 1, 3, 9, 0))
    winter = close(runner, quarter=4)
    text = shown(page(runner, winter, OFFICER))
    assert ("<th>名次</th><th>楼栋</th><th>社区</th><th>居民数</th><th>居民积分（折算）</th>"
            "<th>楼道检查</th><th>公约遵守</th><th>总分</th><th>星级</th>") in text
    assert "楼栋：2号楼；社区：北门社区" in text and "季度：2027年第一季度" in text
    history = text[text.index("流动牌历史"):]
    assert in_order(history, ["2026年第三季度", "1号楼", "2026年第四季度", "2号楼"])
    assert "2026Q4" not in text                       # the period's code and print data stay off
