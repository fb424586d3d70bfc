"""Settings (staff accounts, rules) and the audit log viewer: who may open them, what they do."""

import pytest

import store
from meide.demo import build_demo
from meide.demo_year import open_services
from meide.kernel.permissions import actor_from_staff
from meide.views.audit_log import AuditLogPage, page_of_entries
from meide.views.settings import SettingsPage


@pytest.fixture()
def services(tmp_path):
    opened = store.open_store(tmp_path / "data")
    build_demo(opened, residents=60, seed=2)
    yield open_services(opened)
    opened.close()


def _actor(services, username):
    return actor_from_staff(services.registry.staff.by_username(username))


def _settings(services, username="jiedao"):
    return SettingsPage(registry=services.registry.acting_as(username),
                        catalogue=services.ledger.catalogue, actor=_actor(services, username))


def _text(view) -> str:
    return "\n".join(str(getattr(item, "object", "")) for item in view.__panel__().select())


@pytest.mark.parametrize("username", ["beimen", "wangge", "chaoshi", "pingshen"])
def test_settings_are_refused_to_everyone_but_subdistrict_administrators(services, username):
    with pytest.raises(PermissionError, match="街道管理员"):
        _settings(services, username)


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


def test_a_community_officer_reads_only_their_staff_entries(services):
    audit = services.registry.audit
    audit.record("wangge", "export", "residents", 1, note="北门网格员导出")
    audit.record("chaoshi", "export", "residents", 2, note="翰林街超市导出")
    page = AuditLogPage(store=services.registry.store, registry=services.registry,
                        actor=_actor(services, "beimen"))
    shown = _text(page)
    assert "北门网格员导出" in shown and "翰林街超市导出" not in shown
    everything = _text(AuditLogPage(store=services.registry.store, registry=services.registry,
                                    actor=_actor(services, "jiedao")))
    assert "翰林街超市导出" in everything
    with pytest.raises(PermissionError):
        AuditLogPage(store=services.registry.store, registry=services.registry,
                     actor=_actor(services, "wangge"))
