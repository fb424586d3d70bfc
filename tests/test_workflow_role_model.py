"""榜样评选 on the real registry and ledger: eligibility, 会签, 公示 with objections, honours."""

import datetime as dt

import pytest

from meide import clock
from meide.kernel import Actor, FieldError, PermissionDenied, TransitionError
from meide.kernel.fields import offered
from meide.kernel.documents import template_context
from meide.printing.environment import render
from meide.recognition import RoleModelCategories
from meide.rating.certificates import Certificates
from workflows.role_model import CATEGORIES, RoleModel

from .registry_support import add_resident, registry  # noqa: F401  (fixture)
from .test_views_record import page, shown

WORKER = Actor("grid1", "网格员甲", {"网格员"}, community=1, grid=1)
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
REVIEWERS = [Actor(f"rev{i}", f"评委{i}", {"评审委员"}, community=1) for i in range(3)]
NEIGHBOUR = Actor("grid2", "网格员乙", {"网格员"}, community=1, grid=1)
SUBDISTRICT = Actor("jiedao", "街道管理员甲", {"街道管理员"})


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield engine.runner


def earn(runner, resident, times=2, rule="GOOD_DEED"):
    account = runner.services.account("resident", resident)
    return [runner.services.ledger.award(account, rule, reason="好人好事", source="test:1",
                                         actor="officer1", key=f"earn:{resident}:{rule}:{i}")
            for i in range(times)]


def nominate(runner, resident, **values):
    fields = {"nominee": resident, "category": "好婆婆", "story_title": "三十年照顾瘫痪婆婆",
              "story": "三十年如一日照顾瘫痪在床的婆婆。", **values}
    return runner.start("role_model", WORKER, fields)


def reviewed(runner, registry):  # noqa: F811
    resident = add_resident(registry, name="李秀英")
    earn(runner, resident)
    record = nominate(runner, resident)
    runner.apply("role_model", record.id, "check", OFFICER)
    for reviewer in REVIEWERS:
        record = runner.apply("role_model", record.id, "pass_review", reviewer, comment="同意")
    return resident, record


def test_too_few_points_is_refused_with_the_numbers(runner, registry):  # noqa: F811
    record = nominate(runner, add_resident(registry))
    with pytest.raises(TransitionError, match="所得积分 0 分，未达到 10 分"):
        runner.apply("role_model", record.id, "check", OFFICER)


def test_a_standing_deduction_blocks_until_it_is_reversed(runner, registry):  # noqa: F811
    resident = add_resident(registry)
    earn(runner, resident, times=3)
    ledger = runner.services.ledger
    deduction = ledger.deduct(runner.services.account("resident", resident), "COVENANT_CLUTTER",
                              reason="楼道堆放杂物", actor="officer1", key="d1",
                              evidence=["photo.jpg"])
    record = nominate(runner, resident)
    with pytest.raises(TransitionError, match="未冲正的扣分"):
        runner.apply("role_model", record.id, "check", OFFICER)
    ledger.reverse(deduction, reason="申诉成立", actor="officer1", key="r1")
    assert runner.apply("role_model", record.id, "check", OFFICER).state == "review"


def test_categories_are_configurable_per_community(runner, registry):  # noqa: F811
    categories = RoleModelCategories(registry.store)
    categories.save(["道德模范", "邻里守望员"], actor=OFFICER, community=1)
    resident = add_resident(registry)
    earn(runner, resident)
    with pytest.raises(FieldError) as refused:
        nominate(runner, resident)                      # 好婆婆: not offered in 北门社区 now
    assert refused.value.problems == {"category": "“评选类别”只能是以下之一：道德模范、邻里守望员"}
    record = nominate(runner, resident, category="道德模范")
    assert runner.apply("role_model", record.id, "check", OFFICER).state == "review"
    # 翰林街社区 has no list of its own: it offers the subdistrict's default list.
    assert RoleModel.offered_categories(runner.services, 2) == list(CATEGORIES)


def test_a_changed_list_is_what_new_nominations_offer_and_accept(runner, registry):  # noqa: F811
    categories, field = RoleModelCategories(registry.store), RoleModel.param.category
    categories.save([*CATEGORIES, "孝老爱亲模范"], actor=SUBDISTRICT)
    assert "孝老爱亲模范" in offered(RoleModel, field, runner.services, 1)
    resident = add_resident(registry)
    earn(runner, resident)
    record = nominate(runner, resident, category="孝老爱亲模范")
    assert record.values["category"] == "孝老爱亲模范"
    categories.save(["道德模范"], actor=SUBDISTRICT)
    assert offered(RoleModel, field, runner.services, 1) == ["道德模范"]
    with pytest.raises(FieldError, match="只能是以下之一：道德模范"):
        nominate(runner, resident, category="孝老爱亲模范")
    # The nomination made before the change is still there; its check says what to do.
    assert runner.get("role_model", record.id, OFFICER).values["category"] == "孝老爱亲模范"
    with pytest.raises(TransitionError, match="已不评选“孝老爱亲模范”，请撤回"):
        runner.apply("role_model", record.id, "check", OFFICER)
    # A record may not be edited into a category no longer offered.
    with pytest.raises(FieldError, match="只能是以下之一"):
        runner.apply("role_model", record.id, "withdraw", WORKER, comment="改类别",
                     changes={"category": "好婆婆"})


