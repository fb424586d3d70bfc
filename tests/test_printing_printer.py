"""Every document kind prints to HTML, PDF and PNG: page size and count, names in order, draft
marks, fonts embedded, and names that carry markup stay inert."""

import pytest

from meide.kernel import catalog
from meide.kernel.documents import document_kind
from meide.printing import printer
from meide.printing.documents import KINDS, UnknownDocument, kind
from meide.printing.stroke_order import stroke_count_order

from .printing_support import in_order, pdf_fonts, pdf_info, pdf_text

CASES = [(slug, size) for slug, document in KINDS.items() for size in document.sizes]
SIZES_MM = {"A4": (210, 297), "A4-landscape": (297, 210), "A3-landscape": (420, 297),
            "A5": (148, 210)}


@pytest.fixture(scope="module")
def pdfs():
    return {(slug, size): printer.sample(slug, "pdf", size=size).content for slug, size in CASES}


@pytest.mark.parametrize("slug,size", CASES)
def test_each_sample_prints_on_one_page_of_its_size(pdfs, slug, size):
    info = pdf_info(pdfs[slug, size])
    assert info["pages"] == 1
    if size == "80mm":
        assert round(info["width_mm"]) == 80
    else:
        assert (round(info["width_mm"]), round(info["height_mm"])) == SIZES_MM[size]


@pytest.mark.parametrize("slug,size", CASES)
def test_each_pdf_embeds_the_chinese_fonts(pdfs, slug, size):
    fonts = pdf_fonts(pdfs[slug, size])
    assert fonts and all(embedded and subset for _, embedded, subset in fonts)
    assert all("CJK-SC" in name for name, _, _ in fonts)


def test_the_board_lists_each_section_in_surname_stroke_order(pdfs):
    text = pdf_text(pdfs["board", "A4-landscape"])
    assert "光荣榜" in text.replace(" ", "") and "以姓氏笔画为序" in text
    for section in KINDS["board"].sample()["sections"]:
        names = [entry["name"] for entry in section["entries"]]
        assert in_order(text, stroke_count_order(names)), section["title"]
    assert in_order(text, ["丁德明", "王秀英", "张晓华", "欧阳建国"])
    assert "2026年10月8日" in text


def test_the_notice_lists_nominees_in_stroke_order_with_period_and_objection(pdfs):
    text = pdf_text(pdfs["notice", "A4"])
    assert in_order(text, ["丁德明", "王秀英", "司马丽娟", "张晓华", "欧阳建国"])
    assert "2026年10月1日至2026年10月7日" in text and "异议" in text


def test_a_ranked_section_keeps_its_order():
    data = {**KINDS["board"].sample(), "sections": [
        {"title": "积分前三", "ranked": True,
         "entries": [{"name": "欧阳建国", "points": 300}, {"name": "丁一", "points": 200}]}]}
    text = pdf_text(printer.render("board", data).content)
    assert in_order(text, ["欧阳建国", "丁一"]) and "按积分排序" in text


def test_a_long_board_flows_onto_more_pages():
    data = KINDS["board"].sample(count=400)
    printed = printer.render("board", data, "pdf")
    assert pdf_info(printed.content)["pages"] > 1
    names = [entry["name"] for entry in data["sections"][0]["entries"]]
    assert in_order(pdf_text(printed.content), stroke_count_order(names)[:50])


def test_documents_not_final_print_a_draft_mark():
    data = {**KINDS["certificate"].sample(), "final": False}
    assert "草" in pdf_text(printer.render("certificate", data).content)
    assert "草稿" not in pdf_text(printer.sample("certificate").content)
    data.pop("final")
    assert "草稿" in printer.html("certificate", data)      # drafts unless said final


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_a_name_is_escaped_in_html_and_literal_in_pdf():
    data = KINDS["board"].sample()
    data["sections"][1]["entries"][0]["name"] = "张三" + XSS
    html = printer.html("board", data)
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    text = pdf_text(printer.render("board", data).content)
    assert '<script>alert("x")</script>' in text.replace("\n", "")


def test_png_gives_one_image_per_page():
    pages = printer.render("board", KINDS["board"].sample(count=400), "png").content
    assert len(pages) > 1
    assert all(page.startswith(b"\x89PNG\r\n\x1a\n") for page in pages)


def test_html_is_the_preview_format():
    printed = printer.sample("notice", "html")
    assert isinstance(printed.content, str) and "公　示" in printed.content


def test_unknown_kinds_sizes_and_formats_are_refused_with_a_hint():
    with pytest.raises(UnknownDocument, match="board"):
        kind("bord")
    with pytest.raises(ValueError, match="A4-landscape"):
        printer.sample("board", size="A5")
    with pytest.raises(ValueError, match="pdf"):
        printer.sample("board", "docx")


def test_a_photo_outside_the_allowed_folders_is_not_read():
    from weasyprint.urls import URLFetchingError

    from meide.printing.pdf import _fetcher
    fetcher = _fetcher([])
    with pytest.raises(URLFetchingError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(URLFetchingError):
        fetcher.fetch("http://example.invalid/x.png")


def test_a_workflow_document_prints_masked_as_pdf():
    context = {"workflow": {"slug": "good_deed", "title": "好人好事"}, "final": True,
               "values": {"story_title": "拾金不昧", "deed_date": "2026-09-01",
                          "deed": "捡到钱包后联系失主13812345678归还"},
               "names": {"resident": "张晓华"}, "issued_at": "2026-10-01T09:00:00+08:00",
               "due": None, "issuer": "古槐街道北门社区居委会"}
    printed = printer.render(document_kind(catalog.get("good_deed"), "story"), context, "pdf")
    text = pdf_text(printed.content)
    assert "拾金不昧" in text and "138****5678" in text and "13812345678" not in text
    assert "2026年10月1日" in text
