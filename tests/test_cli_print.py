"""`meide print`: samples, statements and a community's quarterly board, written to files."""

import datetime as dt
import re

import pytest

import store
from meide.children.public_names import child_names, masked
from meide.engine import Engine
from meide import cli, clock
from meide.points import default_catalogue
from meide.registry import Registry
from meide.printing import printer
from meide.printing.documents import KINDS
from meide.names import split_surname
from meide.printing.stroke_order import stroke_count_order, strokes

from .printing_support import in_order, pdf_info, pdf_text
from .test_cli import meide


def test_print_has_help_and_a_data_option():
    result = meide("print", "board", "--help")
    assert result.returncode == 0 and "--data" in result.stdout and "--quarter" in result.stdout


@pytest.mark.parametrize("fmt", ["pdf", "png", "html"])
def test_print_sample_writes_the_format_asked_for(tmp_path, fmt):
    target = tmp_path / f"board.{fmt}"
    result = meide("print", "sample", "board", "--format", fmt, "-o", target, "--draft")
    assert result.returncode == 0, result.stderr
    content = target.read_bytes()
    assert content.startswith({"pdf": b"%PDF", "png": b"\x89PNG", "html": b"<!DOCTYPE"}[fmt])


def test_print_sample_uses_the_data_folders_edited_template(tmp_path):
    folder = tmp_path / "data"
    with Engine.open(folder) as engine:
        engine.templates.save("notice", '{% extends "layout/base.html" %}{% block body %}'
                              '<h1>{{ title }}（街道新版式）</h1>{% endblock %}', "admin",
                              printer.context("notice", KINDS["notice"].sample()))
    target = tmp_path / "notice.html"
    result = meide("print", "sample", "notice", "--data", folder, "--format", "html", "-o", target)
    assert result.returncode == 0, result.stderr
    assert "（街道新版式）" in target.read_text("utf-8")
    shipped = tmp_path / "shipped.html"
    assert meide("print", "sample", "notice", "--data", tmp_path / "empty", "--format", "html",
                 "-o", shipped).returncode == 0
    assert "（街道新版式）" not in shipped.read_text("utf-8")


def test_an_unknown_quarter_fails_in_one_line(tmp_path):
    result = meide("print", "board", "--data", tmp_path, "--community", "北门社区",
                   "--quarter", "2026Q5", "-o", tmp_path / "b.pdf")
    assert result.returncode == 1 and "2026Q3" in result.stderr


@pytest.fixture(scope="module")
def awarded(tmp_path_factory):
    """A demo folder where ten 北门社区 residents earned points in 2026Q3."""
    folder = tmp_path_factory.mktemp("print") / "data"
    assert meide("demo", "--data", folder, "--residents", 200, "--entries", 0).returncode == 0
    with store.open_store(folder) as opened, clock.frozen(dt.datetime(2026, 8, 3, 10, 0)):
        registry = Registry(opened, actor="test")
        communities = {c["name"]: str(c.doc_id) for c in registry.communities.list(None)}
        engine = Engine(opened)
        default_catalogue.install(engine.catalogue, communities=communities)
        services = engine.services
        beimen = registry.communities.resolve("北门社区", None).doc_id
        residents = [r for r in registry.residents.list(None, community=beimen)
                     if not r.get("minor")][:10]
        for resident in residents:
            services.ledger.award(services.account("resident", resident.doc_id), "NEIGHBOUR_HELP",
                                  reason="邻里互助", source="test:1", actor="staff:1",
                                  key=f"t:{resident.doc_id}")
        # As public paper shows them: an adult who shares a child's full name is masked too
        # (the children's names are masked wherever they appear, see meide.children).
        names = masked([resident["name"] for resident in residents], child_names(registry))
        first = residents[0].doc_id
    return folder, names, first


def test_the_board_of_a_community_for_a_quarter_lists_its_residents_in_stroke_order(awarded,
                                                                                    tmp_path):
    folder, names, _ = awarded
    target = tmp_path / "board.pdf"
    assert cli.main(["print", "board", "--data", str(folder), "--community", "北门社区",
                     "--quarter", "2026Q3", "-o", str(target)]) == 0
    text = pdf_text(target.read_bytes())
    assert in_order(text, stroke_count_order(names))
    assert "北门社区2026年第三季度" in text and "2026年9月30日" in text


