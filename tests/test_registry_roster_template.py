"""Blank templates: the import's headers, text-formatted cells, and instructions."""

import csv

from openpyxl import load_workbook

from meide.registry.importer import import_roster
from meide.registry.roster_template import write_template
from tests.registry_support import registry  # noqa: F401


def test_the_xlsx_template_has_the_headers_and_instructions(tmp_path):
    headers = write_template("residents", tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    assert [c.value for c in book.worksheets[0][1]] == headers
    assert headers[:5] == ["姓名", "性别", "出生日期", "手机号", "身份证号"]
    notes = {row[0].value: row[1].value for row in book["填写说明"].iter_rows(min_row=2)}
    assert notes["姓名"] == "必填" and notes["手机号"] == "选填"


def test_the_csv_template_opens_in_excel_with_chinese_headers(tmp_path):
    write_template("merchants", tmp_path / "t.csv")
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")            # the BOM Excel needs for UTF-8
    with open(tmp_path / "t.csv", encoding="utf-8-sig") as handle:
        assert next(csv.reader(handle))[0] == "商户名称"


def test_a_filled_template_imports(registry, tmp_path):
    write_template("residents", tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    book.worksheets[0].append(["张晓华", "男", "1960-03-02", "13812345678", "", "北门社区", "1号楼",
                               "1", "301", "", "", ""])
    book.save(tmp_path / "t.xlsx")
    assert import_roster(registry, "residents", tmp_path / "t.xlsx").created == 1