def test_a_category_removed_after_review_still_shows_and_prints(runner, registry):  # noqa: F811
    categories = RoleModelCategories(registry.store)
    categories.save(["孝老爱亲模范", "道德模范"], actor=OFFICER, community=1)
    resident = add_resident(registry, name="李秀英")
    earn(runner, resident)
    record = nominate(runner, resident, category="孝老爱亲模范")
    runner.apply("role_model", record.id, "check", OFFICER)
    categories.save(["道德模范"], actor=OFFICER, community=1)       # dropped while in review
    for reviewer in REVIEWERS:
        record = runner.apply("role_model", record.id, "pass_review", reviewer)
    clock.advance(days=7)
    assert runner.tick() == [("role_model", record.id, "approve")]
    boards = {entry["board"]: entry for entry in registry.store.table("boards").all()}
    assert boards["honor"]["title"] == "孝老爱亲模范"
    certificate = registry.store.table("documents").all()[-1]
    html = render("role_model/certificate.html",
                  **template_context(RoleModel, certificate, issuer="古槐街道北门社区居委会"))
    assert "李秀英" in html and "孝老爱亲模范" in html
    number = runner.get("role_model", record.id, OFFICER).outputs["certificate_number"]
    assert number.startswith("ZS-") and number in html
    assert Certificates(registry.store).resolve(number).public()["holder"] == "李*英"
    assert runner.instance(runner.get("role_model", record.id, OFFICER)).category == "孝老爱亲模范"


def test_review_needs_three_signers_then_a_notice_is_issued(runner, registry):  # noqa: F811
    resident = add_resident(registry, name="李秀英")
    earn(runner, resident)
    record = nominate(runner, resident)
    runner.apply("role_model", record.id, "check", OFFICER)
    with pytest.raises(PermissionDenied):
        runner.apply("role_model", record.id, "pass_review", OFFICER)
    for reviewer in REVIEWERS[:2]:
        assert runner.apply("role_model", record.id, "pass_review", reviewer).state == "review"
    with pytest.raises(PermissionDenied, match="已签署"):
        runner.apply("role_model", record.id, "pass_review", REVIEWERS[0])
    record = runner.apply("role_model", record.id, "pass_review", REVIEWERS[2])
    assert record.state == "notice" and record.due["at"].startswith("2026-10-15")
    [notice] = registry.store.table("documents").all()
    assert notice["kind"] == "notice" and notice["names"]["nominee"] == "李秀英"
    html = render("role_model/notice.html",
                  **template_context(RoleModel, notice, issuer="古槐街道北门社区居委会"))
    assert "李秀英" in html and "2026年10月15日" in html and "草稿" not in html


def test_after_seven_quiet_days_the_model_is_honoured_once(runner, registry):  # noqa: F811
    resident, record = reviewed(runner, registry)
    clock.advance(days=6)
    assert runner.tick() == []
    clock.advance(days=1)
    assert runner.tick() == [("role_model", record.id, "approve")]
    assert runner.tick() == []
    assert runner.get("role_model", record.id, OFFICER).state == "approved"
    assert runner.services.ledger.balance(f"resident:{resident}") == 10 + 20
    boards = {entry["board"]: entry for entry in registry.store.table("boards").all()}
    assert boards["honor"]["title"] == "好婆婆" and boards["honor"]["person_name"] == "李秀英"
    assert boards["stories"]["title"] == "三十年照顾瘫痪婆婆"
    kinds = [doc["kind"] for doc in registry.store.table("documents").all()]
    assert kinds == ["notice", "certificate"]
    certificate = registry.store.table("documents").all()[1]
    html = render("role_model/certificate.html",
                  **template_context(RoleModel, certificate, issuer="古槐街道北门社区居委会"))
    assert "李秀英" in html and "好婆婆" in html and "2026年10月15日" in html


