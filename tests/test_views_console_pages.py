"""Every page of the console's table opens for every role that may see it, and is refused to
the others; the navigation lists exactly the pages a role may open."""

import datetime as dt

import pytest

from meide import clock, i18n
from meide.engine import Engine
from meide.kernel import Actor
from meide.points import default_catalogue
from meide.registry import ROLES
from meide.views import pages
from meide.views.console import Console

from .registry_support import add_resident, small_registry
from .views_support import add_staff

# Each role with the scope its staff usually hold (what scope_text gives for the Actor).
SUBDISTRICT, BEIMEN, FIRST_GRID = 1, 1, 1
SCOPES = {"subdistrict": {}, "community": {"community": BEIMEN},
          "grid": {"community": BEIMEN, "grid": FIRST_GRID}}
STAFF = {role: Actor(f"staff{number}", f"工作人员{number}", {role}, subdistrict=SUBDISTRICT,
                     **SCOPES[levels[0]])
         for number, (role, levels) in enumerate(ROLES.items())}
# An address of each page (pages that take one need a workflow or a record).
ADDRESSES = {"list": "list:good_deed", "form": "form:good_deed", "record": "record:good_deed:1"}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """A small registry with a resident, a 好人好事 and a staff account for each role."""
    registry = small_registry(tmp_path_factory.mktemp("pages") / "data")
    engine = Engine(registry.store)
    default_catalogue.install(engine.catalogue)
    resident = add_resident(engine.registry)
    for actor in STAFF.values():
        add_staff(engine.registry, actor)
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)), i18n.using_locale("zh_CN"):
        engine.runner.start("good_deed", STAFF["网格员"], {
            "resident": resident, "deed_date": dt.date(2026, 9, 30), "category": "GOOD_DEED",
            "deed": "帮邻居修水管"})
        yield engine
    registry.store.close()


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("page", pages.PAGES, ids=lambda page: page.key)
def test_a_page_opens_for_the_roles_that_may_see_it_and_is_refused_to_others(engine, page,
                                                                              role):
    actor = STAFF[role]
    console = Console(runner=engine.runner, actor=actor,
                      page=ADDRESSES.get(page.key, page.key))
    if page.roles is None or role in page.roles:
        assert console.view is not None, console._main
        assert console.navigation.page == console.page
    else:
        assert console.view is None
        assert console._main.alert_type == "warning"
        assert "不对您的角色开放" in console._main.object
        refusals = engine.audit.entries(actor=actor.username, action="refused")
        assert refusals[-1]["page"] == console.page


@pytest.mark.parametrize("role", list(ROLES))
def test_the_navigation_lists_the_pages_a_role_may_open(engine, role):
    listed = set(Console(runner=engine.runner, actor=STAFF[role]).navigation.labels())
    expected = {page.key for page in pages.PAGES if page.section is not None and not
                page.per_workflow and page.allows(STAFF[role])}
    assert {address for address in listed if ":" not in address} == expected
    assert "list:good_deed" in listed


def test_an_unknown_page_is_refused(engine):
    console = Console(runner=engine.runner, actor=STAFF["街道管理员"], page="no_such_page")
    assert console.view is None and "no_such_page" in console._main.object


def test_no_page_named_is_the_home_page(engine):
    console = Console(runner=engine.runner, actor=STAFF["网格员"], page="")
    assert console.view is not None and type(console.view).__name__ == "HomePage"
