"""Nobody receives anyone outside their scope, checked in everything a real browser received:
a grid worker through the navigation, and each role of two communities (in two subdistricts)
on every console page of the table (meide.views.pages.PAGES), so a new page is covered with
no new test (the server-side pass over every record and document is tests/test_scope_leaks.py)."""

import contextlib
import re
import shutil
import uuid

import pytest

import store
from meide import clock, i18n
from meide.engine import Engine
from meide.kernel import Actor, Runner, actor_from_staff, catalog
from meide.registry import Scope
from meide.views import pages

from . import test_scope_leaks as server_side
from .browser import Account, SETTLE_MS, expect, navigation, open_entry, received, sign_in

pytestmark = pytest.mark.browser

OUTSIDERS = 3           # residents taken from each place outside the grid
# The workflows' list pages, by their (Chinese) navigation labels: each opens its first record.
WORKFLOW_LISTS = {cls.title for cls in catalog.all_workflows()}


def services(opened):
    engine = Engine(opened)
    return engine.registry, engine.services


def distinctive(residents, inside_text: str, count: int) -> list:
    """Residents whose name, phone and ID number appear nowhere in the grid's own data (a
    shared name would be received legitimately, for the grid's resident of that name)."""
    chosen = []
    for doc in residents:
        if doc["name"] not in inside_text and doc["phone"] and doc["id_number"]:
            chosen.append({"id": doc.doc_id, "name": doc["name"], "phone": doc["phone"],
                           "id_number": doc["id_number"]})
        if len(chosen) == count:
            return chosen
    pytest.fail("not enough distinctive residents outside the grid")


def prepare(folder) -> dict:
    """Before serving: a good deed for a resident of wangge's grid, one for a resident of the
    next grid and one in another community, each with a marker in its text."""
    with contextlib.closing(store.open_store(folder)) as opened:
        registry, engine = services(opened)
        runner = Runner(opened, engine)
        worker = registry.staff.by_username("wangge")
        grid = Scope(worker["subdistrict"], worker["community"], worker["grid"])
        community = Scope(worker["subdistrict"], worker["community"])
        inside = registry.residents.list(grid)
        staff = " ".join(doc.get("display_name", "") for doc in registry.staff.list())
        inside_text = staff + " ".join(f"{d['name']} {d['address']}" for d in inside)
        next_grid = [d for d in registry.residents.list(community) if d["grid"] != worker["grid"]]
        other_community = next(d["community"] for d in registry.residents.list(None)
                               if d["community"] != worker["community"])
        elsewhere = registry.residents.list(None, community=other_community)
        outsiders = (distinctive(next_grid, inside_text, OUTSIDERS)
                     + distinctive(elsewhere, inside_text, OUTSIDERS))
        officer = actor_from_staff(registry.staff.by_username("beimen"))
        # That community's officer (the demo has an account only for 北门社区's).
        other = Actor("scope-test", "外社区干部", {"社区管理员"}, subdistrict=worker["subdistrict"],
                      community=other_community)
        records = {}
        for place, resident, actor in (("inside", inside[0].doc_id, officer),
                                       ("next_grid", outsiders[0]["id"], officer),
                                       ("elsewhere", outsiders[OUTSIDERS]["id"], other)):
            marker = f"{place}-{uuid.uuid4().hex[:8]}"
            record = runner.start("good_deed", actor, {
                "resident": resident, "deed_date": "2026-10-01", "category": "GOOD_DEED",
                "deed": f"扶老人过马路（{marker}）"}, key=f"scope-test:{place}")
            records[place] = {"id": record.id, "marker": marker}
        return {"inside": {"name": inside[0]["name"]}, "outsiders": outsiders,
                "records": records}


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scope") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    facts = prepare(folder)
    with serve_app(folder) as app:
        app.facts = facts
        yield app


def leaks(texts: list, facts: dict) -> list:
    """Every personal datum of an outsider (or marker of an out-of-scope record) received."""
    everything = "\n".join(texts)
    secrets = [value for person in facts["outsiders"]
               for value in (person["name"], person["phone"], person["id_number"])]
    secrets += [facts["records"][place]["marker"] for place in ("next_grid", "elsewhere")]
    return [secret for secret in secrets if secret in everything]


def visit_every_entry(page) -> tuple:
    """Click each navigation entry in turn, opening the first record a list shows; return the
    entries' labels and the numbers of the records opened."""
    labels, opened = navigation(page), []
    for label in labels:
        open_entry(page, label)
        opener = page.get_by_role("button", name="打开", exact=True)
        if label in WORKFLOW_LISTS and opener.count():
            opener.first.click()
            heading = page.get_by_role("heading", name=re.compile(r"第 \d+ 号"))
            expect(heading).to_be_visible()
            opened.append(int(re.search(r"第 (\d+) 号", heading.inner_text()).group(1)))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(SETTLE_MS)
    return labels, opened


def test_a_grid_worker_receives_nothing_from_outside_the_grid(page, served_app):
    facts = served_app.facts
    texts = received(page)
    sign_in(page, served_app, "wangge")
    labels, opened = visit_every_entry(page)
    assert {"首页 / 待办", "发起", "好人好事"} <= set(labels), labels
    # The grid's own record was listed, opened, and its resident named: the capture works.
    inside = facts["records"]["inside"]
    assert inside["id"] in opened
    assert inside["marker"] in "\n".join(texts)
    assert facts["inside"]["name"] in "\n".join(texts)
    assert len(texts) > 20
    assert leaks(texts, facts) == []
    assert not page.meide_errors


