"""The runner: start, transitions, roles, self-approval, 会签, timed 公示 with objections, effects."""

import datetime as dt
import os
import subprocess
import sys
import textwrap

import param
import pytest

import store
from meide import clock
from meide.kernel import (SYSTEM, Actor, AwardPoints, FieldError, PermissionDenied, Quorum, Reference,
                          RecordNotFound, Runner, Services, State, Timed, Transition,
                          TransitionError, Workflow, catalog)

WORKER = Actor("grid1", "网格员甲", {"网格员"}, community="北门社区", grid="一网格")
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community="北门社区")
OFFICER2 = Actor("officer2", "社区干部乙", {"社区管理员"}, community="北门社区")
REVIEWERS = [Actor(f"rev{i}", f"评委{i}", {"评审委员"}, community="北门社区") for i in range(3)]
OTHER_COMMUNITY = Actor("officer9", "别社区干部", {"社区管理员"}, community="铁塔寺社区")


class Nomination(Workflow):
    """A nomination with a 2-of-3 review, a 7-day notice and points on approval."""

    slug = "test_nomination"
    title = "测试提名"
    start_roles = ("网格员", "社区管理员")
    required = ("nominee", "story")
    scope_field = "nominee"

    nominee = Reference(kind="resident", doc="被提名的居民。", label="被提名人")
    story = param.String(default="", doc="事迹。", label="事迹")
    points = param.Integer(default=0, bounds=(0, 100), doc="已有积分。", label="积分")

    states = [
        State("draft", "草稿"),
        State("review", "评审中"),
        State("notice", "公示中", timed=Timed(days=7, then="approve", on_objection="reopen")),
        State("approved", "已通过", final=True),
        State("rejected", "未通过", final=True),
    ]
    transitions = [
        Transition("submit", "提交", "draft", "review", roles=("网格员", "社区管理员"),
                   guard="eligible"),
        Transition("pass_review", "评审通过", "review", "notice", roles=("评审委员",),
                   approves=True, quorum=Quorum(count=2)),
        Transition("reject", "不通过", "review", "rejected", roles=("社区管理员",),
                   approves=True, comment_required=True),
        Transition("approve", "公示期满通过", "notice", "approved", system=True),
        Transition("reopen", "异议成立，重新评审", "notice", "review", roles=("社区管理员",)),
    ]
    effects = {"approved": [AwardPoints(account_field="nominee", rule="ROLE_MODEL")]}

    def eligible(self, services) -> bool:
        """被提名人积分不足 10 分"""
        return self.points >= 10


# Declared once, registered only while a test of this module runs (see nomination_registered):
# registered at import, it would be among every workflow another module's tests walk.
catalog.unregister(Nomination.slug)


@pytest.fixture(autouse=True)
def nomination_registered(catalogue_restored):
    catalog.register(Nomination)


class Ledger:
    """Records awards the way the points ledger does: one effect per idempotency key."""

    def __init__(self, opened_store):
        self.table = opened_store.table("test_awards")

    def award(self, account, rule, *, quantity, reason, source, actor, key):
        existing = self.table.get(store.where("key") == key)
        if existing is None:
            doc_id = self.table.insert({"account": account, "rule": rule, "key": key,
                                        "points": 50, "source": source})
            existing = self.table.get(doc_id=doc_id)
        return type("Entry", (), {"points": existing["points"], "id": existing.doc_id})()


class TrialServices(Services):
    def __init__(self, opened_store):
        self.ledger = Ledger(opened_store)

    def scope_of(self, kind, record_id):
        return {"community": "北门社区", "grid": "一网格"}

    def account(self, kind, record_id):
        return f"{kind}:{record_id}"


@pytest.fixture
def runner(tmp_path, catalogue_restored):
    catalog.register(Nomination)            # also for the modules that borrow this fixture
    opened = store.open_store(tmp_path / "data")
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)):
        yield Runner(opened, TrialServices(opened))
    opened.close()


def submitted(runner, points=20):
    record = runner.start("test_nomination", WORKER, {"nominee": 7, "story": "照顾邻居老人",
                                                       "points": points})
    return runner.apply("test_nomination", record.id, "submit", WORKER)


def test_an_optional_number_left_empty_takes_its_default(runner):
    # Found by the form fuzzer: an empty 名额 was kept as None, which the workflow's Integer
    # field cannot hold, so every later step of the record failed.
    record = runner.start("test_nomination", WORKER, {"nominee": 7, "story": "照顾邻居老人",
                                                       "points": ""})
    assert record.values["points"] == 0
    assert runner.instance(runner.get("test_nomination", record.id, WORKER)).points == 0
    record.values["points"] = None          # as such records were kept before
    assert runner.instance(record).points == 0


