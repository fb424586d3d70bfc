"""Reading sheets as staff's files are: merged cells, encodings, title rows, footers."""

from openpyxl import Workbook

from meide.registry.roster import parse
from meide.registry.spreadsheet import column_letter, read_rows, write_rows
from tests.registry_support import FIXTURES


def test_merged_cells_read_as_their_top_left_value():
    rows = dict(read_rows(FIXTURES / "messy_residents.xlsx"))
    assert rows[1][0] == rows[1][11] == "古槐街道北门社区居民花名册（2024年）"
    assert rows[3][1] == "姓名" and rows[2][7] == "住址"


def test_gb18030_csv_is_read():
    rows = dict(read_rows(FIXTURES / "messy_residents.csv"))
    assert rows[2][1] == "姓名"


def test_a_two_row_header_under_a_title_is_found():
    for path in (FIXTURES / "messy_residents.xlsx", FIXTURES / "messy_residents.csv"):
        roster = parse("residents", read_rows(path))
        assert roster.column_of("room") == "门牌号（I列）" and roster.column_of("name") == "姓名（B列）"
        assert [number for number, _ in roster.rows] == [5, 6, 7, 8, 10, 11]


def test_header_synonyms_and_unknown_columns(tmp_path):
    write_rows(tmp_path / "r.csv", ["序号", "居民姓名", "联系电话", "房号", "楼号", "爱好"], [])
    roster = parse("residents", read_rows(tmp_path / "r.csv"))
    assert set(roster.fields) == {"name", "phone", "room", "building"}
    assert [str(p) for p in roster.problems] == ["第1行「F列」：提示：未识别的列“爱好”，已忽略"]


def test_written_xlsx_keeps_long_numbers_as_text(tmp_path):
    write_rows(tmp_path / "n.xlsx", ["身份证号"], [["370811196003021234"]], title="名册")
    rows = dict(read_rows(tmp_path / "n.xlsx"))
    assert rows[3][0] == "370811196003021234"


def test_rows_that_start_lower_in_the_sheet_keep_their_numbers(tmp_path):
    book = Workbook()
    book.active["B4"] = "姓名"
    book.active["C4"] = "门牌号"
    book.active["B5"] = "张三"
    book.save(tmp_path / "low.xlsx")
    roster = parse("residents", read_rows(tmp_path / "low.xlsx"))
    assert roster.header_row == 4 and roster.rows[0][0] == 5


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]
