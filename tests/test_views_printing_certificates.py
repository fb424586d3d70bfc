"""Certificates in bulk on the printing page: one PDF, a page per person, within one's scope."""

import re

from meide.views.printing_page import CERTIFICATES, ROLE_MODELS, STARS, WHOLE, PrintingPage

from .printing_support import pdf_info
from .registry_support import registry  # noqa: F401  (fixture)
from .test_views_printing_page import BEIMEN, JIEDAO, download, flat
from .test_views_printing_page import services  # noqa: F401  (fixture)


def outcome(page) -> list:
    return [(pane.alert_type, pane.object) for pane in page.job.outcome.objects]


def test_a_community_officer_prints_the_quarters_stars_as_one_pdf(services):  # noqa: F811
    page = PrintingPage(services=services, actor=BEIMEN, document=CERTIFICATES)
    assert page.recipients == STARS and page.certificate_box.visible
    assert not page.pdf_download.visible and not page.certificates_download.visible
    assert page.print_certificates()
    assert page.job.wait(60)
    assert outcome(page) == [("success", "2 张荣誉证书已生成，合为一个 PDF 文件：请点“下载证书（PDF）”。")]
    assert page.certificates_download.visible and not page.print_button.disabled
    pdf = download(page.certificates_download)
    assert page.certificates_download.filename == "季度美德信用之星-北门社区-2026年第三季度.pdf"
    assert pdf_info(pdf)["pages"] == 2
    text = flat(pdf)
    assert text.count("荣誉证书") >= 2 and "丁德明" in text and "王秀英" in text
    assert "张晓华" not in text and "2026年第三季度" in text
    # each certificate its own stored number, the same when printed again
    numbers = re.findall(r"证书编号：(ZS-[0-9A-Z]{4}-[0-9A-Z]{4})", text)
    assert len(set(numbers)) == 2
    assert page.print_certificates() and page.job.wait(60)
    assert re.findall(r"证书编号：(ZS-[0-9A-Z]{4}-[0-9A-Z]{4})",
                      flat(download(page.certificates_download))) == numbers


def test_subdistrict_staff_print_every_role_model_of_the_year(services):  # noqa: F811
    page = PrintingPage(services=services, actor=JIEDAO, document=CERTIFICATES,
                        recipients=ROLE_MODELS)
    page.community = WHOLE
    page.print_certificates()
    assert page.job.wait(60)
    pdf = download(page.certificates_download)
    assert pdf_info(pdf)["pages"] == 2
    text = flat(pdf)
    assert "丁德明" in text and "邻里守望员" in text and "张晓华" in text and "最美志愿者" in text
    assert "古槐街道美德信用工作办公室" in text


def test_another_communitys_certificates_are_refused_and_nothing_is_offered(services):  # noqa: F811
    page = PrintingPage(services=services, actor=BEIMEN, document=CERTIFICATES,
                        recipients=ROLE_MODELS)
    page.community = 2              # as a forged browser message would set it
    page.print_certificates()
    assert page.job.wait(60)
    assert outcome(page) == [("warning", "您只能打印本社区的文书。")]
    assert not page.certificates_download.visible and page.certificates_pdf is None


def test_a_year_without_role_models_says_so(services):  # noqa: F811
    page = PrintingPage(services=services, actor=BEIMEN, document=CERTIFICATES,
                        recipients=ROLE_MODELS)
    page.year = 2025
    page.print_certificates()
    assert page.job.wait(60)
    [(kind, text)] = outcome(page)
    assert kind == "warning" and "2025年还没有评定的榜样" in text


def test_only_the_certificates_options_are_shown(services):  # noqa: F811
    page = PrintingPage(services=services, actor=BEIMEN, document=CERTIFICATES)
    assert page.period_choice.visible and page.top_input.visible and not page.year_choice.visible
    page.recipients = ROLE_MODELS
    assert page.year_choice.visible and not page.period_choice.visible
    assert not page.size_choice.visible and not page.picker_box.visible
