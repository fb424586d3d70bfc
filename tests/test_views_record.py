"""The record page: values with names, state, 会签, 公示 and objections, history, one-click actions."""

import re

from meide import clock, i18n
from meide.views.record import RecordPage

from .views_support import (OFFICER, OUTSIDER, REVIEWERS, WORKER, add_staff, click, runner,  # noqa: F401,E501
                            started, trial)
from .views_support import XIAOHUA


def page(runner, record, actor):
    return RecordPage(runner=runner, actor=actor, slug=record.slug, record_id=record.id)


def shown(view, diagram: bool = False) -> str:
    """All the text the page shows (panes' objects, widgets' labels), to search in; without
    the workflow diagram (every state's name) unless asked for, so what a record says of
    itself is what is searched."""
    texts = []
    for item in view.__panel__().select():
        for attribute in ("object", "label", "placeholder"):
            value = getattr(item, attribute, None)
            if isinstance(value, str):
                texts.append(value if diagram else re.sub(
                    r'<details class="workflow-diagram.*?</details>', "", value, flags=re.S))
    return "\n".join(texts)


def in_review(runner):
    record = started(runner, points=30, kind="B", since="2026-09-01")
    return runner.apply("test_view_trial", record.id, "submit", WORKER)


def in_notice(runner):
    record = in_review(runner)
    runner.apply("test_view_trial", record.id, "pass_review", REVIEWERS[0])
    return runner.apply("test_view_trial", record.id, "pass_review", REVIEWERS[1])


def test_values_are_shown_with_labels_names_and_choice_labels(runner, trial):
    view = page(runner, in_review(runner), OFFICER)
    text = shown(view)
    assert "被提名人" in text and "张晓华" in text          # the name, not the id
    assert "乙类" in text and "2026年9月1日" in text
    assert "当前状态：评审中" in text


def test_buttons_are_the_actions_the_actor_may_take(runner, trial):
    record = started(runner)
    assert list(page(runner, record, WORKER).action_buttons) == ["submit"]
    assert page(runner, record, REVIEWERS[0]).action_buttons == {}
    record = runner.apply("test_view_trial", record.id, "submit", WORKER)
    assert list(page(runner, record, OFFICER).action_buttons) == ["reject"]


def test_a_click_applies_the_transition_with_the_comment(runner, trial):
    view = page(runner, started(runner), WORKER)
    view.comment.value = "材料齐全"
    click(view.action_buttons["submit"])
    assert runner.get("test_view_trial", view.record_id, WORKER).state == "review"
    assert view.feedback.objects[0].alert_type == "success"
    text = shown(view)
    assert "当前状态：评审中" in text and "材料齐全" in text and "提交" in text
    assert view.action_buttons == {}            # redrawn: nothing left for the worker


def test_a_double_click_acts_once(runner, trial):
    record = in_review(runner)
    view = page(runner, record, REVIEWERS[0])
    button = view.action_buttons["pass_review"]
    click(button)
    click(button)
    history = runner.history("test_view_trial", record.id, OFFICER)
    assert [h["action"] for h in history].count("sign") == 1


def test_kernel_refusals_are_alerts_not_tracebacks(runner, trial):
    view = page(runner, in_review(runner), OFFICER)
    click(view.action_buttons["reject"])                        # the comment is required
    alert = view.feedback.objects[0]
    assert alert.alert_type == "warning" and "需要填写意见" in alert.object
    assert runner.get("test_view_trial", view.record_id, OFFICER).state == "review"
    view.comment.value = "不符合条件"
    click(view.action_buttons["reject"])                        # the same button works now
    assert runner.get("test_view_trial", view.record_id, OFFICER).state == "rejected"


def test_unexpected_errors_show_a_plain_message(runner, trial, monkeypatch):
    view = page(runner, started(runner), WORKER)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(runner, "apply", broken)
    click(view.action_buttons["submit"])
    message = view.feedback.objects[0].object
    assert "没有生效" in message and "disk on fire" not in message
    assert not view.action_buttons["submit"].disabled


def test_signatures_so_far_are_shown(runner, trial):
    record = in_review(runner)
    runner.apply("test_view_trial", record.id, "pass_review", REVIEWERS[0], comment="同意")
    view = page(runner, record, REVIEWERS[1])
    text = shown(view)
    assert "“评审通过”会签：已签 1 人，共需 2 人" in text and "评委0（评审委员）" in text
    assert view.action_buttons["pass_review"].label == "会签“评审通过”（已签 1/2）"


def test_a_timed_stage_is_named_as_its_workflow_calls_it(runner):
    """A deduction's seven days are the resident's 申诉期, not a 公示 (no objections taken)."""
    account = runner.services.account("resident", XIAOHUA)
    runner.services.ledger.award(account, "GOOD_DEED", reason="好人好事", source="test:1",
                                 actor="officer1", key="earn")
    record = runner.start("deduction", WORKER, {
        "resident": XIAOHUA, "rule": "COVENANT_CLUTTER", "occurred_on": "2026-09-30",
        "facts": "楼道堆放纸箱", "evidence": "楼道.jpg"})
    record = runner.apply("deduction", record.id, "confirm", OFFICER)
    view = page(runner, record, WORKER)
    text = shown(view)
    assert "申诉期至 2026年10月8日 23:59" in text and "公示" not in text
    assert view.object_button is None