def test_an_objection_holds_the_notice_and_an_upheld_one_sends_it_back(runner, registry):  # noqa: F811,E501
    resident, record = reviewed(runner, registry)
    runner.object("role_model", record.id, NEIGHBOUR, "事迹中照顾年限有出入")
    clock.advance(days=8)
    assert runner.tick() == []
    with pytest.raises(TransitionError, match="“重新评审”或“退回推荐人修改”"):
        runner.decide("role_model", record.id, 1, OFFICER, upheld=True, comment="重新核实年限")
    back = runner.decide("role_model", record.id, 1, OFFICER, upheld=True, comment="重新核实年限",
                         consequence="reopen")
    assert back.state == "review" and back.objections[0]["status"] == "upheld"
    assert runner.services.ledger.balance(f"resident:{resident}") == 10
    for reviewer in REVIEWERS:
        record = runner.apply("role_model", record.id, "pass_review", reviewer)
    runner.object("role_model", record.id, NEIGHBOUR, "仍有疑问")
    runner.decide("role_model", record.id, 2, OFFICER, upheld=False, comment="经核实属实")
    clock.advance(days=7)
    assert runner.tick() == [("role_model", record.id, "approve")]
    actions = [h["action"] for h in runner.history("role_model", record.id, OFFICER)]
    assert actions.count("object") == 2 and actions.count("decide") == 2


def test_an_upheld_objection_may_return_the_nomination_to_be_revised(runner, registry):  # noqa: F811,E501
    _, record = reviewed(runner, registry)
    runner.object("role_model", record.id, NEIGHBOUR, "照顾的是岳母，不是婆婆")
    back = runner.decide("role_model", record.id, 1, OFFICER, upheld=True,
                         comment="请核实后修改事迹", consequence="revise")
    assert back.state == "nominated" and back.objections[0]["consequence"] == "revise"
    # Back with the nominator, the story may be corrected; nothing else may be edited.
    with pytest.raises(FieldError, match="被推荐人.*此时不能修改"):
        runner.edit("role_model", record.id, WORKER, {"nominee": 99})
    edited = runner.edit("role_model", record.id, WORKER, {"story_title": "三十年照顾瘫痪岳母"})
    assert edited.values["story_title"] == "三十年照顾瘫痪岳母"
    last = runner.history("role_model", record.id, OFFICER)[-1]
    assert (last["action"], last["actor"], last["changes"]) == (
        "edit", WORKER.username, {"story_title": "三十年照顾瘫痪岳母"})


def test_rejection_and_withdrawal_keep_their_history(runner, registry):  # noqa: F811
    resident = add_resident(registry)
    earn(runner, resident)
    rejected = nominate(runner, resident)
    runner.apply("role_model", rejected.id, "check", OFFICER)
    with pytest.raises(TransitionError, match="意见"):
        runner.apply("role_model", rejected.id, "reject", OFFICER)
    runner.apply("role_model", rejected.id, "reject", OFFICER, comment="事迹不够典型")
    withdrawn = nominate(runner, resident)
    runner.apply("role_model", withdrawn.id, "withdraw", WORKER, comment="本人婉拒")
    for record, state, comment in ((rejected, "rejected", "事迹不够典型"),
                                   (withdrawn, "withdrawn", "本人婉拒")):
        history = runner.history("role_model", record.id, OFFICER)
        assert history[-1]["to"] == state and history[-1]["comment"] == comment
        assert history[0]["action"] == "start"
    assert runner.search("role_model", OFFICER)[0] == 2


def test_the_figures_eligibility_is_judged_on_show_before_the_check(runner, registry):  # noqa: F811
    resident = add_resident(registry)
    earn(runner, resident, times=3)
    runner.services.ledger.deduct(runner.services.account("resident", resident),
                                  "COVENANT_CLUTTER", reason="楼道堆放杂物", actor="officer1",
                                  key="d1", evidence=["photo.jpg"])
    record = nominate(runner, resident)
    text = shown(page(runner, record, OFFICER))
    assert "资格核对" in text and "不符合：近365天内有未冲正的扣分记录（楼道堆放杂物）" in text
    # 15 earned less the 2 deducted: what the check compares with the threshold.
    assert "<td class='meide-short'>资格期内所得积分</td><td class='meide-short'>13</td>" in text
    assert "<th>日期</th><th>扣分</th><th>事由</th>" in text
    assert "<td class='meide-short'>2026年10月8日</td><td class='meide-short'>-2</td>" in text


def test_an_eligible_nominee_is_shown_as_such_with_the_window_and_threshold(runner, registry):  # noqa: F811,E501
    resident = add_resident(registry)
    earn(runner, resident, times=2)
    record = nominate(runner, resident)
    assert record.outputs["eligibility"] == (
        "符合：近365天所得积分 10 分（不少于 10 分），无未冲正的扣分")
    assert record.outputs["open_deductions"] == []
    checked = runner.apply("role_model", record.id, "check", OFFICER)
    assert checked.outputs["earned"] == 10                # worked out again when checked
