"""Settings (staff accounts, rules, role-model categories) and the audit log viewer: who may open
them, what they do."""

import panel as pn
import pytest

import store
from meide.demo.people import build_demo
from meide.engine import Engine
from meide.kernel.permissions import actor_from_staff
from meide.audit import AuditLog
from meide.kernel import PermissionDenied
from meide.kernel.runner import Runner
from meide.registry.signin import SignInRefused
from meide.recognition import DEFAULT_CATEGORIES, RoleModelCategories
from meide.views.audit_log import AuditLogPage, page_of_entries
from meide.views.form import RecordForm
from meide.views.settings import SettingsPage


@pytest.fixture()
def services(tmp_path):
    opened = store.open_store(tmp_path / "data")
    build_demo(opened, residents=60, seed=2)
    yield Engine(opened).services
    opened.close()


def _actor(services, username):
    return actor_from_staff(services.registry.staff.by_username(username))


def _settings(services, username="jiedao"):
    return SettingsPage(registry=services.registry.acting_as(username),
                        catalogue=services.ledger.catalogue, actor=_actor(services, username))


def _text(view) -> str:
    return "\n".join(str(getattr(item, "object", "")) for item in view.__panel__().select())


@pytest.mark.parametrize("username", ["wangge", "chaoshi", "pingshen"])
def test_settings_are_refused_to_everyone_but_administrators(services, username):
    with pytest.raises(PermissionError, match="街道管理员和社区管理员"):
        _settings(services, username)


def test_a_community_administrator_gets_only_their_role_model_categories(services):
    page = _settings(services, "beimen")
    assert page.staff is None and page.rules is None
    [tab] = [name for name in page.__panel__().select(pn.Tabs)[0]._names]
    assert tab == "榜样类别"
    beimen = services.registry.communities.resolve("北门社区", None).doc_id
    assert list(page.categories.which.options.values()) == [beimen]
    assert "翰林街社区" not in _text(page.categories)


def _form_choices(services, username):
    runner = Runner(services.registry.store, services)
    form = RecordForm(runner=runner, actor=_actor(services, username), slug="role_model")
    return form.inputs["category"].options


def test_saving_categories_makes_a_version_and_new_forms_offer_them_at_once(services):
    categories = _settings(services, "beimen").categories
    categories.names.value = "道德模范\n孝老爱亲模范、最美志愿者"
    categories.save()
    assert "第 1 版" in categories.feedback.objects[0].object
    assert "道德模范、孝老爱亲模范、最美志愿者" in _text(categories)
    assert _form_choices(services, "wangge") == ["道德模范", "孝老爱亲模范", "最美志愿者"]
    hanlin = services.registry.communities.resolve("翰林街社区", None).doc_id
    book = RoleModelCategories(services.registry.store)
    assert book.offered(hanlin) == list(DEFAULT_CATEGORIES)      # another community: unchanged
    [saved] = AuditLog(services.registry.store).entries(table="role_model_categories")
    assert saved["actor"] == "beimen" and saved["action"] == "update"
    categories.follow_default()
    assert "改回沿用街道默认类别" in categories.feedback.objects[0].object
    assert _form_choices(services, "wangge") == list(DEFAULT_CATEGORIES)


def test_bad_categories_are_refused_in_chinese_and_the_text_kept(services):
    categories = _settings(services).categories
    categories.names.value = "道德模范\n道德模范"
    categories.save()
    assert "“道德模范”重复了" in categories.feedback.objects[0].object
    assert categories.names.value == "道德模范\n道德模范"
    assert RoleModelCategories(services.registry.store).versions() == []


def test_the_subdistrict_edits_the_default_and_any_community(services):
    categories = _settings(services).categories
    assert categories.which.value == "default" and len(categories.which.options) == 5
    categories.names.value = "道德模范\n最美家庭"
    categories.save()
    hanlin = services.registry.communities.resolve("翰林街社区", None).doc_id
    categories.which.value = hanlin
    assert categories.names.value == "道德模范\n最美家庭"          # it follows the default
    assert "沿用街道默认类别" in _text(categories)
    categories.names.value = "好媳妇\n好婆婆"
    categories.save()
    book = RoleModelCategories(services.registry.store)
    assert book.default() == ["道德模范", "最美家庭"] and book.offered(hanlin) == ["好媳妇", "好婆婆"]
    assert _form_choices(services, "wangge") == ["道德模范", "最美家庭"]


