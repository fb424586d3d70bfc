"""A grid worker sees only their grid, checked in everything the browser actually received."""

import contextlib
import re
import shutil
import uuid

import pytest

import store
from meide.engine import Engine
from meide.kernel import Actor, Runner, actor_from_staff, catalog
from meide.registry import Scope

from .browser import SETTLE_MS, expect, navigation, open_entry, received, sign_in

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