@pytest.mark.parametrize("place, superior", [("next_grid", "beimen"), ("elsewhere", "jiedao")])
def test_a_record_outside_the_grid_is_refused_through_the_address(new_page, served_app, place,
                                                                   superior):
    facts = served_app.facts
    number = facts["records"][place]["id"]
    address = f"/console?page=record:good_deed:{number}"
    worker = new_page()
    texts = received(worker)
    sign_in(worker, served_app, "wangge", path=address)
    expect(worker.get_by_text(f"找不到好人好事记录 {number}，它可能已删除或不在您的管辖范围内")
           ).to_be_visible()
    worker.wait_for_load_state("networkidle")
    worker.wait_for_timeout(SETTLE_MS)
    assert leaks(texts, facts) == []
    # The same address opens it for someone whose scope covers it: the probe would see a leak.
    boss = new_page()
    seen = received(boss)
    sign_in(boss, served_app, superior, path=address)
    expect(boss.get_by_role("heading", name=re.compile(f"第 {number} 号"))).to_be_visible()
    assert facts["records"][place]["marker"] in leaks(seen, facts)
    assert not worker.meide_errors and not boss.meide_errors


# -- every role of two communities (in two subdistricts), every page of the table -------------

PASSWORD = "leak-test-pw"
ROLE_CASES = [(role, community) for role in server_side.ROLE_SCOPE
              for community in server_side.COMMUNITIES]


@pytest.fixture(scope="module")
def scoped_app(serve_app, demo_data, tmp_path_factory):
    """One server over the demo with its second community moved to a second subdistrict, an
    account of each role in each of the two communities, and a record of every workflow in
    each (the server-side leak test's preparation); app.secrets: (role, community) → what
    that account must not receive, app.records: slug → record numbers (one per community)."""
    folder = tmp_path_factory.mktemp("scoped") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    accounts, secrets = {}, {}
    with Engine.open(folder) as engine, clock.frozen(server_side.AT), \
            i18n.using_locale("zh_CN"):
        registry = engine.registry
        server_side.move_to_new_subdistrict(
            engine, registry.communities.list(None, name=server_side.COMMUNITIES[1])[0],
            server_side.SECOND_SUBDISTRICT)
        communities = [registry.communities.list(None, name=name)[0]
                       for name in server_side.COMMUNITIES]
        for number, community in enumerate(communities):
            grid = registry.grids.list(Scope(community["subdistrict"], community.doc_id))[0]
            for role, level in server_side.ROLE_SCOPE.items():
                username = f"browse{list(server_side.ROLES).index(role)}c{number}"
                scope = (Scope(community["subdistrict"]) if level == "subdistrict" else
                         Scope(community["subdistrict"], community.doc_id,
                               grid.doc_id if level == "grid" else None))
                registry.staff.add(username, f"浏览员{username[6:]}", PASSWORD, [role], scope,
                                   must_change_password=False)
                accounts[role, community["name"]] = Account(username, role, PASSWORD,
                                                            f"浏览员{username[6:]}")
        records = server_side.start_everywhere(engine, communities, server_side.People())
        for (role, name), account in accounts.items():
            actor = actor_from_staff(registry.staff.by_username(account.username))
            secrets[role, name] = server_side.outsiders(registry, actor)
    with serve_app(folder) as app:
        app.accounts.update({account.username: account for account in accounts.values()})
        app.scoped = accounts
        app.secrets, app.records = secrets, records
        yield app


def page_addresses(role, community, records) -> list:
    """One address of each console page of the table the role may open (a record page: the
    first workflow's record of the account's own community)."""
    mine = server_side.COMMUNITIES.index(community)
    chosen = []
    for page in pages.PAGES:
        if page.roles is not None and role not in page.roles:
            continue
        if page.key == "record":
            slug, numbers = next(iter(records.items()))
            chosen.append(f"record:{slug}:{numbers[mine]}")
        else:
            chosen.append(server_side.addresses(page, records)[0])
    return chosen


@pytest.mark.parametrize("role, community", ROLE_CASES,
                         ids=[f"role{list(server_side.ROLES).index(role)}-"
                              f"c{server_side.COMMUNITIES.index(community)}"
                              for role, community in ROLE_CASES])
def test_every_role_receives_nobody_outside_its_scope_on_every_page(new_page, scoped_app,
                                                                     role, community):
    account = scoped_app.scoped[role, community]
    secrets = scoped_app.secrets[role, community]
    browser_page = new_page()
    texts = received(browser_page)
    sign_in(browser_page, scoped_app, account.username)
    found, visited = {}, page_addresses(role, community, scoped_app.records)
    for address in visited:
        start = len(texts)
        browser_page.goto(scoped_app.url(f"/console?page={address}"))
        expect(browser_page.get_by_text(account.header, exact=True)).to_be_visible()
        browser_page.wait_for_load_state("networkidle")
        browser_page.wait_for_timeout(SETTLE_MS)
        sent = "\n".join(texts[start:])
        found.update({secret: f"{address}: {whose}" for secret, whose in secrets.items()
                      if secret in sent})
    assert visited and len(texts) > len(visited)
    assert found == {}, "\n".join(found.values())
    assert not browser_page.meide_errors