def test_a_forged_choice_of_another_community_is_refused_and_audited(services):
    categories = _settings(services, "beimen").categories
    hanlin = services.registry.communities.resolve("翰林街社区", None).doc_id
    categories.which.options = {**categories.which.options, "翰林街社区": hanlin}   # forged
    categories.which.value = hanlin
    categories.names.value = "好媳妇"
    categories.save()
    assert "只能修改本社区" in categories.feedback.objects[0].object
    assert RoleModelCategories(services.registry.store).versions(hanlin) == []
    [refused] = AuditLog(services.registry.store).entries(table="role_model_categories",
                                                          action="refused")
    assert refused["actor"] == "beimen"


def test_an_added_account_can_sign_in_with_the_password_shown_once(services):
    staff = _settings(services).staff
    staff.username.value, staff.display_name.value = "zhaoliu", "赵六"
    staff.role.value, staff.scope.value = "网格员", "北门社区/第二网格"
    staff.add()
    shown = staff.feedback.objects[0].object
    password = shown.split("初始密码为 ")[1].split("——")[0]
    assert services.registry.staff.authenticate("zhaoliu", password)["display_name"] == "赵六"
    assert "zhaoliu" in _text(staff)
    assert any(e["action"] == "create" and e.get("actor") == "jiedao"
               for e in services.registry.audit.entries(table="staff"))


def test_a_bad_account_is_refused_with_the_reason(services):
    staff = _settings(services).staff
    staff.username.value, staff.display_name.value = "wangge", "重名"
    staff.role.value, staff.scope.value = "网格员", "北门社区/第一网格"
    staff.add()
    assert "已被使用" in str(staff.feedback.objects[0].object)


def test_disable_then_reset_password(services):
    staff = _settings(services).staff
    staff.chosen.value = "wangge"
    staff.toggle()
    assert services.registry.staff.by_username("wangge")["disabled"]
    staff.toggle()
    assert not services.registry.staff.by_username("wangge")["disabled"]
    staff.reset()
    password = staff.feedback.objects[0].object.split("新密码为 ")[1].split("——")[0]
    assert services.registry.staff.authenticate("wangge", password)


def test_changing_a_rule_makes_a_new_version_and_bad_caps_are_refused(services):
    rules = _settings(services).rules
    rules.code.value = "WASTE_SORTING"
    assert rules.points.value == 1
    rules.points.value = 2
    rules.caps["day_cap"].value = "两分"
    rules.save()
    assert "整数" in str(rules.feedback.objects[0].object)
    assert services.ledger.catalogue.rule("WASTE_SORTING").version == 1
    rules.caps["day_cap"].value = "2"
    rules.save()
    rule = services.ledger.catalogue.rule("WASTE_SORTING")
    assert (rule.version, rule.points, rule.day_cap) == (2, 2, 2)
    assert "第 2 版" in str(rules.feedback.objects[0].object)


def test_the_audit_log_pages_newest_first_and_filters(services):
    audit = services.registry.audit
    for number in range(120):
        audit.record("beimen" if number % 2 else "wangge", "export", "residents", number)
    first, more = page_of_entries(services.registry.store, page=0)
    assert more and len(first) == 50
    assert [e.doc_id for e in first] == sorted((e.doc_id for e in first), reverse=True)
    second, _ = page_of_entries(services.registry.store, page=1)
    assert second[0].doc_id == first[-1].doc_id - 1
    mine, _ = page_of_entries(services.registry.store, who="beimen", page=0)
    assert {e["actor"] for e in mine} == {"beimen"}
    page = AuditLogPage(services=services, actor=_actor(services, "jiedao"))
    page.pager.turn(-1)                             # nothing is newer than the newest page
    assert page.page == 0 and page.pager.status == "第 1 页"
    page.pager.turn(1)
    assert page.page == 1 and page.pager.status == "第 2 页"


def test_a_community_officer_reads_only_their_staff_entries(services):
    audit = services.registry.audit
    audit.record("wangge", "export", "residents", 1, note="北门网格员导出")
    audit.record("chaoshi", "export", "residents", 2, note="翰林街超市导出")
    page = AuditLogPage(services=services, actor=_actor(services, "beimen"))
    shown = _text(page)
    assert "北门网格员导出" in shown and "翰林街超市导出" not in shown
    everything = _text(AuditLogPage(services=services, actor=_actor(services, "jiedao")))
    assert "翰林街超市导出" in everything
    with pytest.raises(PermissionError):
        AuditLogPage(services=services, actor=_actor(services, "wangge"))


