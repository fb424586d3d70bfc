"""An XSS payload in a resident's name (and in a deed's text) is inert on every console page, at
the counter, and in the printed documents: shown as the literal text, never run."""

import contextlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markupsafe import escape

import store
from meide.engine import Engine
from meide.kernel import actor_from_staff, catalog, documents
from meide.printing import printer
from meide.printing.documents import KINDS
from meide.registry import Registry

from .browser import SETTLE_MS, expect, navigation, open_entry, sign_in

pytestmark = pytest.mark.browser

# Each would set window.__xss if run. The registry takes them as names (free text) but removes
# spaces and turns dots into the middle dot of minority names: hence no space and no dot.
IMG = """<img/src="x"/onerror="window['__xss']=1">"""
SCRIPT = "<script>window['__xss']=2</script>"
DEED = f"帮邻居修水管{IMG}{SCRIPT}"
COUNTER_PHONE = "13800007319"        # the counter finds the payload resident by its last 4 digits


def prepare(folder) -> dict:
    """Before serving: two payload residents in wangge's grid, one in the counter's community;
    a deed about the first taken to a published story (a printed document), one waiting."""
    with contextlib.closing(store.open_store(folder)) as opened:
        registry = Registry(opened)
        runner = Engine(opened).runner
        staff = {name: actor_from_staff(registry.staff.by_username(name))
                 for name in ("wangge", "beimen", "chaoshi")}
        grid = staff["wangge"]

        def home(community, grid=None):
            return next(doc.doc_id for doc in registry.households.list(None)
                        if doc["community"] == community and grid in (None, doc["grid"]))

        people = {}
        for key, name, phone, household in (
                ("img", IMG, "13800007311", home(grid.community, grid.grid)),
                ("script", SCRIPT, "13800007312", home(grid.community, grid.grid)),
                ("counter", IMG, COUNTER_PHONE, home(staff["chaoshi"].community))):
            people[key] = registry.residents.add(name=name, gender="女", birth_date="1970-03-08",
                                                 phone=phone, household=household)
        told = runner.start("good_deed", grid, {
            "resident": people["img"], "deed_date": "2026-10-01", "category": "GOOD_DEED",
            "deed": DEED, "story_title": f"标题{SCRIPT}"}, key="xss:told")
        runner.apply("good_deed", told.id, "verify", staff["beimen"], key="xss:verify")
        runner.apply("good_deed", told.id, "publish", staff["beimen"], key="xss:publish")
        waiting = runner.start("good_deed", grid, {
            "resident": people["script"], "deed_date": "2026-10-02", "category": "GOOD_DEED",
            "deed": DEED}, key="xss:waiting")
        [story] = documents.issued(opened, "good_deed", told.id)
        cls = catalog.get("good_deed")
        document = {"kind": documents.document_kind(cls, story["kind"]).slug,
                    "context": documents.template_context(cls, dict(story), issuer="北门社区")}
        return {"told": told.id, "waiting": waiting.id, "story": document}


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("xss") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    facts = prepare(folder)
    with serve_app(folder) as app:
        app.facts = facts
        yield app


def assert_inert(page):
    """Nothing ran and no payload became an element (locators pierce Panel's shadow roots)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script", has_text="__xss").count() == 0


def pdf_text(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")
    return "".join(text.split())


def test_the_payload_is_literal_text_on_every_console_page(page, served_app):
    facts = served_app.facts
    sign_in(page, served_app, "beimen")
    expect(page.get_by_text(DEED[:20]).first).to_be_visible()      # the inbox row (shortened)
    assert_inert(page)
    for label in navigation(page):
        open_entry(page, label)
        assert_inert(page)
    for number, name in ((facts["told"], IMG), (facts["waiting"], SCRIPT)):
        page.goto(served_app.url(f"/console?page=record:good_deed:{number}"))
        expect(page.get_by_role("heading", name=re.compile(f"第 {number} 号"))).to_be_visible()
        expect(page.get_by_text(name, exact=True).first).to_be_visible()
        expect(page.get_by_text(DEED, exact=True).first).to_be_visible()
        assert_inert(page)
    # The form's resident search lists the payload name as an option's text.
    page.goto(served_app.url("/console?page=form:good_deed"))
    box = page.locator(".bk-input-group").filter(has=page.get_by_text("居民")).locator("input")
    box.first.press_sequentially("7311", delay=30)
    expect(page.locator("option", has_text=IMG)).to_have_count(1)
    assert_inert(page)
    assert not page.meide_errors


def test_the_story_pdf_downloaded_from_the_record_page_prints_the_payload_as_text(
        page, served_app):
    sign_in(page, served_app, "beimen")
    page.goto(served_app.url(f"/console?page=record:good_deed:{served_app.facts['told']}"))
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"美德信用故事（PDF）")).click()
    printed = pdf_text(Path(info.value.path()).read_bytes())
    assert "".join(DEED.split()) in printed
    assert_inert(page)


def test_the_counter_shows_the_payload_name_as_text(page, served_app):
    sign_in(page, served_app, "chaoshi")
    page.goto(served_app.url("/counter"))
    box = page.get_by_label("查找居民")
    box.click()
    box.press_sequentially(COUNTER_PHONE[-4:], delay=30)
    expect(page.get_by_text(IMG).first).to_be_visible()
    assert_inert(page)
    assert not page.meide_errors


def test_the_template_editor_preview_stays_inert(page, served_app):
    # The preview renders the kind's sample data (never the store's residents): visited to show
    # the page itself runs nothing; the documents below carry the payload through printing.
    sign_in(page, served_app, "jiedao")
    page.goto(served_app.url("/templates"))
    expect(page.locator("iframe").first).to_be_visible()
    assert_inert(page)


def escaped_everywhere(text: str):
    assert IMG not in text and SCRIPT not in text
    assert str(escape(IMG)) in text and str(escape(SCRIPT)) in text


@pytest.mark.parametrize("kind", ["notice", "board", "certificate"])
def test_printed_documents_escape_the_payload(kind):
    data = KINDS[kind].sample()
    if kind == "notice":
        data["items"][0].update(name=IMG, reason=DEED)
    elif kind == "board":
        data["sections"][0]["entries"][0].update(name=IMG, citation=DEED)
    else:
        data.update(recipient=IMG, citation=DEED)
    escaped_everywhere(printer.render(kind, data, "html").content)


def test_the_issued_story_escapes_the_payload_in_html_and_pdf(served_app):
    story = served_app.facts["story"]
    documents.document_kind(catalog.get("good_deed"), "story")   # registered in this process
    escaped_everywhere(printer.render(story["kind"], story["context"], "html").content)
    printed = printer.render(story["kind"], story["context"], "pdf").content
    assert "".join(DEED.split()) in pdf_text(printed)
