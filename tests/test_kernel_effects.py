"""Kernel effects and guards beyond the basics: deductions with evidence, reversals, outputs
kept on the record, and guards that say why not."""

import datetime as dt

import param
import pytest

import store
from meide import clock
from meide.kernel import (Actor, AwardPoints, Compute, DeclarationError, DeductPoints, Reference,
                          Output, ReversePoints, Runner, Services, SetValue, State, Transition,
                          TransitionError, Workflow, catalog)
from meide.kernel.effects import split_evidence
from meide.kernel.fields import form_fields
from meide.points import Account, Catalogue, Ledger, default_catalogue

OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community="1")


class Penalty(Workflow):
    """Award, then deduct with evidence, then reverse everything; a computed field on the way."""

    slug = "test_penalty"
    title = "测试扣分"
    start_roles = ("社区管理员",)
    scope_field = "person"
    person = Reference(kind="resident", doc="居民。", label="居民")
    evidence = param.String(default="", doc="佐证。", label="佐证")
    note = param.String(default="", doc="说明。", label="说明")
    computed = Output("算出的值", "算出的值。", default="")

    states = [State("new", "新建"), State("awarded", "已加分", editable=("note", "evidence")), State("deducted", "已扣分"),
              State("undone", "已冲正", final=True)]
    transitions = [
        Transition("award", "加分", "new", "awarded", roles=("社区管理员",)),
        Transition("deduct", "扣分", "awarded", "deducted", roles=("社区管理员",), guard="why_not"),
        Transition("undo", "冲正", "deducted", "undone", roles=("社区管理员",)),
    ]
    effects = {
        "awarded": [AwardPoints(account_field="person", rule="NEIGHBOUR_HELP"),
                    AwardPoints(account_field="person", rule="NEIGHBOUR_HELP"),
                    Compute("compute")],
        "deducted": [DeductPoints(account_field="person", rule="COVENANT_PET",
                                  evidence_field="evidence", reason="不文明养犬：{note}")],
        "undone": [ReversePoints(reason="申诉成立：{note}")],
    }

    def why_not(self, services) -> str:
        """unused: a str result is the message"""
        return "" if self.note else "请写明扣分说明"

    def compute(self, services) -> dict:
        return {"computed": f"{self.person}:{services.ledger.balance(f'resident:{self.person}')}"}


# Registered only while a test of this module runs, so other modules never walk it.
catalog.unregister(Penalty.slug)


@pytest.fixture(autouse=True)
def penalty_registered(catalogue_restored):
    catalog.register(Penalty)


class LedgerServices(Services):
    def __init__(self, ledger):
        self.ledger = ledger

    def scope_of(self, kind, record_id):
        return {"community": "1"}

    def account(self, kind, record_id):
        return Account(kind, str(record_id), community="1")


@pytest.fixture
def runner(tmp_path):
    opened = store.open_store(tmp_path / "data")
    with clock.frozen(dt.datetime(2026, 10, 8, 9, 0)):
        ledger = Ledger(opened, default_catalogue.install(Catalogue(opened)))
        yield Runner(opened, LedgerServices(ledger))
    opened.close()


def test_deduct_points_carries_evidence_and_a_str_guard_says_why(runner):
    record = runner.start("test_penalty", OFFICER, {"person": 7, "evidence": "a.jpg、b.jpg"})
    runner.apply("test_penalty", record.id, "award", OFFICER)
    with pytest.raises(TransitionError, match="不能“扣分”：请写明扣分说明"):
        runner.apply("test_penalty", record.id, "deduct", OFFICER)
    runner.apply("test_penalty", record.id, "deduct", OFFICER, changes={"note": "未牵绳"})
    ledger = runner.services.ledger
    entry = ledger.history("resident:7")[-1]
    assert (entry.op, entry.points, entry.evidence) == ("deduct", -2, ("a.jpg", "b.jpg"))
    assert entry.reason == "不文明养犬：未牵绳" and ledger.balance("resident:7") == 4


def test_deduct_points_without_evidence_is_refused_by_the_ledger(runner):
    record = runner.start("test_penalty", OFFICER, {"person": 7, "note": "x"})
    runner.apply("test_penalty", record.id, "award", OFFICER)
    with pytest.raises(TransitionError, match="佐证|证据|evidence"):
        runner.apply("test_penalty", record.id, "deduct", OFFICER)
    assert runner.get("test_penalty", record.id, OFFICER).state == "awarded"


