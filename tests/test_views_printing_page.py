"""The console's printing page: boards, honour boards and statements, within the actor's scope."""

import base64
import re
import datetime as dt

import pytest

from meide.engine import Engine
from meide import clock, i18n
from meide.kernel import Actor, PermissionDenied
from meide.periods import Period
from meide.points import default_catalogue
from meide.printing import printer
from meide.printing.documents import KINDS
from meide.printing.editable import EditableTemplates
from meide.rating.certificates import Certificates
from meide.views.printing_page import BOARD, HONOURS, STATEMENT, WHOLE, PrintingPage

from .printing_support import pdf_text
from .registry_support import add_resident, registry  # noqa: F401  (fixture)

# small_registry's ids: 古槐街道 1; 北门社区 1 (第一网格 1: 1号楼, 第二网格 2: 2号楼), 翰林街社区 2.
JIEDAO = Actor("jiedao1", "街道干部", {"街道管理员"}, subdistrict=1)
BEIMEN = Actor("beimen1", "社区干部", {"社区管理员"}, subdistrict=1, community=1)
WANGGE = Actor("wangge1", "网格员", {"网格员"}, subdistrict=1, community=1, grid=1)


@pytest.fixture
def services(registry):  # noqa: F811
    """北门社区: 丁德明 (grid 1) and 王秀英 (grid 2); 翰林街社区: 张晓华; each earned points in
    2026Q3; 丁德明 and 张晓华 were honoured as role models in 2026. The clock: 2026-08-03."""
    engine = Engine(registry.store)
    default_catalogue.install(engine.catalogue)
    found, ledger = engine.services, engine.ledger
    with clock.frozen(dt.datetime(2026, 8, 3, 10, 0)), i18n.using_locale("zh_CN"):
        people = {"丁德明": add_resident(registry, name="丁德明", phone="13912340001"),
                  "王秀英": add_resident(registry, name="王秀英", phone="13912340002",
                                      building="2号楼"),
                  "张晓华": add_resident(registry, name="张晓华", phone="13912340003",
                                      community="翰林街社区")}
        for name, resident in people.items():
            ledger.award(found.account("resident", resident), "GOOD_DEED", reason="好人好事",
                         source="test:1", actor="beimen1", key=f"earn:{resident}")
        for name, category in (("丁德明", "邻里守望员"), ("张晓华", "最美志愿者")):
            scope = found.scope_of("resident", people[name])
            # What 榜样评选's Publish effect writes on approval (tested in test_printing_honours).
            registry.store.table("boards").insert({
                "board": "honor", "slug": "role_model", "record": people[name],
                "title": category, "text": f"{name}的事迹", "photo": "", "person": people[name],
                "person_kind": "resident", "person_name": name, "scope": scope,
                "at": "2026-07-20T10:00:00", "key": f"honour:{name}"})
        found.people = people
        yield found


def download(widget) -> bytes:
    """What a click on a Panel FileDownload sends to the browser (its data URL, decoded)."""
    widget._clicks += 1
    header, _, data = widget.data.partition(",")
    assert header.endswith(";base64")
    return base64.b64decode(data)


def flat(pdf: bytes) -> str:
    return "".join(pdf_text(pdf).split())


def test_a_community_officer_downloads_their_communitys_quarterly_board(services):
    page = PrintingPage(services=services, actor=BEIMEN)
    assert (page.document, page.community, page.period) == (BOARD, 1, Period(2026, 3))
    # The other community is never offered to the browser.
    assert list(page.community_choice.options) == ["北门社区"]
    text = flat(download(page.pdf_download))
    assert "光荣榜" in text and "北门社区2026年第三季度" in text
    assert "丁德明" in text and "王秀英" in text and "张晓华" not in text
    assert page.pdf_download.filename == "光荣榜-北门社区-2026年第三季度.pdf"


def test_another_communitys_board_is_refused_on_the_server(services):
    page = PrintingPage(services=services, actor=BEIMEN)
    page.community = 2              # as a forged browser message would set it
    with pytest.raises(PermissionDenied, match="只能打印本社区"):
        page.printed("pdf")
    page.community = WHOLE
    page.document = HONOURS
    with pytest.raises(PermissionDenied, match="只能打印本社区"):
        page.printed("pdf")


