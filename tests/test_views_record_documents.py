"""The record page offers each document a workflow issued as a printed PDF and a PNG, masked."""

import base64
import datetime as dt

import pytest

from meide import clock
from meide.kernel import Actor, catalog
from meide.kernel.documents import document_kind
from meide.printing.documents import KINDS
from meide.printing.editable import EditableTemplates
from meide.printing.masking import PUBLIC
from meide.views.record import RecordPage

from .printing_support import pdf_text
from .registry_support import add_resident, registry, valid_id  # noqa: F401  (fixture)

WORKER = Actor("grid1", "网格员甲", {"网格员"}, community=1, grid=1)
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
REVIEWERS = [Actor(f"rev{i}", f"评委{i}", {"评审委员"}, community=1) for i in range(3)]
ID_NUMBER = valid_id("19580101", 456)
STORY = f"李秀英照顾瘫痪婆婆三十年，联系电话13987654321，身份证{ID_NUMBER}。"


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield engine.runner


@pytest.fixture
def noticed(runner, registry):  # noqa: F811
    """A 榜样评选 record that has just entered 公示 (its notice issued)."""
    resident = add_resident(registry, name="李秀英")
    account = runner.services.account("resident", resident)
    for i in range(2):
        runner.services.ledger.award(account, "GOOD_DEED", reason="好人好事", source="test:1",
                                     actor="officer1", key=f"earn:{i}")
    record = runner.start("role_model", WORKER, {
        "nominee": resident, "category": "好婆婆", "story_title": "三十年照顾瘫痪婆婆",
        "story": STORY})
    runner.apply("role_model", record.id, "check", OFFICER)
    for reviewer in REVIEWERS:
        record = runner.apply("role_model", record.id, "pass_review", reviewer)
    assert record.state == "notice"
    return record


def download(widget) -> bytes:
    """What a click on a Panel FileDownload sends to the browser (its data URL, decoded)."""
    widget._clicks += 1
    header, _, data = widget.data.partition(",")
    assert header.endswith(";base64")
    return base64.b64decode(data)


def test_the_notice_is_offered_as_a_pdf_with_phone_and_id_masked(runner, noticed):
    view = RecordPage(runner=runner, actor=OFFICER, slug="role_model", record_id=noticed.id)
    [(pdf, png)] = view.document_downloads.values()
    assert pdf.label == "公示（PDF）" and png.label == "公示（图片）"
    text = pdf_text(download(pdf))
    assert "榜样评选公示" in text and "李秀英" in text and "三十年照顾瘫痪婆婆" in text
    assert "2026年10月8日至2026年10月15日" in text and "北门社区居民委员会" in text
    assert "139****4321" in text and "13987654321" not in text
    assert ID_NUMBER not in text and ID_NUMBER[-4:] in text
    assert pdf.filename == f"榜样评选-第{noticed.id}号-公示.pdf"


def test_a_one_page_document_downloads_as_one_png(runner, noticed):
    view = RecordPage(runner=runner, actor=OFFICER, slug="role_model", record_id=noticed.id)
    [(_, png)] = view.document_downloads.values()
    image = download(png)
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and png.filename.endswith(".png")


def test_after_approval_the_certificate_is_offered_beside_the_notice(runner, noticed):
    clock.advance(days=7)
    assert runner.tick() == [("role_model", noticed.id, "approve")]
    view = RecordPage(runner=runner, actor=OFFICER, slug="role_model", record_id=noticed.id)
    labels = [pdf.label for pdf, _ in view.document_downloads.values()]
    assert labels == ["公示（PDF）", "荣誉证书（PDF）"]
    # The heading is letter-spaced (荣 誉 证 书) and lines wrap: compare without whitespace.
    certificate = "".join(pdf_text(download(list(view.document_downloads.values())[1][0])).split())
    assert "荣誉证书" in certificate and "李秀英" in certificate and "好婆婆" in certificate
    assert "2026年10月15日" in certificate


def test_a_record_without_documents_shows_no_documents_section(runner, registry):  # noqa: F811
    record = runner.start("role_model", WORKER, {
        "nominee": add_resident(registry), "category": "好婆婆", "story_title": "热心邻里",
        "story": "常帮邻居取快递。"})
    view = RecordPage(runner=runner, actor=OFFICER, slug="role_model", record_id=record.id)
    assert view.document_downloads == {}


def test_a_workflow_document_masks_as_its_kind_declares():
    def masking(slug, kind):
        return document_kind(catalog.get(slug), kind).mask
    assert masking("role_model", "certificate") == KINDS["certificate"].mask
    assert masking("commendation", "board") == KINDS["board"].mask
    assert masking("deduction", "decision") == PUBLIC


def test_a_staff_edited_template_prints_on_the_record_page(runner, noticed):
    kind = document_kind(catalog.get("role_model"), "notice")
    source = ('{% extends "layout/base.html" %}{% block body %}<h1>{{ workflow.title }}公示（新版式）'
              '</h1><p>{{ names.nominee }}</p>{% endblock %}')
    EditableTemplates(runner.store).save(kind.slug, source, "admin", kind.sample())
    view = RecordPage(runner=runner, actor=OFFICER, slug="role_model", record_id=noticed.id)
    [(pdf, _)] = view.document_downloads.values()
    text = "".join(pdf_text(download(pdf)).split())
    assert "榜样评选公示（新版式）" in text and "李秀英" in text
