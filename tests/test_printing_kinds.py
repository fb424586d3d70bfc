"""Every document kind (printing's own and every workflow's) renders from its sample to HTML, PDF
and PNG through the one pipeline, masks as it declares, and takes a staff-edited template."""

import re

import pytest

from meide.audit import AuditLog
from meide.kernel.documents import all_kinds
from meide.printing import printer
from meide.printing.documents import kind as document_kind
from meide.printing.editable import EditableTemplates
from meide.printing.masking import VERBATIM_FIELDS
from meide.privacy import mask_phone
from store import open_store

from .printing_support import pdf_info, pdf_text

KINDS = all_kinds()
PHONE = "13912340000"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _squashed(text: str) -> str:
    """Text without whitespace: headings are letter-spaced (荣 誉 证 书) and lines wrap."""
    return "".join(text.split())


def _planted(data, number: str):
    """data with a phone number typed into every free text (dates left as dates, and what a
    document prints verbatim — an office's number, a draw's seed — left as it is)."""
    if isinstance(data, dict):
        return {key: value if key in VERBATIM_FIELDS else _planted(value, number)
                for key, value in data.items()}
    if isinstance(data, list):
        return [_planted(item, number) for item in data]
    if isinstance(data, str) and data and not ISO_DATE.match(data):
        return f"{data}（电话{number}）"
    return data


@pytest.fixture
def templates(tmp_path):
    with open_store(tmp_path / "data") as opened:
        yield EditableTemplates(opened, AuditLog(opened))


def test_the_registry_holds_printings_kinds_and_every_workflows_documents():
    slugs = {kind.slug for kind in KINDS}
    assert {"notice", "board", "certificate", "statement", "hours_certificate"} <= slugs
    assert {"good_deed/story", "role_model/certificate", "deduction/decision",
            "stairwell_period/plaque", "merchant_star/merchant_plaque"} <= slugs


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_each_kind_renders_its_sample_to_html_pdf_and_png(kind):
    data = kind.sample()
    html = printer.render(kind, data, "html").content
    assert html.lstrip().startswith("<!DOCTYPE html>")
    pdf = printer.render(kind, data, "pdf").content
    assert kind.printed_title in _squashed(pdf_text(pdf))
    info, page = pdf_info(pdf), kind.page()      # the paper the kind declares is the paper
    assert round(info["width_mm"]) == round(page.width_mm)
    if page.name != "80mm":                      # a receipt roll is cut where it ends
        assert round(info["height_mm"]) == round(page.height_mm)
    pages = printer.render(kind, data, "png").content
    assert len(pages) == pdf_info(pdf)["pages"]
    assert all(page.startswith(PNG_MAGIC) for page in pages)


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.public],
                         ids=lambda kind: kind.slug)
def test_a_public_kind_masks_a_phone_number_typed_into_free_text(kind):
    assert kind.mask.scrub_text, f"{kind.slug} is public and must scrub free text"
    html = printer.render(kind, _planted(kind.sample(), PHONE), "html").content
    assert PHONE not in html
    assert mask_phone(PHONE) in html            # the text was printed, with the number masked


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_a_staff_edited_template_applies_to_every_kind(kind, templates):
    source = '{% extends "layout/base.html" %}{% block body %}<h1>本社区自定义版式</h1>{% endblock %}'
    templates.save(kind.slug, source, "admin", printer.context(kind, kind.sample()))
    html = printer.render(kind, kind.sample(), "html", templates=templates).content
    assert "本社区自定义版式" in html
    assert "本社区自定义版式" not in printer.render(kind, kind.sample(), "html").content


def test_an_unknown_kind_is_refused_with_a_near_miss():
    with pytest.raises(ValueError, match="good_deed/story"):
        document_kind("good_deed/stroy")
