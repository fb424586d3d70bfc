"""Settings: the household pool is off unless the programme switches it on (audited); only
supermarket roles work the counter."""

from meide.registry import ROLES
from meide.supermarket import COUNTER_ROLES, Supermarket
from meide.supermarket import settings

from .supermarket_support import new_key, world  # noqa: F401


def test_the_household_pool_is_off_until_switched_on(world):
    assert not settings.household_pool(world.store)
    assert not Supermarket(world.store, world.ledger, world.registry).household_pool
    settings.set_household_pool(world.store, world.registry.audit, True, actor="admin")
    market = Supermarket(world.store, world.ledger, world.registry)
    assert market.household_pool
    world.give(world.zhang, 30, household=True)
    order = market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=new_key())
    assert order["account"].startswith("household:")
    entry = world.registry.audit.entries(table="supermarket_settings")[-1]
    assert entry["after"] == {"household_pool": True} and entry["actor"] == "admin"


def test_counter_roles_are_registry_roles():
    assert COUNTER_ROLES <= set(ROLES) and "超市管理员" in COUNTER_ROLES


def test_a_real_clerk_account_is_scoped_to_its_community(world):
    world.registry.staff.add("clerk1", "超市王姐", "Clerk-pass-2026", ["超市管理员"], "北门社区")
    clerk = world.registry.acting_as("clerk1")
    assert clerk.scope == world.as_clerk().scope
    assert [doc["name"] for doc in clerk.search("赵刚")] == []
