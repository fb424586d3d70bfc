"""The organisation tree: subdistrict, communities, grids, buildings with stairwells."""

import pytest

from meide.registry import NotFound, ValidationError
from tests.registry_support import registry  # noqa: F401


def test_the_tree_links_each_level_to_its_parents(registry):
    building = registry.buildings.named("书香苑3号楼")
    community = registry.communities.get(building["community"])
    grid = registry.grids.get(building["grid"])
    assert community["name"] == "北门社区" and grid["name"] == "第二网格"
    assert building["subdistrict"] == community["subdistrict"] == grid["subdistrict"]
    assert building["units"] == ["1单元"]


def test_names_are_unique_within_their_parent_only(registry):
    with pytest.raises(ValidationError, match="已存在"):
        registry.grids.add(name="第一网格", community="北门社区")
    assert len(registry.grids.list(name="第一网格")) == 2     # one in each community


def test_a_building_grid_must_be_in_the_building_community(registry):
    hanlin_grid = registry.grids.named("第一网格", community=registry.communities.named("翰林街社区").doc_id)
    with pytest.raises(ValidationError, match="不属于北门社区"):
        registry.buildings.add(name="9号楼", community="北门社区", grid=hanlin_grid.doc_id)


def test_a_missing_parent_is_named(registry):
    with pytest.raises(ValidationError, match="社区“东门社区”不存在"):
        registry.grids.add(name="第九网格", community="东门社区")


def test_unknown_names_suggest_what_was_meant(registry):
    with pytest.raises(NotFound, match="北门社区"):
        registry.communities.named("北门社")


def test_a_roster_may_leave_out_the_estate(registry):
    beimen = registry.communities.named("北门社区").doc_id
    assert registry.buildings.find(beimen, "3栋")["name"] == "书香苑3号楼"
    assert registry.buildings.find(beimen, "1#")["name"] == "1号楼"
    assert registry.buildings.find(beimen, "9号楼") is None


def test_renaming_is_audited(registry):
    grid = registry.grids.named("第二网格")
    registry.grids.update(grid.doc_id, name="第二网格（东）")
    assert registry.audit.history("grids", grid.doc_id)[-1]["after"] == {"name": "第二网格（东）"}


def test_ensure_returns_the_existing_record(registry):
    assert registry.communities.ensure(name="北门社区") == registry.communities.named("北门社区").doc_id
