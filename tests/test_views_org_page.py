"""The 组织架构 page, driven by setting its widgets: what it lists, adds and refuses, per scope."""

import pytest

from meide import i18n
from meide.kernel import actor_from_staff
from meide.registry import Scope
from meide.views.org_page import OrgPage
from tests.registry_support import add_resident, registry  # noqa: F401


def page_for(registry, username, roles, scope):  # noqa: F811
    registry.staff.add(username, "某人", "password-1", roles, scope)
    actor = actor_from_staff(registry.staff.by_username(username))
    return OrgPage(registry=registry.acting_as(username), actor=actor)


def shown(page) -> str:
    return " ".join(str(getattr(view, "object", "")) for view in page._tree.objects)


def feedback(page) -> tuple:
    alert = page.feedback.objects[0]
    return alert.alert_type, alert.object


def test_a_community_officer_sees_and_picks_only_their_community(registry):  # noqa: F811
    page = page_for(registry, "sqgly", ["社区管理员"], Scope(1, 2))
    assert list(page.add_community.options) == ["翰林街社区"]
    assert "翰林街社区" in shown(page) and "北门社区" not in shown(page)
    page.kind.value = "building"
    assert list(page.place.options) == ["1号楼"]


def test_adding_an_estate_and_a_building_through_the_form(registry):  # noqa: F811
    page = page_for(registry, "jdgly", ["街道管理员"], Scope(1))
    with i18n.using_locale("zh_CN"):
        page.add_kind.value, page.add_name.value = "estate", "东苑"
        page.add_button.clicks += 1
        assert feedback(page)[0] == "success"
        page.add_kind.value, page.add_name.value = "building", "2"
        page.add_estate.value = "东苑"
        page.add_grid.value = page.add_grid.options["第一网格"]
        page.add_units.value = "1，2 3"
        page.add_button.clicks += 1
    assert feedback(page)[0] == "success"
    assert registry.buildings.named("东苑2号楼")["units"] == ["1单元", "2单元", "3单元"]
    assert "东苑2号楼" in shown(page)


@pytest.mark.parametrize("move_to, kind", [("", "warning"), ("2号楼", "success")])
def test_retiring_a_building_with_residents_needs_a_target(registry, move_to, kind):  # noqa: F811
    add_resident(registry, building="1号楼")
    page = page_for(registry, "jdgly", ["街道管理员"], Scope(1))
    page.kind.value, page.community.value = "building", 1
    page.place.value = page.place.options["1号楼"]
    page.move_to.value = page.move_to.options[move_to] if move_to else ""
    page.retire_button.clicks += 1
    assert feedback(page)[0] == kind
    assert ("1号楼" in page.place.options) == (kind == "warning")
    if kind == "warning":
        assert "请选择迁入的楼栋" in feedback(page)[1]
