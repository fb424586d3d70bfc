"""Finding the header in a staff roster (title rows, two-row merged headers) and its data rows."""

from dataclasses import dataclass, field

from . import columns as columns_module
from . import normalize
from .spreadsheet import column_letter
from .validation import Problem

_SCAN_ROWS = 15


@dataclass
class Roster:
    """A sheet read as a roster: which column holds which field, and the data rows under it."""

    kind: str
    header_row: int = 0
    fields: dict = field(default_factory=dict)        # field -> (column index, header text)
    rows: list = field(default_factory=list)          # (row number, {field: raw value})
    problems: list = field(default_factory=list)

    def column_of(self, field_name: str) -> str | None:
        if field_name not in self.fields:
            return None
        index, header = self.fields[field_name]
        return f"{header}（{column_letter(index)}列）"


def _known(kind, value):
    return columns_module.match_header(kind, value)


def _score(kind, values) -> int:
    return len({c.field for c in (_known(kind, v) for v in values) if c is not None})


def parse(kind: str, sheet_rows: list) -> Roster:
    """Locate the header among the first rows and map each data row to fields."""
    roster = Roster(kind)
    rows = [(number, values) for number, values in sheet_rows]
    candidates = rows[:_SCAN_ROWS]
    best = max(range(len(candidates)), key=lambda i: _score(kind, candidates[i][1]), default=None)
    if best is None or _score(kind, candidates[best][1]) < 2:
        wanted = "、".join(c.header for c in columns_module.columns(kind) if c.required)
        roster.problems.append(Problem(f"没有找到表头：前{_SCAN_ROWS}行里应有“{wanted}”等列名，"
                                       "请检查是否选错了文件或工作表"))
        return roster
    header_number, header = candidates[best]
    below = candidates[best + 1][1] if best + 1 < len(candidates) else []
    above = candidates[best - 1][1] if best >= 1 else []
    below = below if _is_header_part(kind, below, header) else []
    above = above if _is_header_part(kind, above, header, group_labels=True) else []
    data_start = best + 2 if below else best + 1
    # A two-row header: a field named only in the row below (or above, where merged cells were
    # saved as blanks) still counts.
    for index in range(max(len(header), len(below), len(above))):
        cell, column = None, None
        for row in (header, below, above):
            if _known(kind, _at(row, index)) is not None:
                cell = _at(row, index)
                column = _known(kind, cell)
                break
        if column is None:
            text = normalize.text(_at(header, index)) or normalize.text(_at(below, index))
            if text and not columns_module.is_ignored(kind, text):
                roster.problems.append(Problem(f"未识别的列“{text}”，已忽略", row=header_number,
                                               column=f"{column_letter(index)}列", level="warning"))
            continue
        if column.field in roster.fields:
            roster.problems.append(Problem(f"“{column.header}”列出现了两次，只读取第一列",
                                           row=header_number, column=f"{column_letter(index)}列",
                                           level="warning"))
            continue
        roster.fields[column.field] = (index, normalize.text(cell))
    roster.header_row = header_number
    for column in columns_module.columns(kind):
        if column.required and column.field not in roster.fields and not (
                column.field == "community"):
            roster.problems.append(Problem(f"缺少必填列“{column.header}”", row=header_number))
    for number, values in rows[data_start:]:
        cells = {f: values[i] if i < len(values) else None for f, (i, _) in roster.fields.items()}
        filled = [normalize.text(v) for v in values if normalize.text(v)]
        if not filled:
            continue                                  # blank line
        if _is_note(filled, header):
            roster.problems.append(Problem(f"已忽略说明行“{filled[0][:20]}”", row=number,
                                           level="warning"))
            continue
        roster.rows.append((number, cells))
    return roster


def _is_note(filled: list, header: list) -> bool:
    """A footer like '制表人：张三' or '合计' rather than a person."""
    if len(filled) != 1:
        return False
    text = filled[0]
    return ("：" in text or ":" in text or text.startswith(("注", "备注", "合计", "说明"))
            or text in [normalize.text(h) for h in header])


def _at(values, index):
    return values[index] if index < len(values) else None


def _is_header_part(kind: str, values, header, group_labels: bool = False) -> bool:
    """Whether a row beside the header is the other half of a two-row header, not data.

    Every filled cell must be a known column name or repeat the header cell beside it (a
    merged cell), and at least one must be a known name. Above the header a cell may also be
    a group label such as 住址 over 楼栋/单元/门牌号 (data never sits above the header).
    """
    known = 0
    for index, value in enumerate(values):
        text = normalize.text(value)
        if not text:
            continue
        if _known(kind, text) is not None:
            known += 1
        elif text != normalize.text(_at(header, index)) and not (
                group_labels and _known(kind, _at(header, index)) is not None):
            return False
    return known > 0
