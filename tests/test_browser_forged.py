"""Crafted websocket events from a grid worker's page: a privileged button is never sent to be
clicked, and a forged change of the page to a record outside the grid is refused and audited."""

import contextlib
import re
import shutil
import time

import pytest

import store
from meide.engine import Engine
from meide.kernel import actor_from_staff, records
from meide.registry import Registry, Scope

from .browser import expect, received, sign_in

pytestmark = pytest.mark.browser

AUDIT_WAIT = 10.0          # seconds for the server's audit entry to reach the journal
# Every label of every Bokeh model the page holds (buttons, inputs…), hidden ones included.
LABELS = """() => [...Bokeh.documents[0]._all_models.values()]
    .map(model => model.label).filter(label => typeof label === 'string')"""
# Change the page's Location model as a crafted client would: Bokeh sends the change to the
# server over the websocket, where Panel syncs it into the console's `page` parameter.
FORGE_PAGE = """(search) => {
    const location = [...Bokeh.documents[0]._all_models.values()]
        .find(model => model.type.endsWith('Location'));
    location.search = search;
}"""


def prepare(folder) -> dict:
    """Before serving: a deed wangge reported in their grid (waiting for 核实通过, which only
    the 社区管理员 may do) and one the officer reported for the next grid."""
    with contextlib.closing(store.open_store(folder)) as opened:
        registry = Registry(opened)
        runner = Engine(opened).runner
        worker = registry.staff.by_username("wangge")
        community = Scope(worker["subdistrict"], worker["community"])
        residents = registry.residents.list(community)
        inside = next(d for d in residents if d["grid"] == worker["grid"])
        outside = next(d for d in residents if d["grid"] != worker["grid"])
        made = {}
        for place, resident, username in (("inside", inside, "wangge"),
                                          ("outside", outside, "beimen")):
            actor = actor_from_staff(registry.staff.by_username(username))
            made[place] = runner.start("good_deed", actor, {
                "resident": resident.doc_id, "deed_date": "2026-10-01",
                "category": "GOOD_DEED", "deed": f"帮邻居搬家（{place}-forged-test）"},
                key=f"forged-test:{place}").id
        made["outside_name"] = outside["name"]
        return made


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("forged") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    facts = prepare(folder)
    with serve_app(folder) as app:
        app.facts = facts
        yield app


def open_record(page, app, number):
    page.goto(app.url(f"/console?page=record:good_deed:{number}"))
    expect(page.get_by_role("heading", name=re.compile(f"^好人好事 第 {number} 号"))).to_be_visible()
    page.wait_for_load_state("networkidle")


def refusals(app, username) -> list:
    with app.read_store() as opened:
        return [entry for entry in opened.table("audit").all()
                if entry["action"] == "refused" and entry["actor"] == username]


def test_the_verify_button_is_never_sent_to_the_grid_worker(new_page, served_app):
    number = served_app.facts["inside"]
    worker = new_page()
    texts = received(worker)
    sign_in(worker, served_app, "wangge")
    open_record(worker, served_app, number)
    expect(worker.get_by_text("当前状态：待核实", exact=True)).to_be_visible()
    labels = worker.evaluate(LABELS)
    assert "核实通过" not in labels and "退回补充" not in labels
    # No control labelled so is sent at all (the page does name the step, in words, where it
    # says what the worker cannot do and why: the role it needs).
    assert not re.search(r'"label":\s*"核实通过"', "\n".join(texts))
    expect(worker.get_by_text(re.compile("“核实通过”需要以下角色之一"))).to_be_visible()
    # The same probe finds it in the 社区管理员's page: the button exists, just not for wangge.
    officer_page = new_page()
    officer_texts = received(officer_page)
    officer = sign_in(officer_page, served_app, "beimen")
    open_record(officer, served_app, number)
    assert re.search(r'"label":\s*"核实通过"', "\n".join(officer_texts)), "probe finds it"
    assert {"核实通过", "退回补充"} <= set(officer.evaluate(LABELS))
    assert not worker.meide_errors and not officer.meide_errors


def test_a_forged_page_change_to_a_record_outside_the_grid_is_refused_and_audited(
        page, served_app):
    facts = served_app.facts
    number = facts["outside"]
    before = len(refusals(served_app, "wangge"))
    texts = received(page)
    sign_in(page, served_app, "wangge")
    expect(page.get_by_role("heading", name="待办", exact=True)).to_be_visible()
    page.evaluate(FORGE_PAGE, f"?page=record:good_deed:{number}")
    expect(page.get_by_text(f"找不到好人好事记录 {number}，它可能已删除或不在您的管辖范围内")
           ).to_be_visible()
    page.wait_for_load_state("networkidle")
    everything = "\n".join(texts)
    assert "outside-forged-test" not in everything and facts["outside_name"] not in everything
    deadline = time.monotonic() + AUDIT_WAIT
    while len(refusals(served_app, "wangge")) == before and time.monotonic() < deadline:
        time.sleep(0.2)
    [entry] = refusals(served_app, "wangge")[before:]
    assert entry["table"] == "wf_good_deed" and entry["record"] == number
    assert entry["attempted"] == "get" and "不在您的管辖范围内" in entry["note"]
    with served_app.read_store() as opened:
        record = records.load(opened, "good_deed", number)
        assert record.state == "reported"
        assert [e["action"] for e in records.history(opened, "good_deed", number)] == ["start"]
    assert not page.meide_errors
