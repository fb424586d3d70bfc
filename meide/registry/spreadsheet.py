"""Reading and writing .xlsx and .csv sheets as rows of cell values, as staff's files really are."""

import csv
import io
import re
import zipfile
from pathlib import Path

from .errors import RegistryError

SUFFIXES = (".xlsx", ".csv")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise RegistryError(f"不支持的文件类型“{path.suffix or path.name}”，请使用 .xlsx 或 .csv 文件"
                            "（.xls 请先用 Excel 另存为 .xlsx）")
    return suffix


def read_rows(path) -> list[tuple[int, list]]:
    """Every row of the first sheet as (row number as the spreadsheet shows it, cell values).

    Merged cells are filled with their top-left value, so a header merged over two rows or
    columns reads as the same text in each cell it covers.
    """
    path = Path(path)
    suffix = _suffix(path)
    if not path.is_file():
        raise RegistryError(f"找不到文件 {path}")
    return _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)


def _read_xlsx(path: Path):
    from .xlsx_fast import read_first_sheet
    try:
        # Parsed directly: four times faster than openpyxl on a 10,000-row roster.
        rows, sheet_path = read_first_sheet(path)
        merged = _merged_ranges(path, sheet_path)
    except Exception:  # noqa: BLE001  anything it does not handle, or a damaged file: openpyxl
        rows, merged = _read_with_openpyxl(path)
    return _filled(rows, merged)


def _read_with_openpyxl(path: Path):
    from openpyxl import load_workbook
    try:
        # Read-only mode parses large sheets about twice as fast, but it does not report merged
        # cells, so those are read from the sheet's XML directly.
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = [list(values) for values in sheet.iter_rows(values_only=True)]
        merged = _merged_ranges(path, getattr(sheet, "_worksheet_path", None))
        book.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise RegistryError(f"无法读取 Excel 文件 {path.name}：文件已损坏或不是 .xlsx 格式"
                            f"（{type(exc).__name__}）") from exc
    return rows, merged


def _filled(rows, merged):
    """Rows numbered from 1, each merged range filled with its top-left value."""
    for min_col, min_row, max_col, max_row in merged:
        if min_row > len(rows):
            continue
        top_left = rows[min_row - 1]
        value = top_left[min_col - 1] if min_col - 1 < len(top_left) else None
        for row in range(min_row, min(max_row, len(rows)) + 1):
            cells = rows[row - 1]
            cells.extend([None] * (max_col - len(cells)))
            for col in range(min_col, max_col + 1):
                cells[col - 1] = value
    return list(enumerate(rows, start=1))


def _merged_ranges(path: Path, sheet_path) -> list:
    """(min_col, min_row, max_col, max_row) of each merged range in the sheet."""
    from openpyxl.utils.cell import range_boundaries
    if not sheet_path:
        return []
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(sheet_path.lstrip("/"))
    return [range_boundaries(ref.decode()) for ref in
            re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml)]


def _read_csv(path: Path):
    data = path.read_bytes()
    # Excel on Chinese Windows saves CSV as GB18030/GBK; everything else sends UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RegistryError(f"无法识别 {path.name} 的文字编码，请另存为 UTF-8 或 .xlsx")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return [(number, row) for number, row in enumerate(reader, start=1)]


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def write_rows(path, headers: list, rows: list, *, title: str = "", sheet_name: str = "Sheet1",
               notes: list | None = None):
    """Write headers and rows to .xlsx (text-formatted cells, so numbers keep every digit) or .csv.

    notes, for .xlsx, go to a second sheet 填写说明 as (column, required, hint, example) rows.
    """
    path = Path(path)
    suffix = _suffix(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(headers)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
        return
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, len(headers)))
        sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.append(headers)
    header_row = sheet.max_row
    for col in range(1, len(headers) + 1):
        cell = sheet.cell(header_row, col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE9D9")
        letter = column_letter(col - 1)
        sheet.column_dimensions[letter].width = max(10, len(str(headers[col - 1])) * 2 + 4)
        sheet.column_dimensions[letter].number_format = "@"
    for row in rows:
        sheet.append(["" if v is None else str(v) for v in row])
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.number_format = "@"
    if notes:
        help_sheet = book.create_sheet("填写说明")
        help_sheet.append(["列名", "是否必填", "填写要求", "示例"])
        for note in notes:
            help_sheet.append(list(note))
        for letter, width in zip("ABCD", (12, 10, 48, 24)):
            help_sheet.column_dimensions[letter].width = width
    book.save(path)
