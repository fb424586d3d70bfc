"""The catalogue: versions, effective dates, community adaptations, did-you-mean and drafts."""

import datetime as dt

import pytest

import store
from meide import clock
from meide.points import (BASE_CATALOGUE, Catalogue, CatalogueNotFound, Rule, RuleInvalid,
                          RuleNotFound, RuleNotInEffect)
from tests.points_support import START, frozen_clock, opened  # noqa: F401

HELP = Rule("HELP", "邻里互助", "邻里互助", 3, day_cap=6, applies_to=("resident", "household"))


@pytest.fixture
def catalogue(opened, frozen_clock):
    cat = Catalogue(opened)
    cat.define(HELP, actor="admin")
    return cat


def test_changing_a_rule_makes_a_new_version_and_keeps_the_old(catalogue):
    changed = catalogue.change("HELP", points=4, actor="admin")
    assert (changed.version, changed.points, changed.day_cap) == (2, 4, 6)
    assert [r.points for r in catalogue.versions("HELP")] == [3, 4]
    assert catalogue.version("HELP", 1).points == 3
    assert catalogue.rule("HELP").version == 2


def test_a_scheduled_change_applies_from_its_date(catalogue):
    catalogue.change("HELP", points=5, effective_from=dt.date(2026, 7, 1))
    assert catalogue.rule("HELP").points == 3
    assert catalogue.rule("HELP", at=dt.date(2026, 7, 1)).points == 5


def test_a_retired_rule_is_not_in_effect_but_its_history_stays(catalogue):
    catalogue.retire("HELP")
    with pytest.raises(RuleNotInEffect, match="已停用"):
        catalogue.rule("HELP")
    assert catalogue.rule("HELP", at=dt.date(2026, 5, 3)).version == 1
    assert catalogue.version("HELP", 1).points == 3


def test_defining_an_existing_code_is_refused(catalogue):
    with pytest.raises(RuleInvalid, match="change"):
        catalogue.define(HELP)


def test_versions_survive_reopening_the_store(catalogue, opened):
    catalogue.change("HELP", points=4)
    catalogue.adapt("9", title="试点社区细则")
    path = opened.path
    opened.close()
    with store.open_store(path) as again:
        reloaded = Catalogue(again)
        assert [r.points for r in reloaded.versions("HELP")] == [3, 4]
        assert reloaded.catalogues()["community:9"] == "试点社区细则"


def test_a_community_adapts_some_rules_and_falls_back_for_the_rest(catalogue):
    catalogue.define(Rule("CLASS", "巧手课堂", "文明实践", 2, applies_to=("resident",)))
    adapted = catalogue.adapt("7", title="翰林街社区细则")
    own = catalogue.change("HELP", catalogue=adapted, points=5)
    assert (own.catalogue, own.version, own.points) == ("community:7", 1, 5)
    assert catalogue.resolve("HELP", "7").points == 5
    assert catalogue.resolve("CLASS", "7").catalogue == BASE_CATALOGUE
    assert catalogue.resolve("HELP", "8").points == 3         # not adapted: the subdistrict's
    assert catalogue.resolve("HELP", "7", community_catalogue=BASE_CATALOGUE).points == 3
    assert catalogue.rule("HELP").points == 3


def test_a_community_can_add_its_own_rules_and_retire_base_ones(catalogue):
    adapted = catalogue.adapt("7", title="细则")
    catalogue.define(Rule("TREE", "古树守护", "环境卫生", 3, catalogue=adapted))
    catalogue.retire("HELP", catalogue=adapted)
    assert catalogue.resolve("TREE", "7").name == "古树守护"
    with pytest.raises(RuleNotFound):
        catalogue.rule("TREE")
    with pytest.raises(RuleNotInEffect, match="本社区已停用"):
        catalogue.resolve("HELP", "7")
    assert [r.code for r in catalogue.rules(catalogue=adapted)] == ["TREE"]


def test_a_community_version_not_yet_in_effect_falls_back_to_the_subdistricts(catalogue):
    adapted = catalogue.adapt("7", title="细则")
    catalogue.change("HELP", catalogue=adapted, points=5, effective_from=dt.date(2026, 9, 1))
    assert catalogue.resolve("HELP", "7").points == 3
    assert catalogue.resolve("HELP", "7", at=dt.date(2026, 9, 1)).points == 5


def test_unknown_catalogue_and_rule_messages_help(catalogue):
    with pytest.raises(CatalogueNotFound, match="community:5"):
        catalogue.rule("HELP", catalogue="community:5")
    with pytest.raises(RuleNotFound) as caught:
        catalogue.rule("HLEP")
    assert caught.value.suggestions == ["HELP(邻里互助)"]
    with pytest.raises(RuleNotFound) as by_name:
        catalogue.rule("邻里互助")
    assert by_name.value.suggestions == ["HELP(邻里互助)"]


def test_a_draft_changes_nothing_in_the_store(catalogue, opened):
    before = len(opened.table("rules"))
    draft = catalogue.draft()
    draft.change("HELP", points=10, day_cap=None)
    draft.define(Rule("NEW", "新规则", "其他", 1))
    assert draft.rule("HELP").points == 10
    assert catalogue.rule("HELP").points == 3
    assert len(opened.table("rules")) == before
    with pytest.raises(RuleNotFound):
        catalogue.rule("NEW")


def test_another_catalogue_on_the_same_store_sees_new_versions(catalogue, opened):
    other = Catalogue(opened)
    catalogue.change("HELP", points=4)
    assert other.rule("HELP").points == 4


def test_change_defaults_to_today(catalogue):
    with clock.frozen(START + dt.timedelta(days=3)):
        changed = catalogue.change("HELP", points=4)
    assert changed.effective_from == (START + dt.timedelta(days=3)).date()
