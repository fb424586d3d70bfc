"""The uploaded roster handed back with its problems marked: bad rows and cells filled, and a
问题 column saying what to fix, so staff correct the file they have rather than a list."""

import io
from collections import defaultdict

from .spreadsheet import read_rows

PROBLEM_HEADER = "问题"
ROW_FILL, CELL_FILL, HINT_FILL = "FDE9D9", "F4B183", "FFF2CC"


def marks(report) -> dict:
    """row -> (column indexes of its bad cells, its messages, whether any is an error)."""
    found = defaultdict(lambda: [set(), [], False])
    for problem in report.problems:
        for row in problem.all_rows:
            mark = found[row]
            index = report.field_columns.get(problem.field)
            if index is not None and problem.level == "error":
                mark[0].add(index)
            mark[1].append(("提示：" if problem.level != "error" else "") + problem.message)
            mark[2] = mark[2] or problem.level == "error"
    return found


def marked_roster(path, report) -> bytes:
    """The roster at path as .xlsx with the report's problems marked, as bytes."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    rows = read_rows(path)
    width = max((len(values) for _, values in rows), default=0)
    found = marks(report)
    fills = {kind: PatternFill("solid", fgColor=color) for kind, color in
             (("row", ROW_FILL), ("cell", CELL_FILL), ("hint", HINT_FILL))}
    book = Workbook(write_only=True)
    sheet = book.create_sheet(report.source[:31] or "Sheet1")
    for number, values in rows:
        values = list(values) + [None] * (width - len(values))
        mark = found.get(number)
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
            cell.number_format = "@"
            if mark is not None:
                cell.fill = fills["cell" if index in mark[0] else "row" if mark[2] else "hint"]
            cells.append(cell)
        if number == report.header_row:
            last = WriteOnlyCell(sheet, value=PROBLEM_HEADER)
            last.font = Font(bold=True)
        else:
            last = WriteOnlyCell(sheet, value="；".join(mark[1]) if mark else "")
            if mark is not None:
                last.fill = fills["row" if mark[2] else "hint"]
        cells.append(last)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
