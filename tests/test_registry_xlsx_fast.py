"""The fast .xlsx reader gives what openpyxl gives, cell for cell, or steps aside."""

import datetime

import pytest
from openpyxl import Workbook

from meide.registry import spreadsheet
from meide.registry.xlsx_fast import read_first_sheet
from tests.registry_support import FIXTURES


def _trimmed(rows):
    out = []
    for values in rows:
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        out.append(values)
    while out and not out[-1]:
        out.pop()
    return out


def _by_openpyxl(path):
    rows, merged = spreadsheet._read_with_openpyxl(path)
    return _trimmed(rows), merged


def _awkward(path):
    """Numbers, dates, times, booleans, blanks, gaps, merged headers, a second sheet."""
    book = Workbook()
    sheet = book.active
    sheet.append(["居民名册（2024年）"])
    sheet.merge_cells("A1:E1")
    sheet.append(["姓名", "出生日期", "手机号", "身份证号", "党员"])
    sheet.append(["张晓华", datetime.date(1960, 3, 2), 13812345678, "370811196003021234", True])
    sheet.append(["李四", "1950/3/2", 1.3812345678e10, None, False])
    sheet.append([])
    sheet.append([None, None, "  138 1234 5678 ", 3.5, None])
    sheet["F9"] = datetime.datetime(2024, 5, 1, 8, 30)
    sheet["B9"] = "=1+1"
    book.create_sheet("填写说明").append(["别读我"])
    book.save(path)
    return path


@pytest.mark.parametrize("make", [lambda tmp: FIXTURES / "messy_residents.xlsx", _awkward,
                                  lambda tmp: _written(tmp)],
                         ids=["messy fixture", "awkward cells", "written roster"])
def test_the_fast_reader_reads_what_openpyxl_reads(tmp_path, make):
    path = make(tmp_path / "book.xlsx")
    rows, sheet_path = read_first_sheet(path)
    expected, merged = _by_openpyxl(path)
    assert _trimmed(rows) == expected
    assert spreadsheet._merged_ranges(path, sheet_path) == merged


def _written(path):
    spreadsheet.write_rows(path, ["姓名", "手机号"], [["王芳", "13900000001"], ["李强", ""]],
                           title="名册")
    return path


def test_a_file_it_cannot_read_falls_back_to_openpyxls_message(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(spreadsheet.RegistryError, match="无法读取 Excel 文件"):
        spreadsheet.read_rows(path)
