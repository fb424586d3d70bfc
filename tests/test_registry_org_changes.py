"""Changing the organisation tree (registry.org): adding, renaming, retiring, 网格员 and 楼长."""

import pytest

from meide.i18n import using_locale, _
from meide.registry import OutOfScope, Scope, ValidationError
from meide.registry import org_changes, org_moves, org_retire
from meide.views import audit_log
from tests.registry_support import add_resident, registry  # noqa: F401

BEIMEN, HANLIN = "北门社区", "翰林街社区"


def messages(exc_info) -> str:
    return "\n".join(p.message for p in exc_info.value.problems)


@pytest.fixture
def estates(registry):  # noqa: F811
    """北门社区 with 北门小区 and 齐家苑, each with a 1号楼 of two stairwells."""
    org = registry.org
    for estate in ("北门小区", "齐家苑"):
        org.add_estate(BEIMEN, estate)
        org.add_building(BEIMEN, "1号楼", "第一网格", estate=estate, units=["1", "2"])
    return registry


def test_buildings_are_named_within_their_estate(estates):
    names = {b["name"] for b in estates.buildings.list(None, community=1)}
    assert {"北门小区1号楼", "齐家苑1号楼", "1号楼"} <= names
    with pytest.raises(ValidationError, match="楼栋“北门小区1号楼”已存在"):
        estates.org.add_building(BEIMEN, "1栋", "第一网格", estate="北门小区")


@pytest.mark.parametrize("add", [
    lambda org, community, name: org.add_grid(community, name),
    lambda org, community, name: org.add_estate(community, name),
], ids=["grid", "estate"])
def test_a_name_is_unique_within_its_community_only(registry, add):  # noqa: F811
    add(registry.org, BEIMEN, "东园")
    assert add(registry.org, HANLIN, "东园")     # another community's is another place
    with pytest.raises(ValidationError, match="“东园”已存在"):
        add(registry.org, BEIMEN, "东园")


def test_a_community_name_is_unique_in_the_subdistrict(registry):  # noqa: F811
    with pytest.raises(ValidationError, match="社区“北门社区”已存在"):
        registry.org.add_community(BEIMEN)
    assert registry.communities.get(registry.org.add_community("东门社区"))["name"] == "东门社区"


def test_a_building_names_an_estate_and_a_grid_that_exist(registry):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        registry.org.add_building(BEIMEN, "5号楼", "第九网格", estate="东园", units=["1", "1单元"])
    text = messages(refused)
    assert "小区“东园”在北门社区不存在，请先添加小区" in text
    assert "网格“第九网格”不存在" in text and "单元有重复" in text
    with pytest.raises(ValidationError, match="请指明楼栋所在的网格"):
        registry.org.add_building(BEIMEN, "5号楼", None)


def test_a_building_named_only_by_number_in_two_estates_asks_for_the_estate(estates):
    estates.org.retire("building", "1号楼", community=BEIMEN, to="齐家苑1号楼")
    with pytest.raises(ValidationError, match="请写明小区"):
        estates.org.rename("building", "1号楼", "9号楼", community=BEIMEN)


def test_renaming_a_building_readdresses_its_households(estates):
    resident = add_resident(estates, building="北门小区1号楼", unit="2", room="502")
    estates.org.rename("building", "北门小区1号楼", "6号楼", community=BEIMEN)
    assert estates.residents.get(resident)["address"] == "北门小区6号楼2单元502"
    assert [d["name"] for d in estates.search("北门小区6号楼")] == ["张晓华"]
    estates.org.add_building(BEIMEN, "2号楼", "第一网格", estate="北门小区")
    with pytest.raises(ValidationError, match="楼栋“北门小区2号楼”已存在"):
        estates.org.rename("building", "北门小区6号楼", "2号楼", community=BEIMEN)


def test_renaming_an_estate_renames_its_buildings(estates):
    resident = add_resident(estates, building="齐家苑1号楼", unit="1", room="101")
    estates.org.rename("estate", "齐家苑", "齐家新苑", community=BEIMEN)
    assert estates.residents.get(resident)["address"] == "齐家新苑1号楼1单元101"
    assert estates.buildings.list(None, name="齐家新苑1号楼")[0]["estate"] == "齐家新苑"


def test_an_estate_named_only_on_buildings_can_be_renamed(registry):  # noqa: F811
    registry.org.rename("estate", "书香苑", "书香园", community=BEIMEN)
    assert registry.buildings.list(None, name="书香园3号楼")


def test_retiring_with_residents_asks_where_they_go(estates):
    add_resident(estates, building="北门小区1号楼", unit="1", room="301")
    with pytest.raises(ValidationError) as refused:
        estates.org.retire("building", "北门小区1号楼", community=BEIMEN)
    assert "还有1户、1名居民，请选择迁入的楼栋" in messages(refused)
    assert "迁入位置" in str(refused.value)
    with pytest.raises(ValidationError, match="不能是楼栋“北门小区1号楼”本身"):
        estates.org.retire("building", "北门小区1号楼", community=BEIMEN, to="北门小区1号楼")


