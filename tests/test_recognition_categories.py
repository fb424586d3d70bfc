"""榜样类别 in the store: versions with who/when, validation in Chinese, scope refusals audited."""

import datetime as dt

import pytest

from meide import clock
from meide.audit import AuditLog
from meide.kernel import Actor
from meide.recognition import (DEFAULT_CATEGORIES, CategoryError, CategoryRefused,
                               RoleModelCategories, parse_categories)

from .registry_support import registry  # noqa: F401  (fixture)

JIEDAO = Actor("jiedao", "街道管理员", {"街道管理员"})
BEIMEN = Actor("beimen", "北门社区管理员", {"社区管理员"}, community=1)
HANLIN = Actor("hanlin", "翰林街社区管理员", {"社区管理员"}, community=2)
WANGGE = Actor("wangge", "网格员", {"网格员"}, community=1, grid=1)


@pytest.fixture
def book(registry):  # noqa: F811
    with clock.frozen(dt.datetime(2026, 10, 8, 9, 30)):
        yield RoleModelCategories(registry.store)


def test_without_any_change_every_community_offers_the_default_list(book):
    assert book.default() == list(DEFAULT_CATEGORIES)
    assert book.offered(1) == book.offered(None) == list(DEFAULT_CATEGORIES)
    assert book.own(1) is None and book.versions() == []


def test_every_change_is_a_new_version_with_who_and_when(book, registry):  # noqa: F811
    book.save(["道德模范", "最美志愿者"], actor=JIEDAO)
    clock.advance(hours=2)
    book.save(["道德模范", "最美志愿者", "孝老爱亲模范"], actor=JIEDAO)
    first, second = book.versions()
    assert (first["version"], first["actor"]) == (1, "jiedao")
    assert first["at"] == "2026-10-08T09:30:00+08:00"
    assert (second["version"], second["at"]) == (2, "2026-10-08T11:30:00+08:00")
    assert first["categories"] == ["道德模范", "最美志愿者"]          # kept, never edited
    assert book.offered(1) == ["道德模范", "最美志愿者", "孝老爱亲模范"]
    updates = AuditLog(registry.store).entries(table="role_model_categories", action="update")
    assert [(e["actor"], e["version"]) for e in updates] == [("jiedao", 1), ("jiedao", 2)]
    assert updates[1]["after"] == {"categories": ["道德模范", "最美志愿者", "孝老爱亲模范"]}


def test_a_community_list_overrides_the_default_until_it_follows_it_again(book):
    book.save(["邻里守望员"], actor=BEIMEN, community=1)
    assert book.offered(1) == ["邻里守望员"] and book.offered(2) == list(DEFAULT_CATEGORIES)
    book.save(None, actor=BEIMEN, community=1)
    assert book.own(1) is None and book.offered(1) == list(DEFAULT_CATEGORIES)
    assert [v["categories"] for v in book.versions(1)] == [["邻里守望员"], None]


@pytest.mark.parametrize("names, words", [
    ([], "至少要有一个"),
    (["道德模范", " "], "第 2 个类别名称为空"),
    (["道德模范", "道德模范 "], "“道德模范”重复了"),
    (["感动古槐年度最美好邻居好榜样"], "太长，最多 12 个字"),
    (["道德模范,好婆婆"], "分隔符"),
    ([f"类别{n}" for n in range(31)], "最多 30 个"),
    ("道德模范", "每行一个"),
])
def test_bad_lists_are_refused_saying_what_to_fix_and_nothing_is_saved(book, names, words):
    with pytest.raises(CategoryError, match=words):
        book.save(names, actor=JIEDAO)
    assert book.versions() == []


def test_saving_the_same_list_again_or_clearing_the_default_is_refused(book):
    book.save(["道德模范"], actor=JIEDAO)
    with pytest.raises(CategoryError, match="没有变化"):
        book.save(["道德模范"], actor=JIEDAO)
    with pytest.raises(CategoryError, match="不能清空"):
        book.save(None, actor=JIEDAO)
    with pytest.raises(CategoryError, match="找不到编号为 99 的社区"):
        book.save(["道德模范"], actor=JIEDAO, community=99)
    assert len(book.versions()) == 1 and book.versions(99) == []


@pytest.mark.parametrize("actor, community, words", [
    (BEIMEN, None, "只有街道管理员可以修改街道默认"),
    (BEIMEN, 2, "只能修改本社区"),
    (HANLIN, 1, "只能修改本社区"),
    (WANGGE, 1, "只有街道管理员和本社区的社区管理员"),
])
def test_changes_outside_ones_scope_are_refused_and_audited(book, registry, actor,  # noqa: F811
                                                            community, words):
    with pytest.raises(CategoryRefused, match=words):
        book.save(["道德模范"], actor=actor, community=community)
    assert book.versions(community) == []
    [refused] = AuditLog(registry.store).entries(table="role_model_categories", action="refused")
    assert refused["actor"] == actor.username and words in refused["note"]
    assert refused["community"] == community


def test_the_subdistrict_administrator_may_change_any_community(book):
    book.save(["好媳妇", "好婆婆"], actor=JIEDAO, community=2)
    assert book.offered(2) == ["好媳妇", "好婆婆"] and book.versions(2)[0]["actor"] == "jiedao"


def test_typed_text_is_split_on_lines_and_chinese_separators():
    assert parse_categories("道德模范\n 好婆婆、好媳妇，最美家庭;;\n\n") == [
        "道德模范", "好婆婆", "好媳妇", "最美家庭"]
