"""Households: a door in a stairwell, keyed by 户号 or address, in its building's community."""

import pytest

from meide.registry import ValidationError
from tests.registry_support import add_resident, registry  # noqa: F401


def test_a_household_takes_its_grid_and_community_from_the_building(registry):
    household = registry.households.get(registry.households.add(
        number="BM-1", community="北门社区", building="2号楼", unit="2", room="502"))
    assert household["address"] == "2号楼2单元502"
    assert registry.grids.get(household["grid"])["name"] == "第二网格"


def test_a_household_building_must_be_in_its_community(registry):
    building = registry.buildings.list(community=registry.communities.named("翰林街社区").doc_id)[0]
    with pytest.raises(ValidationError, match="不在北门社区"):
        registry.households.add(community="北门社区", building=building.doc_id, room="101")


def test_a_stairwell_must_exist_in_the_building(registry):
    with pytest.raises(ValidationError, match="没有5单元"):
        registry.households.add(community="北门社区", building="1号楼", unit="5", room="101")


def test_the_same_number_cannot_name_two_addresses(registry):
    registry.households.add(number="BM-1", community="北门社区", building="1号楼", unit="1", room="101")
    with pytest.raises(ValidationError, match="户号BM-1已登记在1号楼1单元101"):
        registry.households.add(number="BM-1", community="北门社区", building="1号楼", unit="1",
                                room="102")


def test_residents_at_one_address_share_a_household(registry):
    first = add_resident(registry, name="张晓华", room="301")
    second = add_resident(registry, name="李秀英", phone="13912345678", room="301")
    household = registry.residents.get(first)["household"]
    assert registry.residents.get(second)["household"] == household
    assert [m["name"] for m in registry.households.members(household)] == ["张晓华", "李秀英"]


def test_the_head_must_be_a_member(registry):
    resident = add_resident(registry)
    household = registry.residents.get(resident)["household"]
    registry.households.set_head(household, resident)
    assert registry.households.get(household)["head"] == resident
    other = add_resident(registry, name="王强", phone="13712345678", room="302")
    with pytest.raises(ValidationError, match="不是该户成员"):
        registry.households.set_head(household, other)
