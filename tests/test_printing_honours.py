"""The role models' honour board: a year's honours by category, in stroke order, printed."""

import datetime as dt

import pytest

import store
from meide.engine import Engine
from meide import cli, clock
from meide.reports import printouts
from meide.kernel import Actor, catalog
from meide.points import default_catalogue
from meide.printing import honours, printer
from meide.registry import Registry
from workflows.role_model import CATEGORIES

from .printing_support import in_order, pdf_info, pdf_text
from .registry_support import add_resident, small_registry

NOMINATOR = Actor("grid1", "网格员甲", {"网格员"})
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"})
REVIEWERS = [Actor(f"rev{i}", f"评委{i}", {"评审委员"}) for i in range(3)]
PHONE = "13987654321"
# (name, community, category, story title), nominated in this order.
HONOURS = (("王秀英", "北门社区", "邻里守望员", "二十年义务打扫楼道"),
           ("丁德明", "北门社区", "邻里守望员", f"协助搬移鸽子窝，电话{PHONE}"),
           ("欧阳建国", "北门社区", "道德模范", "带头保护小区银杏树"),
           ("张晓华", "翰林街社区", "最美志愿者", "星火志愿服务队骨干"))


def honour(runner, registry, number, name, community, category, title):
    """Nominate a resident who earned the points asked for and carry the record to 公示."""
    resident = add_resident(registry, name=name, community=community, phone=f"1391234{number:04d}",
                            room=f"{number + 1}01")
    account = runner.services.account("resident", resident)
    for deed in range(2):
        runner.services.ledger.award(account, "GOOD_DEED", reason="好人好事", source="test:1",
                                     actor="officer1", key=f"earn:{resident}:{deed}")
    record = runner.start("role_model", NOMINATOR, {
        "nominee": resident, "category": category, "story_title": title, "story": "事迹属实。"})
    runner.apply("role_model", record.id, "check", OFFICER)
    for reviewer in REVIEWERS:
        runner.apply("role_model", record.id, "pass_review", reviewer)
    return record


@pytest.fixture(scope="module")
def honoured(tmp_path_factory):
    """A data folder where four role models were approved on 2026-10-15 (7 days of 公示), plus
    one nomination still in 公示; closed again, so the command line may open it."""
    folder = tmp_path_factory.mktemp("honours") / "data"
    registry = small_registry(folder)
    try:
        with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
            engine = Engine(registry.store)
            default_catalogue.install(engine.catalogue)
            runner = engine.runner
            for number, row in enumerate(HONOURS):
                honour(runner, registry, number, *row)
            clock.advance(days=7)
            assert len(runner.tick()) == len(HONOURS)
            honour(runner, registry, 9, "李明", "北门社区", "好婆婆", "尚在公示")
    finally:
        registry.store.close()
    return folder


@pytest.fixture
def opened(honoured):
    with store.open_store(honoured, readonly=True) as opened_store:
        yield Registry(opened_store, actor="test")


def test_only_the_years_honours_of_the_community_are_gathered(opened):
    beimen = opened.communities.resolve("北门社区", None).doc_id
    names = [entry["person_name"] for entry in honours.published(opened.store, 2026, beimen)]
    assert names == ["王秀英", "丁德明", "欧阳建国"]         # not 李明: still in 公示
    everyone = [entry["person_name"] for entry in honours.published(opened.store, 2026)]
    assert everyone == ["王秀英", "丁德明", "欧阳建国", "张晓华"]
    assert honours.published(opened.store, 2025) == []


def test_categories_follow_the_role_model_declaration():
    assert honours.category_order(catalog.all_workflows())[:len(CATEGORIES)] == list(CATEGORIES)


def test_sections_come_in_category_order_with_names_in_stroke_order(opened):
    beimen = opened.communities.resolve("北门社区", None)
    data = printouts.honours_board(opened, 2026, beimen)
    assert [section["title"] for section in data["sections"]] == ["道德模范", "邻里守望员"]
    assert data["subtitle"] == "北门社区2026年度美德榜样"
    assert data["office"] == "北门社区居民委员会"
    prepared = printer.context("board", data)
    # 丁 (2 strokes) before 王 (4), though 王秀英 was honoured first.
    assert [e["name"] for e in prepared["sections"][1]["entries"]] == ["丁德明", "王秀英"]
    assert prepared["sections"][1]["entries"][0]["citation"] == "协助搬移鸽子窝，电话139****4321"


def test_the_printed_board_shows_names_categories_and_citations_masked(opened):
    data = printouts.honours_board(opened, 2026, opened.communities.resolve("北门社区", None))
    pdf = printer.render("board", data, "pdf").content
    text = "".join(pdf_text(pdf).split())
    assert in_order(text, ["道德模范", "欧阳建国", "带头保护小区银杏树", "邻里守望员", "丁德明",
                           "王秀英", "二十年义务打扫楼道"])
    assert "139****4321" in text and PHONE not in text and "张晓华" not in text
    assert "2026年1月1日至2026年12月31日" in text
    info = pdf_info(pdf)
    assert info["pages"] == 1 and info["width_mm"] > info["height_mm"]     # A4 landscape


def test_the_subdistrict_board_names_each_honours_community(opened):
    data = printouts.honours_board(opened, 2026)
    assert data["subtitle"] == "古槐街道2026年度美德榜样"
    assert data["office"] == "古槐街道美德信用工作办公室"
    [volunteers] = [s for s in data["sections"] if s["title"] == "最美志愿者"]
    assert volunteers["entries"] == [{"name": "张晓华", "citation": "翰林街社区　星火志愿服务队骨干"}]


def test_a_year_without_honours_says_so(opened):
    with pytest.raises(ValueError, match="北门社区2025年还没有评定的榜样"):
        printouts.honours_board(opened, 2025, opened.communities.resolve("北门社区", None))


def test_meide_print_honours_writes_an_a3_board(honoured, tmp_path):
    target = tmp_path / "榜样光荣榜.pdf"
    assert cli.main(["print", "honours", "--data", str(honoured), "--community", "北门社区",
                     "--year", "2026", "--size", "A3-landscape", "-o", str(target)]) == 0
    pdf = target.read_bytes()
    text = "".join(pdf_text(pdf).split())
    assert "欧阳建国" in text and "邻里守望员" in text and "北门社区2026年度美德榜样" in text
    assert round(pdf_info(pdf)["width_mm"]) == 420


def test_meide_print_honours_of_an_empty_year_fails_in_one_line(honoured, tmp_path, capsys):
    assert cli.main(["print", "honours", "--data", str(honoured), "--year", "2024",
                     "-o", str(tmp_path / "b.pdf")]) == 1
    error = capsys.readouterr().err
    assert "古槐街道2024年还没有评定的榜样" in error and len(error.strip().splitlines()) == 1
