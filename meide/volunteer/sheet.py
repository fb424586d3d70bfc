"""A paper sign-in sheet as typed lines or spreadsheet rows: name, a 4-digit tail and hours per row.

A typed line is `姓名 [后四位] 时长`, the parts separated by spaces, tabs or commas, e.g.
`张秀英 2`, `王伟 1234 1.5`, `李强 8:30-11:00` (signed in and out: 2.5 hours, rounded down to
half hours). Parsing checks only the row itself; the registry lookup is resolve.py's.
"""

import re
from dataclasses import dataclass, field
from fractions import Fraction

SEPARATORS = re.compile(r"[\s,，、;；]+")
TAIL = re.compile(r"^\d{3}[\dXx]$")
RANGE_SPACES = re.compile(r"(\d{1,2}[:：]\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}[:：]\d{2})")
HOURS = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:小时|个小时|h|H|hr|hrs)?$")
TIME_RANGE = re.compile(r"^(\d{1,2})[:：](\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2})[:：](\d{2})$")
# Spreadsheet headers staff write for each column (first match wins).
HEADERS = {
    "name": ("姓名", "名字", "志愿者"),
    "tail": ("手机号后四位", "手机尾号", "后四位", "身份证后四位", "证件后四位", "手机号"),
    "hours": ("时长", "服务时长", "小时", "时长(小时)", "时长（小时）"),
    "check_in": ("签到", "签到时间"),
    "check_out": ("签退", "签退时间"),
}


@dataclass
class SheetRow:
    """One row of a sign-in sheet as written, with what is wrong with it (Chinese, per row)."""

    number: int
    name: str = ""
    tail: str = ""
    hours: float | None = None
    times: tuple = ()                  # ("08:30", "11:00") when the row gave sign-in/out times
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def half_hours_between(start: str, end: str) -> Fraction:
    """Hours from HH:MM to HH:MM, rounded down to half hours (a sheet's check-in and out)."""
    (h1, m1), (h2, m2) = (map(int, t.split(":")) for t in (start, end))
    minutes = (h2 * 60 + m2) - (h1 * 60 + m1)
    return Fraction(minutes // 30, 2)


def check_hours(text: str, row: SheetRow):
    """Set row.hours from text like 2, 1.5, 2小时 or 8:30-11:00; else add the problem."""
    text = text.strip()
    span = TIME_RANGE.match(text)
    if span:
        h1, m1, h2, m2 = (int(g) for g in span.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            row.problems.append(f"时间“{text}”不对，请写成 8:30-11:00 这样的格式")
            return
        row.times = (f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}")
        hours = half_hours_between(*row.times)
        if hours <= 0:
            row.problems.append(f"签退时间早于签到时间或不足半小时（{text}），请核对")
            return
        row.hours = float(hours)
        return
    match = HOURS.match(text)
    if not match:
        row.problems.append(f"时长“{text}”不是小时数，请填写如 2 或 1.5（或签到签退时间 8:30-11:00）")
        return
    hours = Fraction(match.group(1))
    if hours <= 0:
        row.problems.append("时长必须大于 0 小时")
    elif (hours * 2).denominator != 1:
        row.problems.append(f"时长 {match.group(1)} 小时不是半小时的整数倍，请填写如 1.5 或 2")
    else:
        row.hours = float(hours)


def parse_line(number: int, line: str) -> SheetRow:
    """One typed line: 姓名 [后四位] 时长 (or 姓名 [后四位] 8:30-11:00)."""
    # "8:30 - 11:00" typed with spaces around the dash is one item, not three.
    line = RANGE_SPACES.sub(r"\1-\2", line.strip())
    line = re.sub(r"(\d)\s+(小时|个小时|h|H)(?=\s|$)", r"\1\2", line)
    parts = [p for p in SEPARATORS.split(line) if p]
    row = SheetRow(number)
    if len(parts) < 2:
        row.name = parts[0] if parts else ""
        row.problems.append("缺少时长：每行写“姓名 时长”，同名时加手机号或身份证后四位，"
                            "如“王伟 1234 2”")
        return row
    if len(parts) > 3:
        row.name = parts[0]
        row.problems.append(f"内容太多（{len(parts)}项）：每行只写“姓名 [后四位] 时长”三项")
        return row
    row.name = parts[0]
    if len(parts) == 3:
        row.tail = parts[1].upper()
        if not TAIL.match(row.tail):
            row.problems.append(f"“{parts[1]}”不是手机号或身份证后四位（应为4位数字，身份证末位可为X）")
    if re.fullmatch(r"[\dXx]+", row.name):
        row.problems.append(f"第一项应是姓名，这里是“{row.name}”")
    check_hours(parts[-1], row)
    return row


def parse_text(text: str) -> list:
    """Rows of a typed sheet; blank lines are skipped but keep the line numbers staff see."""
    return [parse_line(number, line) for number, line in enumerate((text or "").splitlines(), 1)
            if line.strip()]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "strftime"):
        return value.strftime("%H:%M")
    return str(value).strip()


def _columns(cells) -> dict:
    """{column kind: index} when cells look like a header row (it names 姓名 and hours/times)."""
    texts = [_cell(c).replace(" ", "") for c in cells]
    found = {}
    for kind, names in HEADERS.items():
        for name in names:
            for index, text in enumerate(texts):
                if index not in found.values() and (text == name or (
                        kind != "tail" and text.startswith(name))):
                    found.setdefault(kind, index)
    if "name" in found and ("hours" in found or {"check_in", "check_out"} <= set(found)):
        return found
    return {}


def parse_rows(rows) -> tuple:
    """(SheetRows, problems) of a spreadsheet's (row number, cells): the first row naming 姓名
    and 时长 (or 签到 and 签退) is the header; a title above it is skipped."""
    columns, parsed = {}, []
    for number, cells in rows:
        if not columns:
            columns = _columns(cells)
            continue
        values = {kind: _cell(cells[index]) if index < len(cells) else ""
                  for kind, index in columns.items()}
        if not any(values.values()):
            continue
        row = SheetRow(number, name=values.get("name", ""),
                       tail=values.get("tail", "")[-4:].upper())
        if not row.name:
            row.problems.append("缺少姓名")
        if row.tail and not TAIL.match(row.tail):
            row.problems.append(f"“{values['tail']}”不是手机号或身份证后四位")
        if values.get("hours"):
            check_hours(values["hours"], row)
        elif values.get("check_in") and values.get("check_out"):
            check_hours(f"{values['check_in']}-{values['check_out']}", row)
        else:
            row.problems.append("缺少时长（或签到、签退时间）")
        parsed.append(row)
    if not columns:
        return [], ["找不到表头：第一行请写“姓名、手机号后四位、时长(小时)”（或“签到、签退”）"]
    return parsed, []
