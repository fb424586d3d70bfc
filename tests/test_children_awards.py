"""The 家园小卫士 form: children, a child rule, the day and a note awarded through the ledger,
a 网格员 only for the children of their grid, every refusal in Chinese."""

import datetime as dt
import itertools

import pytest

from meide import clock
from meide.children import integrity_index
from meide.children.awards import (AWARD_ROLES, OLDEST_DAYS, AwardRefused, award_activity,
                                   child_rules)
from meide.children.guardians import add_child
from meide.points import Catalogue, Ledger, default_catalogue

from .registry_support import add_resident, small_registry

TODAY = dt.datetime(2026, 10, 12, 9, 30)
_forms = itertools.count(1)


@pytest.fixture
def school(tmp_path):
    """张小宝 (第一网格) and 王小泽 (第二网格), a 网格员 of 第一网格 and a 学校联系人 of 北门社区."""
    with clock.frozen(TODAY):
        registry = small_registry(tmp_path / "data")
        ledger = Ledger(registry.store, default_catalogue.install(Catalogue(registry.store)))
        father = add_resident(registry)
        neighbour = add_resident(registry, name="王强", phone="13712345678", building="2号楼",
                                 room="502")
        first = add_child(registry, guardian=father, name="张小宝", gender="男",
                          birth_date="2016-05-01",
                          household=registry.residents.get(father)["household"])
        second = add_child(registry, guardian=neighbour, name="王小泽", gender="男",
                           birth_date="2017-05-01",
                           household=registry.residents.get(neighbour)["household"])
        registry.staff.add("wangge", "刘网格", "password123", ["网格员"], "北门社区/第一网格")
        registry.staff.add("xuexiao", "陈老师", "password123", ["学校联系人"], "北门社区")
        yield {"registry": registry, "ledger": ledger, "father": father, "first": first,
               "second": second}
        registry.store.close()


def award(school, who, children, rule="CHILD_WASTE_SORTING", on=None, note="", roles=None):
    registry = school["registry"].acting_as(who)
    account = registry.staff.by_username(who)
    return award_activity(registry, school["ledger"], roles=roles or account["roles"],
                          children=[school[c] if isinstance(c, str) else c for c in children],
                          rule=rule, on=on or TODAY.date(), note=note,
                          form_key=f"f{next(_forms)}")


def test_the_form_offers_the_child_rules_only(school):
    rules = child_rules(school["ledger"].catalogue)
    assert rules and {rule.category for rule in rules} == {"家园小卫士"}
    assert "CHILD_STUDY_HELP" in {rule.code for rule in rules}


def test_a_school_contact_awards_several_children_and_the_index_shows_it(school):
    with clock.frozen(TODAY):
        outcomes = award(school, "xuexiao", ["first", "second"], "CHILD_STUDY_HELP",
                         note="四点半课堂")
        assert [(o.name, o.points, o.problem) for o in outcomes] == [
            ("张小宝", 2, ""), ("王小泽", 2, "")]
        index = integrity_index(school["registry"], school["ledger"], school["first"])
    assert index["points"] == index["child_rule_points"] == 2


def test_a_grid_worker_reaches_only_the_children_of_their_grid(school):
    with clock.frozen(TODAY):
        mine, theirs = award(school, "wangge", ["first", "second"])
    assert mine.points == 1 and not mine.problem
    assert theirs.points == 0 and "不在您的管辖范围内" in theirs.problem
    assert school["ledger"].total(f"resident:{school['second']}") == 0
    [refused] = [entry for entry in school["registry"].audit.entries(actor="wangge")
                 if entry.get("attempted") == "children.award"]
    assert refused["record"] == school["second"]


def test_an_adult_or_the_days_cap_is_named_per_child(school):
    with clock.frozen(TODAY):
        award(school, "xuexiao", ["first"])
        again, adult = award(school, "xuexiao", ["first", "father"])
    assert again.points == 0 and again.problem
    assert "不是未成年居民" in adult.problem


def test_a_form_sent_twice_awards_once(school):
    registry = school["registry"].acting_as("xuexiao")
    with clock.frozen(TODAY):
        for _ in range(2):
            award_activity(registry, school["ledger"], roles=["学校联系人"],
                           children=[school["first"]], rule="CHILD_PERSUASION",
                           on=TODAY.date(), form_key="same-form")
    assert school["ledger"].total(f"resident:{school['first']}") == 2


@pytest.mark.parametrize("change, words", [
    ({"children": []}, "请至少选择一名儿童"),
    ({"rule": ""}, "请选择活动规则"),
    ({"rule": "GOOD_DEED"}, "不是家园小卫士的规则"),
    ({"on": None}, "请填写活动日期"),
    ({"on": TODAY.date() + dt.timedelta(days=1)}, "晚于今天"),
    ({"on": TODAY.date() - dt.timedelta(days=OLDEST_DAYS + 1)}, "已超过"),
    ({"note": "好" * 201}, "备注不能超过200字"),
    ({"roles": ["超市管理员"]}, "只有网格员、学校联系人"),
])
def test_a_wrong_form_is_refused_in_chinese(school, change, words):
    values = {"children": [school["first"]], "rule": "CHILD_WASTE_SORTING",
              "on": TODAY.date(), "note": "", "roles": ["学校联系人"]} | change
    registry = school["registry"].acting_as("xuexiao")
    with clock.frozen(TODAY), pytest.raises(AwardRefused, match=words):
        award_activity(registry, school["ledger"], form_key="x", **values)
    assert school["ledger"].total(f"resident:{school['first']}") == 0


def test_the_award_roles_are_staff_roles():
    from meide.registry import ROLES
    assert AWARD_ROLES <= set(ROLES) and "学校联系人" in ROLES
