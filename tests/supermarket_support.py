"""Shared by the supermarket tests: a small registry, a ledger with a seed rule, goods, a clerk."""

import datetime as dt
import itertools

import pytest

from meide import clock
from meide.points import Catalogue, Ledger, Rule
from meide.registry import Registry, Scope, pinyin
from meide.supermarket import Supermarket
from meide.supermarket.redemption import household_account, resident_account

from .registry_support import add_resident, small_registry

NOW = dt.datetime(2026, 10, 12, 9, 30)
_keys = itertools.count(1)


class World:
    """What a supermarket test needs: the registry, ledger, market and some residents."""

    def __init__(self, path, household_pool=False):
        self.registry = small_registry(path)
        self.store = self.registry.store
        catalogue = Catalogue(self.store)
        catalogue.define(Rule("SEED", "测试赠分", "测试", 1, applies_to=("resident", "household",
                                                                      "child")), actor="test")
        self.ledger = Ledger(self.store, catalogue)
        self.market = Supermarket(self.store, self.ledger, self.registry,
                                  household_pool=household_pool)
        self.shop = self.registry.merchants.add(name="便民超市", owner="刘店主",
                                                community="北门社区", grid="第一网格")
        self.school = self.registry.units.add(name="北门小学", kind="学校", community="北门社区")
        self.zhang = add_resident(self.registry)
        self.li = add_resident(self.registry, name="李秀英", phone="13912348888", room="302")
        self.child = add_resident(self.registry, name="张小宝", phone="", room="301",
                                  birth_date="2016-05-01", guardian=self.zhang)
        self.outsider = add_resident(self.registry, name="赵刚", phone="13700001111",
                                     community="翰林街社区", room="101")
        self.soap = self.market.goods.add(name="洗衣皂", points=10, stock=20,
                                          sponsor=("merchant", self.shop), actor="admin")
        self.towel = self.market.goods.add(name="毛巾", points=15, stock=1, actor="admin")

    def as_clerk(self):
        """The registry as 北门社区's supermarket clerk sees it (what acting_as gives a 超市管理员
        account scoped to the community; made directly, as hashing a password is slow)."""
        return Registry(self.store, actor="clerk1", scope=Scope(1, 1))

    def resident(self, resident_id):
        return self.registry.residents.get(resident_id)

    def give(self, resident_id, points, household=False):
        doc = self.resident(resident_id)
        account = household_account(doc) if household else resident_account(doc)
        return self.ledger.award(account, "SEED", quantity=points, reason="测试赠分",
                                 actor="test", key=f"seed:{next(_keys)}")

    def balance(self, resident_id, household=False):
        doc = self.resident(resident_id)
        account = household_account(doc) if household else resident_account(doc)
        return self.ledger.balance(account.key)

    def close(self):
        self.store.close()


def new_key() -> str:
    return f"click:{next(_keys)}"


@pytest.fixture
def world(tmp_path):
    with clock.frozen(NOW):
        made = World(tmp_path / "data")
        yield made
        made.close()


def findable(registry, scope, wanted):
    """The first resident of the scope for whom wanted(doc) holds and whose pinyin initials
    find only them, with those initials."""
    for doc in registry.residents.list(scope):
        typed = pinyin.initials(doc["name"])
        if wanted(doc) and len(typed) == 3 and \
                [r.doc_id for r in registry.search(typed, scope, 10)] == [doc.doc_id]:
            return doc, typed
    pytest.fail("no resident with unique initials in the clerk's community")


def counter_customers(opened, clerk_username: str, gift: int, key: str) -> tuple:
    """For a browser test at the counter: (registry, ledger, clerk, people) where people holds
    an adult and a child with a recorded guardian of the clerk's community, found by their
    unique initials, each given `gift` points (the demo is built with no ledger entries)."""
    registry = Registry(opened)
    clerk = registry.staff.by_username(clerk_username)
    scope = Scope(clerk["subdistrict"], clerk["community"], clerk["grid"])
    adult, adult_typed = findable(registry, scope, lambda doc: not doc.get("minor"))
    child, child_typed = findable(registry, scope, lambda doc: bool(
        doc.get("minor") and doc.get("guardian") is not None))
    catalogue = Catalogue(opened)
    catalogue.define(Rule("TEST_GIFT", "测试赠分", "测试", 1,
                          applies_to=("resident", "child")), actor="test")
    ledger = Ledger(opened, catalogue)
    balances = {}
    for doc in (adult, child):
        account = resident_account(doc)
        ledger.award(account, "TEST_GIFT", quantity=gift, reason="测试赠分", actor="test",
                     key=f"{key}-{doc.doc_id}")
        balances[doc.doc_id] = (account.key, ledger.balance(account.key))
    people = {"adult": adult.doc_id, "adult_name": adult["name"], "adult_typed": adult_typed,
              "child": child.doc_id, "child_typed": child_typed,
              "guardian": registry.residents.get(child["guardian"])["name"],
              "balances": balances}
    return registry, ledger, clerk, people
