"""Residents: validation, duplicates, address and household, tags, minors with guardians."""

import datetime as dt

import pytest

from meide import clock
from meide.registry import ValidationError
from tests.registry_support import add_resident, registry, valid_id  # noqa: F401


def test_a_resident_is_stored_normalised_with_search_keys(registry):
    resident = registry.residents.get(add_resident(
        registry, name=" 张 晓华", phone="１３８ １２３４ ５６７８", building="1栋", room="301室",
        tags="党员、志愿者"))
    assert resident["name"] == "张晓华" and resident["phone"] == "13812345678"
    assert resident["address"] == "1号楼1单元301" and resident["tags"] == ["党员", "志愿者"]
    assert resident["initials"] == "zxh" and resident["phone_tail"] == "5678"


def test_every_problem_is_reported_at_once(registry):
    with pytest.raises(ValidationError) as caught:
        registry.residents.add(name="", gender="未知", phone="123", id_number="123",
                               community="北门社区", building="9号楼", room="")
    fields = {p.field for p in caught.value.problems}
    assert {"name", "gender", "phone", "id_number", "building", "room"} <= fields


def test_birth_date_and_gender_come_from_the_id_number(registry):
    resident = registry.residents.get(registry.residents.add(
        name="李秀英", id_number=valid_id("19500506", 244), community="北门社区", building="1号楼",
        room="101"))
    assert resident["birth_date"] == "1950-05-06" and resident["gender"] == "女"


def test_a_birth_date_that_contradicts_the_id_number_is_refused(registry):
    with pytest.raises(ValidationError, match="不一致"):
        add_resident(registry, id_number=valid_id("19600302", 123), birth_date="1961-03-02")


def test_the_same_id_number_cannot_be_registered_twice(registry):
    add_resident(registry, id_number=valid_id())
    with pytest.raises(ValidationError, match="身份证号与已登记居民张晓华"):
        add_resident(registry, name="张小华", phone="13900000000", id_number=valid_id())


def test_the_same_name_and_phone_in_one_community_is_a_duplicate(registry):
    add_resident(registry)
    with pytest.raises(ValidationError, match="同名同手机号"):
        add_resident(registry, room="302")
    add_resident(registry, community="翰林街社区")         # another community is someone else


def test_moving_changes_the_household(registry):
    resident = add_resident(registry)
    old = registry.residents.get(resident)["household"]
    registry.residents.update(resident, building="2号楼", room="101")
    moved = registry.residents.get(resident)
    assert moved["household"] != old and moved["address"] == "2号楼1单元101"
    assert registry.grids.get(moved["grid"])["name"] == "第二网格"


def test_membership_names_every_level_points_roll_up_to(registry):
    resident = add_resident(registry)
    membership = registry.residents.membership(resident)
    assert set(membership) == {"household", "building", "grid", "community", "subdistrict"}
    assert all(isinstance(value, int) for value in membership.values())


def test_children_are_minors_by_age(registry):
    with clock.frozen(dt.datetime(2026, 1, 1)):
        child = add_resident(registry, name="刘子轩", phone="", birth_date="2016-06-06")
    assert registry.residents.get(child)["minor"] is True


def test_a_minor_can_be_given_a_guardian(registry):
    parent = add_resident(registry)
    child = add_resident(registry, name="张小宝", phone="", birth_date="1990-01-01")
    registry.residents.mark_minor(child, parent)
    marked = registry.residents.get(child)
    assert marked["minor"] is True and marked["guardian"] == parent
    assert [w.doc_id for w in registry.residents.wards(parent)] == [child]


def test_a_guardian_cannot_be_a_minor_or_oneself(registry):
    with clock.frozen(dt.datetime(2026, 1, 1)):
        child = add_resident(registry, name="刘子轩", phone="", birth_date="2016-06-06")
        other = add_resident(registry, name="刘子涵", phone="", birth_date="2017-06-06")
        with pytest.raises(ValidationError, match="未成年人"):
            registry.residents.mark_minor(other, child)
        with pytest.raises(ValidationError, match="本人"):
            registry.residents.mark_minor(child, child)


def test_a_guardian_with_wards_cannot_be_removed(registry):
    parent = add_resident(registry)
    child = add_resident(registry, name="张小宝", phone="")
    registry.residents.mark_minor(child, parent)
    with pytest.raises(ValidationError, match="监护人"):
        registry.residents.remove(parent)