def test_retiring_a_building_moves_its_households_and_keeps_the_record(estates):
    resident = add_resident(estates, building="北门小区1号楼", unit="2", room="301")
    old = estates.buildings.list(None, name="北门小区1号楼")[0].doc_id
    estates.org.retire("building", old, to="齐家苑1号楼")
    moved = estates.residents.get(resident)
    assert moved["address"] == "齐家苑1号楼2单元301"
    assert estates.households.get(moved["household"])["building"] == moved["building"] != old
    assert estates.buildings.get(old)["retired"]
    assert not estates.buildings.list(None, name="北门小区1号楼")
    actions = [e["action"] for e in estates.audit.entries()[-3:]]
    assert actions == ["move", "move", "retire"]
    with pytest.raises(ValidationError, match="已撤销"):
        estates.org.rename("building", old, "8号楼")


def test_a_target_without_the_stairwell_or_with_the_door_taken_is_refused(estates):
    add_resident(estates, building="北门小区1号楼", unit="2", room="301")
    with pytest.raises(ValidationError, match="书香苑3号楼没有2单元"):
        estates.org.retire("building", "北门小区1号楼", community=BEIMEN, to="书香苑3号楼")
    add_resident(estates, name="李红", phone="13900001111", building="齐家苑1号楼", unit="2",
                 room="301")
    with pytest.raises(ValidationError, match="齐家苑1号楼2单元301已有住户"):
        estates.org.retire("building", "北门小区1号楼", community=BEIMEN, to="齐家苑1号楼")


