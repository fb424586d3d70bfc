"""家园小卫士: children's own rules, the 诚信指数 as a level, the guardian linked and recorded when
the child exchanges in the credit supermarket (and not for an adult)."""

import datetime as dt
import itertools

import pytest

from meide import clock
from meide.children import DEFAULT_LEVELS, IntegrityLevels, Level, NotAChild, integrity_index
from meide.points import Catalogue, Ledger, RuleNotApplicable, default_catalogue
from meide.points.default_catalogue import DEFAULT_RULES
from meide.supermarket import Supermarket
from meide.supermarket.redemption import resident_account

from .registry_support import add_resident, small_registry

_keys = itertools.count(1)


@pytest.fixture
def home(tmp_path):
    """北门社区: 张晓华 and his son 张小宝 (born 2016, guardian 张晓华), the supermarket's soap."""
    with clock.frozen(dt.datetime(2026, 10, 12, 9, 30)):
        registry = small_registry(tmp_path / "data")
        ledger = Ledger(registry.store, default_catalogue.install(Catalogue(registry.store)))
        market = Supermarket(registry.store, ledger, registry)
        father = add_resident(registry)
        child = add_resident(registry, name="张小宝", phone="", birth_date="2016-05-01",
                             guardian=father)
        soap = market.goods.add(name="洗衣皂", points=10, stock=20, actor="admin")
        yield {"registry": registry, "ledger": ledger, "market": market, "father": father,
               "child": child, "soap": soap}
        registry.store.close()


def earn(home, who, rule, days=1):
    """One award of rule a day for days days (the child rules allow one or two a day)."""
    account = resident_account(home["registry"].residents.get(home[who]))
    for day in range(days):
        with clock.frozen(dt.datetime(2026, 9, 1 + day, 18, 0)):
            home["ledger"].award(account, rule, reason="家园小卫士", source="school:1",
                                 actor="wangge", key=f"k{next(_keys)}")


def test_the_catalogue_has_the_childrens_own_rules():
    rules = {rule.code: rule for rule in DEFAULT_RULES}
    for code, name in (("CHILD_WASTE_SORTING", "垃圾分类"), ("CHILD_PERSUASION", "文明劝导"),
                       ("CHILD_STUDY_HELP", "学习互助")):
        rule = rules[code]
        assert name in rule.name and rule.category == "家园小卫士"
        assert rule.applies_to == ("child",) and rule.day_cap and rule.month_cap


def test_only_a_child_earns_under_the_childrens_rules(home):
    earn(home, "child", "CHILD_WASTE_SORTING")
    with pytest.raises(RuleNotApplicable):
        earn(home, "father", "CHILD_WASTE_SORTING")


def test_the_index_rises_level_by_level_and_names_the_guardian(home):
    index = integrity_index(home["registry"], home["ledger"], home["child"])
    assert (index["points"], index["level"], index["next_level"], index["to_next"]) == (
        0, "诚信萌芽", "诚信新星", 20)
    assert index["guardian"] == {"id": home["father"], "name": "张晓华"}
    earn(home, "child", "CHILD_STUDY_HELP", days=8)             # 2 a day
    earn(home, "child", "CHILD_WASTE_SORTING", days=5)          # 1 a day
    index = integrity_index(home["registry"], home["ledger"], home["child"])
    assert (index["points"], index["level"], index["to_next"]) == (21, "诚信新星", 29)
    assert index["child_rule_points"] == 21


def test_exchanging_spends_the_balance_but_not_the_index_and_records_the_guardian(home):
    earn(home, "child", "CHILD_STUDY_HELP", days=8)
    earn(home, "father", "GOOD_DEED", days=2)
    market = home["market"]
    child_order = market.redeem(home["child"], {home["soap"]: 1}, actor="chaoshi", key="o1")
    adult_order = market.redeem(home["father"], {home["soap"]: 1}, actor="chaoshi", key="o2")
    assert child_order["child"] and child_order["guardian"] == {"id": home["father"],
                                                                "name": "张晓华"}
    assert not adult_order["child"] and adult_order["guardian"] is None
    index = integrity_index(home["registry"], home["ledger"], home["child"])
    assert index["balance"] == 6 and index["points"] == 16 and index["level"] == "诚信萌芽"


def test_an_adult_has_no_index(home):
    with pytest.raises(NotAChild, match="张晓华不是未成年居民"):
        integrity_index(home["registry"], home["ledger"], home["father"])


def test_levels_are_configurable_and_checked():
    levels = IntegrityLevels((Level("起步", 0), Level("进步", 10)))
    assert levels.level_for(9)[0].name == "起步" and levels.level_for(10) == (Level("进步", 10), None)
    assert DEFAULT_LEVELS.level_for(100)[0].name == "诚信榜样"
    for bad, words in (((Level("甲", 5),), "0 分开始"),
                       ((Level("甲", 0), Level("乙", 30), Level("丙", 20)), "逐级升高"),
                       ((Level("甲", 0), Level("甲", 10)), "重名")):
        with pytest.raises(ValueError, match=words):
            IntegrityLevels(bad)