def test_reverse_points_reverses_each_standing_entry_once(runner):
    record = runner.start("test_penalty", OFFICER, {"person": 7, "evidence": "a.jpg",
                                                     "note": "x"})
    awarded = runner.apply("test_penalty", record.id, "award", OFFICER)
    first_award = awarded.doc["effects"][0]["done"][0]["entry"]
    ledger = runner.services.ledger
    ledger.reverse(first_award, reason="录错", actor="officer1", key="manual")
    runner.apply("test_penalty", record.id, "deduct", OFFICER)
    done = runner.apply("test_penalty", record.id, "undo", OFFICER)
    [summary] = done.doc["effects"][-1]["done"]
    assert [item["points"] for item in summary["entries"]] == [2, -3]
    assert ledger.balance("resident:7") == 0
    ops = [entry.op for entry in ledger.history("resident:7")]
    assert ops == ["award", "award", "reverse", "deduct", "reverse", "reverse"]
    assert runner.services.ledger.reversal_of(first_award) == ledger.history("resident:7")[2].id


def test_compute_keeps_outputs_on_the_record_that_forms_cannot_write(runner):
    record = runner.start("test_penalty", OFFICER, {"person": 7})
    record = runner.apply("test_penalty", record.id, "award", OFFICER)
    assert record.outputs["computed"] == "7:6" and "computed" not in record.values
    assert runner.instance(record).computed == "7:6"
    with pytest.raises(Exception, match="computed"):
        runner.apply("test_penalty", record.id, "deduct", OFFICER, changes={"computed": "forged"})
    with pytest.raises(Exception, match="computed"):
        runner.start("test_penalty", OFFICER, {"person": 7, "computed": "forged"})
    again = runner.apply("test_penalty", record.id, "deduct", OFFICER,
                         changes={"note": "未牵绳", "evidence": "a.jpg"})
    assert again.outputs["computed"] == "7:6" and again.state == "deducted"
    assert [found.id for found in runner.search("test_penalty", OFFICER, text="7:6")[1]] == [
        record.id]


def test_effects_naming_a_missing_method_or_evidence_field_fail_at_declaration():
    base = {"__module__": __name__, "slug": "test_broken", "title": "坏", "states": [State("a", "甲")],
            "who": Reference(kind="resident", doc="居民。", label="居民")}
    try:
        with pytest.raises(DeclarationError, match="不是本类的方法"):
            type(Workflow)("Broken", (Workflow,), {**base, "effects": {"a": [Compute("nope")]}})
        with pytest.raises(DeclarationError, match="'photos'"):
            type(Workflow)("Broken", (Workflow,), {**base, "effects": {"a": [DeductPoints(
                account_field="who", rule="COVENANT_PET", evidence_field="photos")]}})
    finally:
        catalog.unregister("test_broken")


def test_evidence_is_split_from_what_staff_type():
    assert split_evidence("a.jpg、b.jpg\nc.png；d.png") == ["a.jpg", "b.jpg", "c.png", "d.png"]
    assert split_evidence(["x", " "]) == ["x"]
    assert split_evidence("") == []


def test_outputs_are_no_form_fields_and_start_from_their_default():
    assert "computed" not in {p.name for p in form_fields(Penalty)}
    assert "computed" not in Penalty.param and Penalty().computed == ""
    assert Penalty.declaration().outputs["computed"].label == "算出的值"


def test_an_output_must_be_labelled_and_not_hide_a_field():
    base = {"__module__": __name__, "slug": "test_broken", "title": "坏",
            "states": [State("a", "甲")], "note": param.String(default="", doc="说明。", label="说明")}
    with pytest.raises(DeclarationError, match="需要中文标签"):
        type(Workflow)("Broken", (Workflow,), {**base, "total": Output("", "")})
    with pytest.raises(DeclarationError, match="会遮住"):
        type(Workflow)("Broken", (Workflow,), {**base, "summary": Output("摘要", "摘要。")})
    with pytest.raises(DeclarationError, match="'outcom'"):
        type(Workflow)("Broken", (Workflow,), {**base, "outcome": Output("结果", "结果。"),
                                               "effects": {"a": [SetValue("outcom", "x")]}})


def test_standing_counts_points_and_deductions_not_reversed(runner):
    services, ledger = runner.services, runner.services.ledger
    account = services.account("resident", 7)
    ledger.award(account, "NEIGHBOUR_HELP", reason="x", actor="a", key="k1")
    clock.advance(days=1)
    ledger.award(account, "NEIGHBOUR_HELP", reason="x", actor="a", key="k2")
    first = ledger.deduct(account, "COVENANT_PET", reason="遛狗未牵绳", actor="a", key="d1",
                          evidence="p.jpg")
    ledger.deduct(account, "COVENANT_PET", reason="又一次", actor="a", key="d2", evidence="q.jpg")
    points, standing = services.standing("resident", 7, days=365)
    assert points == 2 and [entry.reason for entry in standing] == ["遛狗未牵绳", "又一次"]
    ledger.reverse(first, reason="申诉成立", actor="a", key="r1")
    points, standing = services.standing("resident", 7, days=365)
    assert points == 4 and [entry.reason for entry in standing] == ["又一次"]
    clock.advance(days=2)
    assert services.standing("resident", 7, days=1) == (0, [])
    with pytest.raises(Exception, match="积分台账"):
        Services().standing("resident", 7, days=30)