def test_start_validates_fields_in_chinese(runner):
    with pytest.raises(FieldError) as error:
        runner.start("test_nomination", WORKER, {"nominee": 7})
    assert error.value.problems == {"story": "请填写“事迹”"}
    with pytest.raises(FieldError, match="0 到 100"):
        runner.start("test_nomination", WORKER, {"nominee": 7, "story": "x", "points": 500})


def test_start_records_scope_creator_and_history(runner):
    record = runner.start("test_nomination", WORKER, {"nominee": 7, "story": " 好 "})
    assert record.state == "draft"
    assert record.values["story"] == "好"
    assert record.scope == {"community": "北门社区", "grid": "一网格"}
    history = runner.history("test_nomination", record.id, WORKER)
    assert [(h["action"], h["actor"], h["to"]) for h in history] == [("start", "grid1", "draft")]


def test_guard_failure_says_why(runner):
    record = runner.start("test_nomination", WORKER, {"nominee": 7, "story": "x", "points": 3})
    with pytest.raises(TransitionError, match="积分不足 10 分"):
        runner.apply("test_nomination", record.id, "submit", WORKER)


def test_wrong_role_and_wrong_state_are_refused(runner):
    record = submitted(runner)
    with pytest.raises(PermissionDenied, match="评审委员"):
        runner.apply("test_nomination", record.id, "pass_review", OFFICER)
    with pytest.raises(TransitionError, match="评审中"):
        runner.apply("test_nomination", record.id, "submit", WORKER)
    with pytest.raises(TransitionError, match="您是不是要"):
        runner.apply("test_nomination", record.id, "rejectt", OFFICER)


def test_records_outside_scope_are_invisible(runner):
    record = submitted(runner)
    with pytest.raises(RecordNotFound):
        runner.apply("test_nomination", record.id, "reject", OTHER_COMMUNITY, comment="x")


def test_no_self_approval(runner):
    record = runner.start("test_nomination", OFFICER, {"nominee": 7, "story": "x", "points": 20})
    runner.apply("test_nomination", record.id, "submit", OFFICER)
    with pytest.raises(PermissionDenied, match="自己提交"):
        runner.apply("test_nomination", record.id, "reject", OFFICER, comment="不符合")
    rejected = runner.apply("test_nomination", record.id, "reject", OFFICER2, comment="不符合")
    assert rejected.state == "rejected"


def test_comment_required(runner):
    record = submitted(runner)
    with pytest.raises(TransitionError, match="意见"):
        runner.apply("test_nomination", record.id, "reject", OFFICER, comment="  ")


def test_quorum_needs_two_distinct_signers(runner):
    record = submitted(runner)
    after_one = runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[0],
                             comment="同意")
    assert after_one.state == "review"
    with pytest.raises(PermissionDenied, match="已签署"):
        runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[0])
    after_two = runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[1])
    assert after_two.state == "notice"
    history = runner.history("test_nomination", record.id, OFFICER)
    assert [h["action"] for h in history] == ["start", "transition", "sign", "transition"]
    assert history[-1]["signers"] == ["rev0", "rev1"]


def test_one_signer_per_role_quorum(runner):
    class Joint(Workflow):
        slug = "test_joint"
        title = "测试联签"
        start_roles = ("网格员",)
        scope_field = "place"
        note = param.String(default="", doc="说明。", label="说明")
        place = Reference(kind="community", doc="社区。", label="社区")
        states = [State("open", "待签"), State("done", "已签", final=True)]
        transitions = [Transition("sign", "签署", "open", "done", roles=("社区管理员", "评审委员"),
                                  quorum=Quorum(per_role=("社区管理员", "评审委员")))]
    try:
        record = runner.start("test_joint", WORKER, {"note": "x"})
        runner.apply("test_joint", record.id, "sign", OFFICER)
        with pytest.raises(PermissionDenied, match="都已签署"):
            runner.apply("test_joint", record.id, "sign", OFFICER2)
        assert runner.apply("test_joint", record.id, "sign", REVIEWERS[0]).state == "done"
    finally:
        catalog.unregister("test_joint")


def in_notice(runner):
    record = submitted(runner)
    runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[0])
    return runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[1])


def test_notice_advances_by_itself_when_due_and_awards_once(runner):
    record = in_notice(runner)
    assert record.due["transition"] == "approve"
    clock.advance(days=6, hours=23)
    assert runner.tick() == []
    clock.advance(hours=2)
    assert runner.tick() == [("test_nomination", record.id, "approve")]
    assert runner.tick() == []
    final = runner.get("test_nomination", record.id, OFFICER)
    assert final.state == "approved"
    awards = runner.store.table("test_awards").all()
    assert [(a["account"], a["rule"]) for a in awards] == [("resident:7", "ROLE_MODEL")]
    assert runner.history("test_nomination", record.id, OFFICER)[-1]["actor"] == "system"