def test_a_grid_worker_prints_statements_of_their_grids_residents_only(services):
    page = PrintingPage(services=services, actor=WANGGE, document=STATEMENT)
    page.resident = services.people["王秀英"]        # 第二网格
    page.show_preview()
    assert "不在您的管辖范围" in page.feedback.objects[0].object and page.preview.object == ""
    with pytest.raises(PermissionDenied):
        page.printed("pdf")
    page.resident = services.people["丁德明"]
    text = flat(download(page.pdf_download))
    assert "积分明细单" in text and "丁德明" in text and "好人好事" in text
    assert "139****0001" in text and "13912340001" not in text


def test_a_printed_statement_is_numbered_once_and_its_number_resolves_masked(services):
    page = PrintingPage(services=services, actor=WANGGE, document=STATEMENT)
    page.resident = services.people["丁德明"]
    numbers = [re.findall(r"ZS-[0-9A-Z]{4}-[0-9A-Z]{4}", flat(download(page.pdf_download)))
               for _ in range(2)]
    assert len(set(numbers[0])) == 1 and numbers[1] == numbers[0]       # a reprint keeps it
    found = Certificates(services.registry.store).resolve(numbers[0][0]).public()
    assert (found["kind"], found["holder"], found["status"]) == ("积分明细单", "丁*明", "valid")
    resident = services.people["丁德明"]
    services.ledger.award(services.account("resident", resident), "GOOD_DEED", reason="再做好事",
                          source="test:2", actor="beimen1", key="earn:again")
    again = re.findall(r"ZS-[0-9A-Z]{4}-[0-9A-Z]{4}", flat(download(page.pdf_download)))
    assert again and again != numbers[0]            # one more entry: another statement


def test_a_statement_without_a_resident_says_what_to_do(services):
    page = PrintingPage(services=services, actor=WANGGE, document=STATEMENT)
    page.show_preview()
    [message] = page.feedback.objects
    assert message.alert_type == "warning" and "请输入姓名" in message.object


def test_the_picker_finds_only_residents_in_scope(services):
    page = PrintingPage(services=services, actor=WANGGE, document=STATEMENT)
    page.picker.query = "王秀英"
    assert services.people["王秀英"] not in page.picker.choice.options.values()
    page.picker.query = "丁德明"
    assert services.people["丁德明"] in page.picker.choice.options.values()


def test_subdistrict_staff_print_the_whole_subdistricts_honour_board(services):
    page = PrintingPage(services=services, actor=JIEDAO, document=HONOURS)
    page.community = WHOLE
    assert page.year == 2026
    text = flat(download(page.pdf_download))
    assert "古槐街道2026年度美德榜样" in text
    assert "丁德明" in text and "北门社区" in text and "张晓华" in text and "翰林街社区" in text
    assert "邻里守望员" in text and "最美志愿者" in text


def test_a_quarter_without_points_says_so_in_the_preview(services):
    page = PrintingPage(services=services, actor=BEIMEN)
    page.period = Period(2026, 2)
    page.show_preview()
    [message] = page.feedback.objects
    assert "北门社区在2026年第二季度没有积分记录" in message.object


def test_the_preview_is_the_document_in_an_iframe_and_png_downloads(services):
    page = PrintingPage(services=services, actor=BEIMEN, document=HONOURS)
    page.show_preview()
    assert page.preview.object.startswith("<iframe") and "丁德明" in page.preview.object
    assert "张晓华" not in page.preview.object
    assert download(page.png_download).startswith(b"\x89PNG\r\n\x1a\n")
    assert page.png_download.filename == "榜样光荣榜-北门社区-2026.png"


def test_only_the_documents_options_are_shown(services):
    page = PrintingPage(services=services, actor=BEIMEN)
    assert page.top_input.visible and not page.picker_box.visible
    assert list(page.size_choice.options) == ["A4 横向", "A3 横向"]
    page.document = STATEMENT
    assert page.picker_box.visible and not page.community_choice.visible


def test_the_preview_and_the_pdf_use_the_staff_edited_board(services):
    source = ('{% extends "layout/base.html" %}{% block body %}<h1>{{ subtitle }}（新版光荣榜）</h1>'
              '{% for section in sections %}{% for entry in section.entries %}{{ entry.name }} '
              '{% endfor %}{% endfor %}{% endblock %}')
    EditableTemplates(services.registry.store).save(
        "board", source, "admin", printer.context("board", KINDS["board"].sample()))
    page = PrintingPage(services=services, actor=BEIMEN)
    page.show_preview()
    assert "（新版光荣榜）" in page.preview.object
    text = flat(download(page.pdf_download))
    assert "（新版光荣榜）" in text and "丁德明" in text
