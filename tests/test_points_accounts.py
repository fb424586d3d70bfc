"""Accounts: keys, validation, children, and roll-up settings."""

import pytest

from meide.points import Account, InvalidRequest, RollUp, account_from_key, parse_key


def test_an_account_key_is_kind_and_registry_id():
    account = Account("resident", 42, community=3, grid=12)
    assert account.key == "resident:42"
    assert (account.community, account.grid) == ("3", "12")


def test_unknown_kinds_and_empty_ids_are_refused():
    with pytest.raises(InvalidRequest, match="账户类型"):
        Account("family", "1")
    with pytest.raises(InvalidRequest, match="不能为空"):
        Account("resident", "")


def test_only_residents_can_be_children():
    assert Account("resident", "5", is_child=True).audience == "child"
    with pytest.raises(InvalidRequest, match="未成年"):
        Account("household", "5", is_child=True)


def test_keys_parse_back_to_kind_and_id():
    assert parse_key("merchant:7") == ("merchant", "7")
    assert account_from_key("unit:3") == Account("unit", "3")
    for bad in ("resident", "pet:1", "resident:"):
        with pytest.raises(InvalidRequest):
            parse_key(bad)


def test_default_roll_up_sends_residents_to_household_and_building():
    rollup = RollUp()
    assert rollup.targets("resident", "201", "31") == ("household:201", "building:31")
    assert rollup.targets("household", None, "31") == ("building:31",)
    assert rollup.targets("merchant", None, "31") == ()
    assert rollup.is_target("building") and not rollup.is_target("resident")


def test_roll_up_is_configurable_and_can_be_off():
    only_buildings = RollUp(into={"building": ("resident", "merchant")})
    assert only_buildings.targets("resident", "201", "31") == ("building:31",)
    assert only_buildings.targets("merchant", None, "31") == ("building:31",)
    assert RollUp.off().targets("resident", "201", "31") == ()
    with pytest.raises(InvalidRequest):
        RollUp(into={"community": ("resident",)})
    with pytest.raises(InvalidRequest):
        RollUp(into={"household": ("household",)})