def test_open_objection_holds_the_notice_and_dismissal_releases_it(runner):
    record = in_notice(runner)
    runner.object("test_nomination", record.id, WORKER, "事迹与事实不符")
    clock.advance(days=8)
    assert runner.tick() == []
    runner.decide("test_nomination", record.id, 1, OFFICER, upheld=False, comment="经核实属实")
    assert runner.tick() == [("test_nomination", record.id, "approve")]


def test_upheld_objection_sends_the_record_back_and_cancels_the_timer(runner):
    record = in_notice(runner)
    runner.object("test_nomination", record.id, WORKER, "事迹与事实不符")
    back = runner.decide("test_nomination", record.id, 1, OFFICER, upheld=True,
                         comment="异议成立")
    assert back.state == "review" and back.due is None
    clock.advance(days=30)
    assert runner.tick() == []
    assert runner.store.table("test_awards").all() == []


def test_objection_only_during_notice(runner):
    record = submitted(runner)
    with pytest.raises(TransitionError, match="公示期间"):
        runner.object("test_nomination", record.id, WORKER, "x")


def test_same_key_twice_has_one_effect(runner):
    record = submitted(runner)
    runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[0], key="click-1")
    again = runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[0], key="click-1")
    assert again.state == "review"
    history = runner.history("test_nomination", record.id, OFFICER)
    assert [h["action"] for h in history].count("sign") == 1


def test_failed_effect_leaves_nothing_changed(runner):
    record = in_notice(runner)

    def refuse(*args, **kwargs):
        raise ValueError("本月积分已达上限")
    runner.services.ledger.award = refuse
    clock.advance(days=8)
    assert runner.tick() == []          # logged and retried next time; the others still advance
    assert [(slug, rid) for slug, rid, _ in runner.tick_failures] == [("test_nomination", record.id)]
    assert "已达上限" in runner.tick_failures[0][2]
    with pytest.raises(TransitionError, match="已达上限"):
        runner.tick(raise_errors=True)
    assert runner.get("test_nomination", record.id, OFFICER).state == "notice"
    assert len(runner.history("test_nomination", record.id, OFFICER)) == 4
    with pytest.raises(TransitionError, match="已达上限"):
        runner.apply("test_nomination", record.id, "approve", SYSTEM)


def test_actions_list_what_the_actor_may_do(runner):
    record = submitted(runner)
    assert [t.name for t in runner.actions(record, REVIEWERS[0])] == ["pass_review"]
    assert [t.name for t in runner.actions(record, OFFICER)] == ["reject"]
    assert runner.actions(record, WORKER) == []


def test_orphaned_state_is_reported_not_dropped(runner):
    record = submitted(runner)
    runner.store.table("wf_test_nomination").update({"state": "vanished"}, doc_ids=[record.id])
    assert [r.id for r in runner.orphans("test_nomination")] == [record.id]
    assert runner.actions(runner.get("test_nomination", record.id, OFFICER), OFFICER) == []


CRASHING_APPLY = textwrap.dedent("""
    import datetime as dt, os, sys
    sys.path.insert(0, {tests!r})
    import store
    from meide import clock
    from meide.kernel import Runner, catalog
    from test_kernel_runner import Nomination, TrialServices, REVIEWERS
    catalog.register(Nomination)
    opened = store.open_store({folder!r})
    runner = Runner(opened, TrialServices(opened))
    services = runner.services
    real_award = services.ledger.award
    def award_then_die(*args, **kwargs):
        real_award(*args, **kwargs)
        os._exit(9)          # the process dies after the effect wrote, before the commit
    services.ledger.award = award_then_die
    clock.set_time(dt.datetime(2026, 10, 20))
    runner.tick()
""")


