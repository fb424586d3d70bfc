"""Reading the first sheet of an .xlsx quickly: its XML parsed directly (expat), values as
openpyxl gives them in read-only, data-only mode; None when the file uses something this
reader does not handle (then openpyxl reads it)."""

import re
import zipfile
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_LETTERS = re.compile(r"[A-Z]+")


class Unsupported(Exception):
    """The sheet holds something only openpyxl reads right."""


def _parse(data: bytes, start, end=None, text=None):
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.Parse(data, True)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet(archive) -> str:
    """The path of the workbook's first sheet, from workbook.xml and its relationships."""
    first, targets = [], {}

    def sheet(tag, attrs):
        if _local(tag) == "sheet" and not first:
            first.append(attrs.get(f"{_REL}}}id") or attrs.get("r:id"))

    def relation(tag, attrs):
        if _local(tag) == "Relationship":
            targets[attrs.get("Id")] = attrs.get("Target", "")

    _parse(archive.read("xl/workbook.xml"), sheet)
    _parse(archive.read("xl/_rels/workbook.xml.rels"), relation)
    target = targets.get(first[0]) if first else None
    if not target:
        raise Unsupported("no sheet")
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _shared_strings(archive) -> list:
    try:
        data = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings, parts, state = [], [], {"in_t": False, "depth_rph": 0}

    def start(tag, attrs):
        name = _local(tag)
        if name == "si":
            parts.clear()
        elif name in ("rPh", "phoneticPr"):
            state["depth_rph"] += 1      # phonetic guides are not the cell's text
        elif name == "t" and not state["depth_rph"]:
            state["in_t"] = True

    def end(tag):
        name = _local(tag)
        if name == "si":
            strings.append("".join(parts))
        elif name in ("rPh", "phoneticPr"):
            state["depth_rph"] -= 1
        elif name == "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"]:
            parts.append(data)

    _parse(data, start, end, text)
    return strings


def _date_styles(archive) -> set:
    """Indexes of the cell formats (cellXfs) that show a number as a date or time."""
    try:
        data = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    custom, formats, state = {}, [], {"in_xfs": False}

    def start(tag, attrs):
        name = _local(tag)
        if name == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            state["in_xfs"] = True
        elif name == "xf" and state["in_xfs"]:
            formats.append(int(attrs.get("numFmtId", "0")))

    def end(tag):
        if _local(tag) == "cellXfs":
            state["in_xfs"] = False

    _parse(data, start, end)
    dated = set()
    for index, number in enumerate(formats):
        code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
        if is_date_format(code):
            dated.add(index)
    return dated


def read_first_sheet(path):
    """(rows as lists of values, the sheet's path in the archive); raises Unsupported."""
    with zipfile.ZipFile(path) as archive:
        sheet_path = _first_sheet(archive)
        strings = _shared_strings(archive)
        dated = _date_styles(archive)
        data = archive.read(sheet_path)
    rows: dict = {}
    # The cell being read: its type (t=), style (s=), the text of its <v> and of an inline
    # string's <t>, and which of them the parser is inside ("skip": a phonetic guide).
    cell = {"type": "n", "style": 0, "text": [], "inline": [], "in": None}
    state = {"row": 0, "col": 0}

    def start(tag, attrs):
        name = _local(tag)
        if name == "row":
            state["row"] = int(attrs["r"]) if "r" in attrs else state["row"] + 1
            state["col"] = 0
        elif name == "c":
            ref = attrs.get("r")
            state["col"] = (column_index_from_string(_LETTERS.match(ref).group())
                            if ref else state["col"] + 1)
            cell.update(type=attrs.get("t", "n"), style=int(attrs.get("s", "0")), text=[],
                        inline=[], **{"in": None})
        elif name == "v":
            cell["in"] = "v"
        elif name == "t" and cell["in"] != "skip":
            cell["in"] = "t"
        elif name == "f":
            cell["in"] = None
        elif name == "rPh":
            cell["in"] = "skip"

    def end(tag):
        name = _local(tag)
        if name in ("v", "t") and cell["in"] != "skip":
            cell["in"] = None
        elif name == "rPh":
            cell["in"] = None
        elif name == "c":
            value = _value(cell, strings, dated)
            if value is not None:
                row = rows.setdefault(state["row"], {})
                row[state["col"]] = value

    def text(data):
        if cell["in"] == "v":
            cell["text"].append(data)
        elif cell["in"] == "t":
            cell["inline"].append(data)

    _parse(data, start, end, text)
    last = max(rows, default=0)
    result = []
    for number in range(1, last + 1):
        cells = rows.get(number, {})
        width = max(cells, default=0)
        result.append([cells.get(col) for col in range(1, width + 1)])
    return result, sheet_path


def _value(cell, strings, dated):
    kind, raw = cell["type"], "".join(cell["text"])
    if kind == "inlineStr":
        return "".join(cell["inline"]) or None     # an empty inline string reads as blank
    if raw == "":
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw not in ("0", "false")
    if kind == "d":
        raise Unsupported("ISO date cell")
    number = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
    if cell["style"] in dated:
        return from_excel(number)
    return number
