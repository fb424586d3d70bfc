"""The demo catalogue reflects the programme in the 古槐街道 article and installs cleanly."""

from meide.points import BASE_CATALOGUE, Catalogue, default_catalogue
from meide.points.default_catalogue import COMMUNITY_ADAPTATIONS, DEFAULT_RULES
from tests.points_support import COMMUNITIES, catalogue, frozen_clock, opened  # noqa: F401


def _by_code():
    return {rule.code: rule for rule in DEFAULT_RULES}


def test_the_programmes_parts_each_have_rules():
    categories = {rule.category for rule in DEFAULT_RULES}
    for part in ("志愿服务", "好人好事", "孝老爱亲", "邻里互助", "环境卫生", "文明实践", "楼道公约",
                 "家园小卫士", "诚信经营"):
        assert part in categories
    names = " ".join(rule.name for rule in DEFAULT_RULES)
    assert "美德信用+巧手课堂" in names


def test_volunteer_service_is_per_hour_and_reviewed():
    rule = _by_code()["VOLUNTEER_HOUR"]
    assert rule.per == "hour" and rule.review_required and rule.day_cap


def test_building_covenant_rules_are_deductions_with_evidence():
    covenant = [rule for rule in DEFAULT_RULES if rule.category == "楼道公约"]
    assert len(covenant) >= 3
    assert all(rule.is_deduction and rule.evidence_required for rule in covenant)


def test_childrens_rules_apply_to_children_only():
    guards = [rule for rule in DEFAULT_RULES if rule.category == "家园小卫士"]
    assert guards and all(rule.applies_to == ("child",) for rule in guards)


def test_every_account_kind_has_a_rule():
    audiences = {audience for rule in DEFAULT_RULES for audience in rule.applies_to}
    assert audiences == {"resident", "household", "merchant", "building", "unit", "child"}


def test_each_community_of_the_article_adapts_the_catalogue(catalogue):
    titles = catalogue.catalogues()
    assert set(COMMUNITY_ADAPTATIONS) == set(COMMUNITIES)
    for name, community in COMMUNITIES.items():
        assert titles[f"community:{community}"] == COMMUNITY_ADAPTATIONS[name]["title"]
    assert catalogue.resolve("CLASS_QIAOSHOU", "2").points == 3      # 翰林街社区
    assert catalogue.resolve("TTS_BUILDING_CHIEF", "3").catalogue == "community:3"


def test_installing_twice_adds_nothing(catalogue, opened):
    before = len(opened.table("rules"))
    default_catalogue.install(catalogue, communities=COMMUNITIES)
    assert len(opened.table("rules")) == before


def test_demo_catalogue_can_live_in_memory(frozen_clock):
    memory = default_catalogue.demo_catalogue()
    assert isinstance(memory, Catalogue)
    assert len(memory.rules()) == len(DEFAULT_RULES)
    assert set(memory.catalogues()) == {BASE_CATALOGUE}