def test_effect_is_applied_once_across_a_crash(tmp_path):
    folder = tmp_path / "data"
    with store.open_store(folder) as opened, clock.frozen(dt.datetime(2026, 10, 1)):
        runner = Runner(opened, TrialServices(opened))
        record_id = in_notice(runner).id
    tests = os.path.dirname(__file__)
    result = subprocess.run([sys.executable, "-c", CRASHING_APPLY.format(
        tests=tests, folder=str(folder))], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    with store.open_store(folder) as opened, clock.frozen(dt.datetime(2026, 10, 20)):
        runner = Runner(opened, TrialServices(opened))
        assert runner.get("test_nomination", record_id, OFFICER).state == "notice"
        assert opened.table("test_awards").all() == []
        assert runner.tick() == [("test_nomination", record_id, "approve")]
        assert runner.tick() == []
        assert len(opened.table("test_awards").all()) == 1


def test_inbox_lists_what_waits_for_the_actor_in_scope(runner):
    record = submitted(runner)
    assert [r.id for r in runner.inbox(REVIEWERS[0])] == [record.id]
    runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[0])
    assert runner.inbox(REVIEWERS[0]) == []                 # signed already
    assert [r.id for r in runner.inbox(REVIEWERS[1])] == [record.id]
    assert runner.inbox(Actor("rev9", "外区评委", {"评审委员"}, community="铁塔寺社区")) == []


def test_search_finds_referenced_people_by_name(runner):
    runner.services.describe = lambda kind, record_id: f"张晓华{record_id}"
    record = runner.start("test_nomination", WORKER, {"nominee": 7, "story": "x"})
    assert record.doc["names"] == {"nominee": "张晓华7"}
    assert [r.id for r in runner.search("test_nomination", OFFICER, text="晓华")[1]] == [record.id]


def test_effects_naming_missing_fields_fail_at_declaration():
    from meide.kernel import DeclarationError
    for effect, message in [(AwardPoints(account_field="nobody", rule="ROLE_MODEL"), "'nobody'"),
                            (AwardPoints(account_field="nominee", rule="ROLE_MODEL",
                                         reason="表彰：{storyy}"), "{storyy}")]:
        with pytest.raises(DeclarationError, match=message):
            type(Workflow)("Broken", (Workflow,), {
                "__module__": __name__, "slug": "test_broken", "title": "x",
                "nominee": Reference(kind="resident", doc="d", label="人"),
                "states": [State("a", "甲")], "effects": {"a": [effect]}})


def test_award_reason_may_name_any_field_and_the_person(runner):
    runner.services.describe = lambda kind, record_id: "张晓华"
    reasons = []
    real = runner.services.ledger.award

    def award(*args, **kwargs):
        reasons.append(kwargs["reason"])
        return real(*args, **kwargs)
    runner.services.ledger.award = award
    Nomination.effects["approved"][0].reason = "{title}：{nominee}，{points}分"
    try:
        in_notice(runner)
        clock.advance(days=8)
        runner.tick(raise_errors=True)
    finally:
        Nomination.effects["approved"][0].reason = "{title}"
    assert reasons == ["测试提名：张晓华，20分"]


def test_fields_may_not_hide_the_workflow_configuration():
    from meide.kernel import DeclarationError
    with pytest.raises(DeclarationError, match="请给字段改名"):
        type(Workflow)("Shadow", (Workflow,), {
            "__module__": __name__, "slug": "test_shadow", "title": "x",
            "description": param.String(default="", doc="d", label="说明"),
            "states": [State("a", "甲")]})


def test_records_filter_by_state_and_text_within_scope(runner):
    first = submitted(runner)
    runner.start("test_nomination", WORKER, {"nominee": 8, "story": "清理楼道杂物"})
    total, page = runner.search("test_nomination", OFFICER, text="楼道")
    assert total == 1 and page[0].values["story"] == "清理楼道杂物"
    total, page = runner.search("test_nomination", OFFICER, state="review")
    assert [r.id for r in page] == [first.id]
    assert runner.search("test_nomination", OTHER_COMMUNITY)[0] == 0


def test_what_a_person_may_not_do_is_listed_with_the_reason(runner):
    record = submitted(runner)
    why = {step.name: reason for step, reason in runner.unavailable(record, WORKER)}
    # A 网格员 may do neither step under review; the timed step is the system's, not listed.
    assert set(why) == {"pass_review", "reject"} and "评审委员" in why["pass_review"]
    signed = runner.apply("test_nomination", record.id, "pass_review", REVIEWERS[0])
    assert "已签署" in dict((s.name, r) for s, r in runner.unavailable(signed, REVIEWERS[0]))[
        "pass_review"]
    assert [s.name for s, _ in runner.unavailable(signed, REVIEWERS[1])] == ["reject"]


def test_a_comment_or_objection_is_bounded_and_free_of_control_characters(runner):
    record = submitted(runner)
    with pytest.raises(FieldError, match="最多5000个字"):
        runner.apply("test_nomination", record.id, "reject", OFFICER, comment="长" * 5001)
    with pytest.raises(FieldError, match="控制字符（U\\+202E）"):
        runner.apply("test_nomination", record.id, "reject", OFFICER, comment="理由\u202e")
    assert runner.get("test_nomination", record.id, OFFICER).state == "review"
