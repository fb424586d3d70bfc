"""Scopes: every list and search is limited on the server to the staff member's area."""

import pytest

from meide.registry import OutOfScope, Scope, ValidationError
from tests.registry_support import add_resident, registry  # noqa: F401


@pytest.fixture
def people(registry):
    ids = {"first": add_resident(registry, name="张一", phone="13800000001", building="1号楼"),
           "second": add_resident(registry, name="张二", phone="13800000002", building="2号楼"),
           "hanlin": add_resident(registry, name="张三", phone="13800000003",
                                  community="翰林街社区")}
    registry.staff.add("beimen", "李秀梅", "password-1", ["社区管理员"], "北门社区")
    registry.staff.add("wangge", "张晓东", "password-1", ["网格员"], "北门社区/第一网格")
    return ids


def names(docs):
    return sorted(doc["name"] for doc in docs)


def test_scopes_are_named_as_staff_write_them(registry):
    scope = registry.scope_named("北门社区/第一网格")
    assert scope.kind == "grid" and registry.scope_label(scope) == "古槐街道/北门社区/第一网格"
    assert registry.scope_named("古槐街道").kind == "subdistrict"


def test_a_community_administrator_sees_only_their_community(registry, people):
    acting = registry.acting_as("beimen")
    assert names(acting.residents.list()) == ["张一", "张二"]
    assert names(acting.search("张")) == ["张一", "张二"]
    assert names(acting.communities.list()) == ["北门社区"]


def test_a_grid_worker_sees_only_their_grid(registry, people):
    acting = registry.acting_as("wangge")
    assert names(acting.residents.list()) == ["张一"]
    assert names(acting.search("13800000002")) == []
    assert acting.households.list() and all(
        h["grid"] == acting.scope.grid for h in acting.households.list())


def test_records_outside_the_scope_cannot_be_read_or_changed(registry, people):
    acting = registry.acting_as("wangge")
    with pytest.raises(OutOfScope):
        acting.residents.get(people["hanlin"])
    with pytest.raises(OutOfScope):
        acting.residents.update(people["second"], room="999")
    with pytest.raises((OutOfScope, ValidationError)):
        acting.residents.add(name="王五", gender="男", community="翰林街社区", building="1号楼",
                             room="1")


def test_a_narrower_scope_may_be_asked_for_but_not_a_wider_one(registry, people):
    acting = registry.acting_as("beimen")
    first_grid = registry.scope_named("北门社区/第一网格")
    assert names(acting.residents.list(first_grid)) == ["张一"]
    with pytest.raises(OutOfScope):
        acting.residents.list(registry.scope_named("翰林街社区"))


def test_a_team_without_a_grid_is_judged_by_its_community(registry):
    scope = Scope(1, 1, 5)
    assert scope.covers({"community": 1, "subdistrict": 1}, "teams")
    assert not scope.covers({"community": 1, "grid": None}, "residents")


def test_reaching_outside_the_scope_is_audited_as_refused(registry, people):
    acting = registry.acting_as("beimen")
    with pytest.raises(OutOfScope):
        acting.residents.list(registry.scope_named("翰林街社区"))
    hanlin = registry.residents.get(people["hanlin"])
    # The books' one write check (names outside the scope do not even resolve, so no public
    # call of a community officer gets this far with another community's record).
    with pytest.raises(OutOfScope):
        acting.residents._check_writable(hanlin)
    refused = registry.audit.entries(action="refused", actor="beimen")
    assert [(e["table"], e["record"]) for e in refused] == [(None, None),
                                                             ("residents", people["hanlin"])]
    assert "超出了您的管辖范围" in refused[0]["note"] and "张三" in refused[1]["note"]