def test_a_failed_move_changes_nothing(estates, monkeypatch):
    first = add_resident(estates, building="北门小区1号楼", unit="1", room="101")
    add_resident(estates, name="李红", phone="13900001111", building="北门小区1号楼", unit="1",
                 room="102")
    calls = []
    real = org_moves.Mover.household

    def failing(self, household, building, unit=None):
        calls.append(household.doc_id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(self, household, building, unit)

    monkeypatch.setattr(org_moves.Mover, "household", failing)
    with pytest.raises(RuntimeError):
        estates.org.retire("building", "北门小区1号楼", community=BEIMEN, to="齐家苑1号楼")
    assert estates.residents.get(first)["address"] == "北门小区1号楼1单元101"
    assert estates.buildings.list(None, name="北门小区1号楼")
    assert [d["name"] for d in estates.search("北门小区1号楼1单元101")] == ["张晓华"]


def test_a_grid_moves_into_a_grid_of_its_own_community(estates):
    with pytest.raises(ValidationError, match="请选择迁入的网格"):
        estates.org.retire("grid", "第一网格", community=BEIMEN)
    hanlin_grid = estates.grids.list(None, community=2)[0].doc_id
    with pytest.raises(ValidationError, match="迁入的网格须在北门社区内"):
        estates.org.retire("grid", "第一网格", community=BEIMEN, to=hanlin_grid)
    resident = add_resident(estates, building="齐家苑1号楼")
    estates.org.retire("grid", "第一网格", community=BEIMEN, to="第二网格")
    second = estates.grids.list(None, community=1, name="第二网格")[0].doc_id
    assert estates.residents.get(resident)["grid"] == second
    assert {b["grid"] for b in estates.buildings.list(None, community=1)} == {second}


def test_a_place_with_staff_accounts_cannot_be_retired(estates):
    estates.staff.add("wgy1", "王网格", "password-1", ["网格员"], Scope(1, 1, 1))
    with pytest.raises(ValidationError, match="还有工作人员账号wgy1"):
        estates.org.retire("grid", "第一网格", community=BEIMEN, to="第二网格")


def test_retiring_a_community_refuses_names_the_target_already_has(estates):
    with pytest.raises(ValidationError) as refused:
        estates.org.retire("community", BEIMEN, to=HANLIN)
    assert "翰林街社区已有同名的网格：第一网格" in messages(refused)
    assert "翰林街社区已有同名的楼栋：1号楼" in messages(refused)


def test_an_empty_place_retires_without_a_target(registry):  # noqa: F811
    grid = registry.org.add_grid(HANLIN, "第九网格")
    assert registry.org.retire("grid", grid)
    assert registry.grids.get(grid)["retired"] == registry.today().isoformat()


def test_stairwells_are_added_renamed_and_retired(estates):
    org = estates.org
    with pytest.raises(ValidationError, match="北门小区1号楼已有2单元"):
        org.add_unit("北门小区1号楼", "2", community=BEIMEN)
    org.add_unit("北门小区1号楼", "3", community=BEIMEN)
    resident = add_resident(estates, building="北门小区1号楼", unit="3", room="301")
    with pytest.raises(ValidationError, match="已有1单元"):
        org.rename_unit("北门小区1号楼", "3", "1", community=BEIMEN)
    org.rename_unit("北门小区1号楼", "3", "东单元", community=BEIMEN)
    assert estates.residents.get(resident)["address"] == "北门小区1号楼东单元301"
    with pytest.raises(ValidationError, match="还有1户1名居民，请选择迁入的单元"):
        org.retire_unit("北门小区1号楼", "东单元", community=BEIMEN)
    org.retire_unit("北门小区1号楼", "东单元", to="2", community=BEIMEN)
    assert estates.residents.get(resident)["address"] == "北门小区1号楼2单元301"
    with pytest.raises(ValidationError, match="只有1单元，不能撤销"):
        org.retire_unit("书香苑3号楼", "1", community=BEIMEN)


def test_the_grid_worker_is_a_grid_worker_account_of_that_grid(registry):  # noqa: F811
    org = registry.org
    registry.staff.add("sqgly", "赵主任", "password-1", ["社区管理员"], Scope(1, 1))
    registry.staff.add("wgy2", "钱网格", "password-1", ["网格员"], Scope(1, 1, 2))
    with pytest.raises(ValidationError, match="没有网格员角色"):
        org.set_grid_worker("第一网格", "sqgly", community=BEIMEN)
    with pytest.raises(ValidationError, match="管辖范围是古槐街道/北门社区/第二网格，不是北门社区/第一网格"):
        org.set_grid_worker("第一网格", "wgy2", community=BEIMEN)
    with pytest.raises(ValidationError, match="账号“nobody”不存在"):
        org.set_grid_worker("第一网格", "nobody", community=BEIMEN)
    assert org.set_grid_worker("第二网格", "wgy2", community=BEIMEN)
    grid = registry.grids.get(2)
    assert (grid["worker"], grid["worker_account"]) == ("钱网格", "wgy2")
    registry.staff.disable("wgy2")
    with pytest.raises(ValidationError, match="已停用"):
        org.set_grid_worker("第二网格", "wgy2", community=BEIMEN)
    org.set_grid_worker("第二网格", None, community=BEIMEN)
    assert "worker_account" not in registry.grids.get(2)


def test_the_building_leader_lives_in_the_building(registry):  # noqa: F811
    resident = add_resident(registry, building="1号楼")
    neighbour = add_resident(registry, name="李红", phone="13900001111", building="2号楼")
    with pytest.raises(ValidationError, match="李红不住在1号楼，楼长须是本楼居民"):
        registry.org.set_building_leader("1号楼", neighbour, community=BEIMEN)
    with pytest.raises(ValidationError, match="1号楼没有居民“王五”"):
        registry.org.set_building_leader("1号楼", "王五", community=BEIMEN)
    registry.org.set_building_leader("1号楼", "张晓华", community=BEIMEN)
    building = registry.buildings.list(None, community=1, name="1号楼")[0]
    assert building["leader"] == resident
    assert registry.audit.history("buildings", building.doc_id)[-1]["action"] == "assign"


def test_a_community_officer_changes_only_their_own_community(registry):  # noqa: F811
    registry.staff.add("sqgly", "赵主任", "password-1", ["社区管理员"], Scope(1, 1))
    officer = registry.acting_as("sqgly").org
    officer.add_estate(BEIMEN, "北门小区")
    with pytest.raises(ValidationError, match="社区“翰林街社区”不存在"):
        officer.add_estate(HANLIN, "翰林苑")
    with pytest.raises(OutOfScope, match="只有街道管理员可以添加社区"):
        officer.add_community("东门社区")
    with pytest.raises(OutOfScope, match="只有街道管理员可以撤销社区"):
        officer.retire("community", BEIMEN, to=HANLIN)
    assert registry.audit.entries(actor="sqgly", action="refused")
    hanlin_building = registry.buildings.list(None, community=2)[0].doc_id
    add_resident(registry, building="1号楼")
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        officer.retire("building", "1号楼", community=BEIMEN, to=hanlin_building)
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        officer.rename("building", hanlin_building, "9号楼")


def test_an_unknown_kind_is_named(registry):  # noqa: F811
    with pytest.raises(ValidationError, match="“floor”不是组织层级"):
        registry.org.rename("floor", 1, "x")


@pytest.mark.parametrize("action", [org_moves.MOVE, org_changes.RENAME, org_changes.ASSIGN,
                                    org_changes.ADD_UNIT, org_retire.RETIRE,
                                    org_retire.RETIRE_UNIT])
def test_the_audit_page_words_every_organisation_action(action):
    assert action in audit_log.ACTIONS
    with using_locale("zh_CN"):
        assert _(audit_log.ACTIONS[action]) != audit_log.ACTIONS[action]