def test_the_demo_board_is_in_mainland_stroke_order_in_every_section(tmp_path):
    folder = tmp_path / "data"
    assert meide("demo", "--data", folder, "--residents", 300).returncode == 0
    target = tmp_path / "board.html"
    assert cli.main(["print", "board", "--data", str(folder), "--community", "北门社区",
                     "--quarter", "2026Q3", "--format", "html", "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    sections = re.findall(r"<h2>([^<]*)<span class=\"order\">（以姓氏笔画为序）.*?</h2>\s*"
                          r"<div class=\"names\">(.*?)</div>", html, re.S)
    assert len(sections) >= 3
    for _, cells in sections:
        names = re.findall(r"<b>([^<]+)</b>", cells)
        assert names == stroke_count_order(names)
        # Independently of the sort: surname stroke counts (first character) never go down.
        counts = [strokes()[split_surname(name)[0][0]][0] for name in names]
        assert counts == sorted(counts)


def test_a_residents_statement_masks_the_phone(awarded, tmp_path):
    folder, _, first = awarded
    target = tmp_path / "statement.pdf"
    assert cli.main(["print", "statement", "--data", str(folder), "--resident", str(first),
                     "-o", str(target)]) == 0
    pdf = target.read_bytes()
    text = pdf_text(pdf)
    assert "积分明细单" in text.replace(" ", "") and "邻里互助" in text and "****" in text
    assert pdf_info(pdf)["pages"] == 1


def test_a_quarters_star_certificates_are_one_pdf_with_a_page_each(awarded, tmp_path):
    folder, names, _ = awarded
    target = tmp_path / "certificates.pdf"
    assert cli.main(["print", "certificates", "--data", str(folder), "--community", "北门社区",
                     "--quarter", "2026Q3", "-o", str(target), "--draft"]) == 0
    pdf = target.read_bytes()
    assert pdf_info(pdf)["pages"] == len(names)
    text = pdf_text(pdf)
    assert all(name in text for name in names)
    # a draft is not issued: the placeholder, no number
    assert text.count("样张") == len(names) and "ZS-" not in text
    assert "北门社区居民委员会" in text and "草稿" in text


def test_printed_for_real_each_certificate_has_its_own_number_again_at_a_reprint(awarded,
                                                                                 tmp_path):
    folder, names, _ = awarded
    printed = []
    for attempt in range(2):
        target = tmp_path / f"certificates-{attempt}.pdf"
        assert cli.main(["print", "certificates", "--data", str(folder), "--community", "北门社区",
                         "--quarter", "2026Q3", "-o", str(target)]) == 0
        printed.append(re.findall(r"ZS-[0-9A-Z]{4}-[0-9A-Z]{4}", pdf_text(target.read_bytes())))
    assert len(set(printed[0])) == len(names) and printed[1] == printed[0]


def test_certificates_for_real_while_the_server_holds_the_folder_say_so_and_write_nothing(
        awarded, tmp_path, capsys):
    folder, names, _ = awarded
    target = tmp_path / "certificates.pdf"
    holder = store.open_store(folder)          # as a running `meide serve` holds it
    try:
        assert cli.main(["print", "certificates", "--data", str(folder), "--community",
                         "北门社区", "--quarter", "2026Q3", "-o", str(target)]) == 1
    finally:
        holder.close()
    said = capsys.readouterr().err
    assert "正在被另一个程序" in said and "meide serve" in said and "打印" in said
    assert not target.exists()


@pytest.mark.parametrize("arguments, message", [
    ([], "--quarter"), (["--quarter", "2026Q3"], "--community"),
    (["--year", "2026"], "2026年还没有评定的榜样")])
def test_certificates_asked_for_wrongly_say_what_to_give(awarded, tmp_path, arguments, message):
    folder, _, _ = awarded
    result = meide("print", "certificates", "--data", folder, "-o", tmp_path / "c.pdf",
                   *arguments)
    assert result.returncode != 0 and message in result.stderr
    assert not (tmp_path / "c.pdf").exists()
