"""One scope rule: what a subdistrict, community or grid scope covers, for every kind of place."""

import pytest

from meide.kernel.permissions import Actor
from meide.scope import Scope

STREET, BEIMEN, GRID = Scope(1), Scope(1, 4), Scope(1, 4, 9)


class Doc(dict):
    """A registry record: a mapping with the store's doc_id."""

    def __init__(self, doc_id, **fields):
        super().__init__(fields)
        self.doc_id = doc_id


@pytest.mark.parametrize("scope, place, table, inside", [
    # A workflow record's scope: every level present.
    (GRID, {"subdistrict": 1, "community": 4, "grid": 9}, None, True),
    (GRID, {"subdistrict": 1, "community": 4, "grid": 8}, None, False),
    (GRID, {"subdistrict": 1, "community": 4, "grid": None}, None, False),
    (BEIMEN, {"subdistrict": 1, "community": 4, "grid": 8}, None, True),
    (BEIMEN, {"subdistrict": 1, "community": 5, "grid": None}, None, False),
    (BEIMEN, {"subdistrict": 1, "community": None, "grid": None}, None, False),
    (STREET, {"subdistrict": 1, "community": None, "grid": None}, None, True),
    (STREET, {"subdistrict": 2, "community": 7, "grid": None}, None, False),
    (STREET, {"subdistrict": None, "community": None, "grid": None}, None, False),
    # A team has no grid: a grid worker sees the teams of their community.
    (GRID, {"subdistrict": 1, "community": 4}, None, True),
    (GRID, {"subdistrict": 1, "community": 5}, None, False),
    # A place naming no level at all is the whole subdistrict's.
    (STREET, {}, None, True),
    (BEIMEN, {}, None, False),
    (Scope(), {"community": 5}, None, True),
    # The ledger holds ids as text.
    (BEIMEN, {"community": "4", "grid": "8"}, None, True),
    (GRID, {"community": "4", "grid": "8"}, None, False),
    (BEIMEN, {"community": "None"}, None, False),
    # A record that is a level is judged by its own id.
    (BEIMEN, Doc(4, subdistrict=1, name="北门社区"), "communities", True),
    (BEIMEN, Doc(5, subdistrict=1, name="南门社区"), "communities", False),
    (GRID, Doc(9, community=4), "grids", True),
    (STREET, Doc(1, name="古槐街道"), "subdistricts", True),
])
def test_the_narrowest_level_a_place_carries_decides(scope, place, table, inside):
    assert scope.covers(place, table) is inside


@pytest.mark.parametrize("scope", [Scope(), STREET, BEIMEN, GRID])
def test_an_actor_covers_what_its_scope_covers(scope):
    actor = Actor("someone", "某人", {"社区管理员"}, community=scope.community, grid=scope.grid,
                  subdistrict=scope.subdistrict)
    places = [{"subdistrict": 1, "community": c, "grid": g}
              for c, g in ((4, 9), (4, 8), (4, None), (5, None), (None, None))]
    assert actor.scope == scope
    assert [actor.covers(place) for place in places] == [scope.covers(place) for place in places]


def test_within_is_the_order_of_scopes():
    assert GRID.within(BEIMEN) and BEIMEN.within(STREET) and STREET.within(Scope())
    assert not STREET.within(BEIMEN) and not Scope(1, 5).within(BEIMEN)


def test_of_reads_an_account_or_an_actor():
    account = {"username": "li", "subdistrict": 1, "community": 4, "grid": None}
    assert Scope.of(account) == BEIMEN
    assert Scope.of(Actor("li", "李", {"社区管理员"}, community=4, subdistrict=1)) == BEIMEN
