"""扣分与申诉 on the real registry and ledger: evidence, notice, appeal window, reversal not edit."""

import datetime as dt
import re

import pytest

from meide import clock
from meide.kernel import Actor, FieldError, PermissionDenied, TransitionError, records
from meide.kernel.documents import template_context
from meide.printing.environment import render
from workflows.deduction import Deduction

from .registry_support import add_resident, registry  # noqa: F401  (fixture)

WORKER = Actor("grid1", "网格员甲", {"网格员"}, community=1, grid=1)
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
REVIEWER = Actor("rev1", "评委甲", {"评审委员"}, community=1)


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield engine.runner


@pytest.fixture
def resident(runner, registry):  # noqa: F811
    """A resident with 15 points to lose."""
    resident = add_resident(registry)
    account = runner.services.account("resident", resident)
    for i in range(3):
        runner.services.ledger.award(account, "GOOD_DEED", reason="好人好事", source="test:1",
                                     actor="officer1", key=f"earn:{i}")
    return resident


def deducted(runner, resident, **values):
    fields = {"resident": resident, "rule": "COVENANT_CLUTTER", "occurred_on": "2026-10-07",
              "place": "1号楼1单元三楼", "facts": "楼道堆放纸箱，劝导后未清理",
              "evidence": "楼道-1007-1.jpg、楼道-1007-2.jpg", **values}
    record = runner.start("deduction", WORKER, fields)
    return runner.apply("deduction", record.id, "confirm", OFFICER)


def test_a_confirmed_deduction_carries_its_evidence_and_notifies(runner, registry, resident):  # noqa: F811,E501
    record = deducted(runner, resident)
    # The appeal period runs to the end of the seventh day: the date printed on the notice.
    assert record.state == "notified" and record.due["at"].startswith("2026-10-15T23:59:59")
    assert record.outputs["deducted"] == 2
    ledger = runner.services.ledger
    assert ledger.balance(f"resident:{resident}") == 13
    entry = ledger.history(f"resident:{resident}")[-1]
    assert entry.op == "deduct" and entry.rule == "COVENANT_CLUTTER"
    assert entry.evidence == ("楼道-1007-1.jpg", "楼道-1007-2.jpg")
    assert entry.source == f"deduction:{record.id}"
    [notice] = registry.store.table("documents").all()
    html = render("deduction/notice.html",
                  **template_context(Deduction, notice, issuer="古槐街道北门社区居委会"))
    text = re.sub(r"<[^>]+>", "", html)
    assert "张晓华" in text and "楼道堆放杂物" in text
    assert "扣除积分2分" in text and "申诉截止日期2026年10月15日" in text
    assert "公示" not in text


def test_the_history_says_the_appeal_period_ended(runner, resident):
    record = deducted(runner, resident)
    clock.advance(days=7)
    assert runner.tick() == []              # the seventh day is still open to appeal
    clock.advance(days=1)
    assert runner.tick() == [("deduction", record.id, "close")]
    last = records.history(runner.store, "deduction", record.id)[-1]
    assert last["transition"] == "close" and last["comment"] == "申诉期满"


def test_evidence_is_required_and_the_reporter_cannot_confirm(runner, resident):
    with pytest.raises(Exception, match="佐证材料"):
        runner.start("deduction", WORKER, {"resident": resident, "rule": "COVENANT_PET",
                                           "occurred_on": "2026-10-07", "facts": "x"})
    record = runner.start("deduction", OFFICER, {
        "resident": resident, "rule": "COVENANT_PET", "occurred_on": "2026-10-07",
        "facts": "未牵绳遛狗", "evidence": "监控截图.png"})
    with pytest.raises(PermissionDenied, match="自己提交"):
        runner.apply("deduction", record.id, "confirm", OFFICER)


def test_without_an_appeal_the_deduction_takes_effect_after_seven_days(runner, resident):
    record = deducted(runner, resident)
    clock.advance(days=8)
    assert runner.tick() == [("deduction", record.id, "close")]
    assert runner.get("deduction", record.id, OFFICER).state == "closed"
    with pytest.raises(TransitionError):
        runner.apply("deduction", record.id, "appeal", WORKER, changes={"appeal_reason": "晚了"})
    assert runner.services.ledger.balance(f"resident:{resident}") == 13


def test_an_upheld_appeal_reverses_with_a_new_entry(runner, registry, resident):  # noqa: F811
    record = deducted(runner, resident)
    with pytest.raises(FieldError, match="请填写申诉理由") as missing:
        runner.apply("deduction", record.id, "appeal", WORKER)
    assert set(missing.value.problems) == {"appeal_reason"}       # shown beside that field
    runner.apply("deduction", record.id, "appeal", WORKER,
                 changes={"appeal_reason": "纸箱是邻居的，已于次日清理"})
    clock.advance(days=10)
    assert runner.tick() == []              # the appeal stopped the clock
    with pytest.raises(FieldError, match="请填写复核意见"):
        runner.apply("deduction", record.id, "reverse", REVIEWER)
    done = runner.apply("deduction", record.id, "reverse", REVIEWER,
                        changes={"review_opinion": "经查纸箱系邻居堆放，申诉成立"})
    assert done.state == "reversed"
    ledger = runner.services.ledger
    deduction, reversal = ledger.history(f"resident:{resident}")[-2:]
    assert deduction.op == "deduct" and deduction.points == -2      # kept, never edited
    assert reversal.op == "reverse" and reversal.reverses == deduction.id
    assert reversal.points == 2 and ledger.balance(f"resident:{resident}") == 15
    decision = registry.store.table("documents").all()[-1]
    assert decision["kind"] == "decision"
    html = render("deduction/decision.html",
                  **template_context(Deduction, decision, issuer="古槐街道北门社区居委会"))
    text = re.sub(r"<[^>]+>", "", html)
    assert "复核意见经查纸箱系邻居堆放，申诉成立" in text and "纸箱是邻居的" in text
    assert "复核结果申诉成立，所扣积分已冲正退回" in text and "扣除积分2分" in text


def test_an_appeal_not_upheld_keeps_the_deduction(runner, registry, resident):  # noqa: F811
    record = deducted(runner, resident, rule="COVENANT_CHARGING", facts="楼道飞线充电")
    runner.apply("deduction", record.id, "appeal", WORKER, changes={"appeal_reason": "只充了一会儿"})
    done = runner.apply("deduction", record.id, "uphold", OFFICER,
                        changes={"review_opinion": "飞线充电存在火灾隐患，维持扣分"})
    assert done.state == "upheld" and done.outputs["outcome"] == "申诉不成立，维持扣分"
    assert runner.services.ledger.balance(f"resident:{resident}") == 10
    assert [d["kind"] for d in registry.store.table("documents").all()] == ["notice", "decision"]


def test_a_deduction_never_overdraws_the_balance(runner, registry):  # noqa: F811
    poor = add_resident(registry, name="王磊", phone="13912345678")
    record = runner.start("deduction", WORKER, {
        "resident": poor, "rule": "COVENANT_THROWING", "occurred_on": "2026-10-07",
        "facts": "高空抛物", "evidence": "监控.png"})
    with pytest.raises(TransitionError, match="积分"):
        runner.apply("deduction", record.id, "confirm", OFFICER)
    assert runner.get("deduction", record.id, OFFICER).state == "recorded"