def test_notice_shows_its_due_date_and_takes_objections(runner, trial):
    record = in_notice(runner)
    view = page(runner, record, WORKER)
    assert "公示期至 2026年10月8日 09:00" in shown(view)
    view.objection_reason.value = "事迹与事实不符"
    click(view.object_button)
    assert runner.get("test_view_trial", record.id, WORKER).open_objections()
    assert "事迹与事实不符" in shown(view) and view.decide_buttons == {}


def test_objections_are_decided_by_those_allowed(runner, trial):
    record = in_notice(runner)
    runner.object("test_view_trial", record.id, WORKER, "事迹与事实不符")
    view = page(runner, record, OFFICER)
    view.decision_comments[1].value = "经核实属实"
    click(view.decide_buttons[(1, False)])
    decided = runner.get("test_view_trial", record.id, OFFICER)
    assert decided.objections[0]["status"] == "dismissed" and decided.state == "notice"
    assert "不成立" in shown(view)
    clock.advance(days=8)
    runner.tick()
    assert runner.get("test_view_trial", record.id, OFFICER).state == "approved"


def test_an_upheld_objection_sends_the_record_back(runner, trial):
    record = in_notice(runner)
    runner.object("test_view_trial", record.id, WORKER, "事迹与事实不符")
    view = page(runner, record, OFFICER)
    # One way to uphold it, with what follows chosen: not a look-alike button beside it.
    assert "reopen" not in view.action_buttons and "revise" not in view.action_buttons
    view.decision_comments[1].value = "异议成立"
    assert list(view.consequence_choices[1].options) == ["重新评审", "退回修改"]
    view.consequence_choices[1].value = "revise"
    click(view.decide_buttons[(1, True)])
    back = runner.get("test_view_trial", record.id, OFFICER)
    assert back.state == "draft" and back.objections[0]["consequence"] == "revise"


def test_fields_the_state_leaves_editable_are_offered_and_read_only_after(runner, trial):
    record = started(runner)
    view = page(runner, record, WORKER)
    assert set(view.editable_inputs) == {"story", "points"}
    view.editable_inputs["story"].value = "照顾独居老人十年"
    click(view.save_button)
    saved = runner.get("test_view_trial", record.id, WORKER)
    assert saved.values["story"] == "照顾独居老人十年" and saved.state == "draft"
    assert runner.history("test_view_trial", record.id, WORKER)[-1]["action"] == "edit"
    # What is typed there is sent with the step taken, too.
    view.editable_inputs["points"].value = 12
    click(view.action_buttons["submit"])
    submitted = runner.get("test_view_trial", record.id, WORKER)
    assert submitted.state == "review" and submitted.values["points"] == 12
    assert page(runner, submitted, OFFICER).editable_inputs == {}


def test_a_quorum_the_staff_cannot_meet_is_said_naming_what_is_missing(runner, trial, engine):
    record = in_review(runner)
    text = shown(page(runner, record, OFFICER))
    assert "还需要 2 名评审委员账号" in text and "还需要 1 名社区管理员账号" in text
    add_staff(engine.registry, OFFICER)
    assert "社区管理员账号" not in shown(page(runner, record, OFFICER))
    add_staff(engine.registry, REVIEWERS[0])
    assert "还需要 1 名评审委员账号" in shown(page(runner, record, OFFICER))
    add_staff(engine.registry, REVIEWERS[1])
    assert "还需要" not in shown(page(runner, record, OFFICER))


def test_records_outside_the_scope_show_nothing_but_a_message(runner, trial):
    view = page(runner, started(runner), OUTSIDER)
    assert view.record is None
    text = shown(view)
    assert "找不到" in text and "照顾独居老人" not in text


def test_the_page_follows_the_chosen_language(runner, trial):
    record = in_review(runner)
    with i18n.using_locale("en"):
        view = page(runner, record, OFFICER)
        text = shown(view)
    assert "History" in text and "Your actions" in text


def test_final_records_offer_no_actions(runner, trial):
    record = in_notice(runner)
    clock.advance(days=8)
    runner.tick()
    view = page(runner, record, OFFICER)
    assert view.action_buttons == {} and view.object_button is None
    assert "系统（到期自动）" in shown(view)


def test_what_the_user_cannot_do_is_shown_with_the_reason(runner, trial):
    record = in_review(runner)
    text = shown(page(runner, record, WORKER))
    assert "您不能办理的事项及原因" in text and "需要以下角色之一" in text
    signed = runner.apply("test_view_trial", record.id, "pass_review", REVIEWERS[0])
    assert "您已签署" in shown(page(runner, signed, REVIEWERS[0]))
    assert "您不能办理的事项及原因" not in shown(page(runner, started(runner), WORKER))


def test_the_history_names_edits_and_the_consequence_of_an_upheld_objection(runner, trial):
    record = in_notice(runner)
    runner.object("test_view_trial", record.id, WORKER, "事迹与事实不符")
    runner.decide("test_view_trial", record.id, 1, OFFICER, upheld=True, comment="退回补充",
                  consequence="revise")
    runner.edit("test_view_trial", record.id, WORKER, {"story": "照顾独居老人十年"})
    text = shown(page(runner, record, OFFICER))
    assert "修改内容" in text and "事迹：照顾独居老人十年" in text
    assert "异议成立，退回修改" in text
