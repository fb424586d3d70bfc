"""The 信用星级榜 poster: buildings grouped by star level, best first, on A4 or A3; listed by
`meide print sample`."""

import pytest

from meide.printing import printer
from meide.printing.documents import KINDS

from .printing_support import in_order, pdf_info, pdf_text
from .test_cli import meide


@pytest.fixture(scope="module")
def sample_text():
    return pdf_text(printer.sample("star_board").content)


def test_the_board_lists_buildings_by_star_level_then_score(sample_text):
    buildings = KINDS["star_board"].sample()["buildings"]
    expected = [row["building"] for row in sorted(buildings, key=lambda r: -r["score"])]
    assert in_order(sample_text, expected)
    text = sample_text.replace(" ", "")
    assert in_order(text, ["5星级楼道", "4星级楼道", "3星级楼道", "2星级楼道", "1星级楼道", "未达星级"])
    assert "最美楼栋流动牌：书香苑3号楼" in text and "2026年10月8日" in text and "未检查" in text


def test_rows_given_in_any_order_print_best_first():
    data = KINDS["star_board"].sample()
    data["buildings"] = list(reversed(data["buildings"]))
    text = pdf_text(printer.render("star_board", data).content)
    assert in_order(text, ["书香苑3号楼", "书香苑1号楼", "书香苑5号楼", "书香苑12号楼"])


@pytest.mark.parametrize("size, mm", [("A4", (210, 297)), ("A3-landscape", (420, 297))])
def test_the_board_prints_on_one_sheet_of_a4_or_a3(size, mm):
    info = pdf_info(printer.sample("star_board", size=size).content)
    assert info["pages"] == 1 and (round(info["width_mm"]), round(info["height_mm"])) == mm


def test_meide_print_sample_lists_and_prints_the_star_board(tmp_path):
    listed = meide("print", "sample", "--help")
    assert "star_board" in listed.stdout and "信用星级榜" in listed.stdout
    target = tmp_path / "星级榜.pdf"
    result = meide("print", "sample", "star_board", "--size", "A3-landscape", "-o", target)
    assert result.returncode == 0, result.stderr
    assert pdf_info(target.read_bytes())["pages"] == 1