def test_sign_in_steps_awards_and_refusals_all_reach_the_audit_page(services):
    """One audit trail: the page lists a sign-in, a workflow's steps, a ledger award and a
    refused attempt, each by its Chinese name and under who did it."""
    opened = services.registry.store
    runner = Runner(opened, services)
    worker = _actor(services, "wangge")
    resident = services.registry.residents.list(None)[0]
    with pytest.raises(SignInRefused):
        Engine(opened).signin.begin("wangge", "不是这个密码", client="127.0.0.1")
    record = runner.start("good_deed", worker, {"resident": resident.doc_id,
                                                "deed_date": "2026-10-01",
                                                "category": "GOOD_DEED", "deed": "扶老人过马路"})
    services.ledger.award(services.account("resident", resident.doc_id), "NEIGHBOUR_HELP",
                          reason="帮邻居修水管", actor="wangge", key="audit-trail-award")
    with pytest.raises(PermissionDenied):
        runner.apply("good_deed", record.id, "verify", worker)

    mine, _ = page_of_entries(opened, who="wangge")
    assert [entry["action"] for entry in mine][:4] == [
        "refused", "award", "workflow.start", "signin_failed"]
    award = mine[1]
    assert award["table"] == "ledger" and award["note"] == "帮邻居修水管" and award["points"] > 0
    awards, _ = page_of_entries(opened, action="award")
    assert [entry["record"] for entry in awards] == [award["record"]]

    shown = _text(AuditLogPage(services=services, actor=_actor(services, "jiedao")))
    for words in ("登录失败", "新建记录", "加分", "拒绝操作", "好人好事", "积分台账", "帮邻居修水管"):
        assert words in shown, words
    assert f"积分账户: {resident['name']}" in shown        # the account by name, not its key


# -- sign-in: first passwords, waits after wrong passwords, sessions ended ----------------------


def _signin(services):
    from meide.registry.signin import SignIn
    return SignIn(services.registry.store, services.registry)


def test_an_added_account_sets_its_own_password_at_the_first_sign_in(services):
    staff = _settings(services).staff
    staff.username.value, staff.display_name.value = "zhaoliu", "赵六"
    staff.role.value, staff.scope.value = "网格员", "北门社区/第二网格"
    staff.add()
    password = staff.feedback.objects[0].object.split("初始密码为 ")[1].split("——")[0]
    assert "首次登录时须改为自己的密码" in staff.feedback.objects[0].object
    assert "须修改密码" in _text(staff)
    sid = _signin(services).begin("zhaoliu", password)
    assert _signin(services).pending(sid) == "zhaoliu" and _signin(services).resolve(sid) is None


def test_the_administrator_sees_wrong_passwords_and_lifts_the_waits(services):
    import datetime as dt
    from meide import clock
    from meide.registry.signin import SAME_ADDRESS
    signin = _signin(services)
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)):
        for _ in range(SAME_ADDRESS.free + 1):
            clock.advance(seconds=signin.wait("wangge", "10.1.1.1").total_seconds())
            with pytest.raises(SignInRefused):
                signin.begin("wangge", "not-the-password", client="10.1.1.1")
        assert signin.wait("wangge", "10.1.1.1") > dt.timedelta(0)
        staff = _settings(services).staff
        assert f"1小时内输错密码{SAME_ADDRESS.free + 1}次" in _text(staff)
        staff.chosen.value = "wangge"
        staff.unlock()
        assert "已解除 wangge 的登录限制" in staff.feedback.objects[0].object
        assert signin.wait("wangge", "10.1.1.1") == dt.timedelta(0)
        assert "输错密码" not in _text(staff)
    [entry] = AuditLog(services.registry.store).entries(action="signin_unlocked")
    assert entry["actor"] == "jiedao"


@pytest.mark.parametrize("button", ["toggle", "reset"])
def test_disabling_or_resetting_an_account_ends_its_open_sessions(services, button):
    services.registry.staff.reset_password("wangge", "known-password-1")
    services.registry.staff.update("wangge", must_change_password=False)
    signin = _signin(services)
    sid = signin.begin("wangge", "known-password-1")
    assert signin.resolve(sid) == "wangge"
    staff = _settings(services).staff
    staff.chosen.value = "wangge"
    getattr(staff, button)()
    assert signin.resolve(sid) is None
    assert "已打开的页面均已退出登录" in staff.feedback.objects[0].object
