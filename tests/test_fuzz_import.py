"""Fuzzing roster import (xlsx/csv) with hostile and broken files: clear errors, no half-writes.

Whatever the file holds, import_roster either imports every row (the report has no errors) or
raises the registry's own error in Chinese: ValidationError with its problems for a readable
sheet, RegistryError for a file that cannot be read at all. A refused import, and every dry run,
leaves the store exactly as it was. HYPOTHESIS_PROFILE=full runs ten times the examples.
"""

import csv
import datetime as dt
import io
import os
import re
import zipfile
from itertools import count

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from meide.registry import RegistryError, ValidationError
from meide.registry.columns import KINDS
from meide.registry.exporter import export_roster
from meide.registry.importer import import_roster

from .registry_support import small_registry, valid_id

FULL = os.environ.get("HYPOTHESIS_PROFILE") == "full"
FUZZ = settings(max_examples=600 if FULL else 60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CJK = re.compile(r"[\u4e00-\u9fff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_files = count()

HOSTILE = [
    "", " ", "\u3000", "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil\",\"点我\")", "+1+1",
    "-2+3", "@SUM(A1)", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}", "'; DROP TABLE residents; --", "１３８１２３４５６７８", "１号楼", "３０１",
    "\u202e楼号1", "\ufeff姓名", "张\x00三", "李\x1b[31m四", "a" * 5000, "号" * 3000, "NaN",
    "1e309", "-0", "0x1F", "None", "null", "TRUE", "1号楼\n2号楼", "北门社区\t", "翰林街社区",
    "第九十九网格", "9号楼", "..\\..\\etc\\passwd", "%s%s%n", "😀👨‍👩‍👧", "\ud7ff",
]
VALID = ["张晓华", "李秀英", "王芳", "男", "女", "1960-03-02", "13812345678", "13912348888",
         "北门社区", "1号楼", "2号楼", "书香苑3号楼", "1", "2单元", "301", "302", "BM-001",
         "党员、志愿者", "第一网格", "便民超市", "刘店主", "星火志愿服务队", "队长", "队员",
         valid_id(), valid_id("19700101", 135)]
HEADERS = sorted({c.header for _, columns in KINDS.values() for c in columns}
                 | {s for _, columns in KINDS.values() for c in columns for s in c.synonyms}
                 | {"序号", "备注", "未知列", "", "姓名 ", "*姓名", "ＩＤ"})

cells = st.one_of(
    st.sampled_from(VALID), st.sampled_from(HOSTILE), st.none(), st.text(max_size=40),
    st.integers(min_value=-10**20, max_value=10**20), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates().map(str), st.datetimes().map(str))


@st.composite
def sheets(draw):
    """A header row (valid, duplicated, missing, extra names), title rows above, data below."""
    headers = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=12))
    width = max(len(headers), 1)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 2), max_size=8))
    titles = draw(st.lists(st.lists(cells, max_size=3), max_size=2))
    return titles + [headers] + rows


def write_xlsx(path, rows, sheet_first):
    book = Workbook()
    sheet = book.active
    if sheet_first:     # the roster on the second sheet: the importer reads the first
        sheet.append(["填写说明"])
        sheet = book.create_sheet("花名册")
    for row in rows:
        # openpyxl refuses control characters in cells; Excel files cannot hold them either.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                      for v in row])
    book.save(path)


def write_csv(path, rows, encoding, delimiter):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(text.getvalue().encode(encoding, errors="replace"))


@st.composite
def plausible_residents(draw):
    """A residents roster that could pass, with hostile text where free text is allowed."""
    names = st.builds(lambda a, b: a + b, st.sampled_from("张王李赵刘陈欧阳"),
                      st.text("晓华秀英芳军国强子轩", min_size=1, max_size=2))
    free = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30), st.none())
    born = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2005, 12, 31)).map(str)
    row = st.tuples(names, st.sampled_from(["男", "女"]), born,
                    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
                    st.sampled_from(["1号楼", "2号楼", "１号楼"]), st.sampled_from(["1", "2", None]),
                    st.from_regex(r"[1-6]0[1-4]", fullmatch=True), free, free)
    rows = draw(st.lists(row, min_size=1, max_size=6, unique_by=lambda r: r[0]))
    return [["姓名", "性别", "出生日期", "手机号", "楼栋", "单元", "门牌号", "标签", "户号"]] + [
        list(r) for r in rows]


BROKEN = ["xlsx, roster on sheet 2", "truncated xlsx", "bytes named .xlsx", "bytes named .csv",
          "zip without a sheet", "csv with NULs"]


@st.composite
def roster_files(draw, rows=sheets(), shapes=("xlsx", "csv", *BROKEN)):
    """(shape, writer of the file): sheets of rows as xlsx or csv, or broken files."""
    rows = draw(rows)
    shape = draw(st.sampled_from(shapes))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]
                                    if shape in BROKEN else ["utf-8", "utf-8-sig", "gb18030"]))
    delimiter = draw(st.sampled_from([",", "\t", ";"]))
    cut = draw(st.floats(min_value=0, max_value=1))
    junk = draw(st.binary(max_size=300))

    def write(folder):
        number = next(_files)
        suffix = ".csv" if "csv" in shape else ".xlsx"
        path = folder / f"roster-{number}{suffix}"
        if shape.startswith("xlsx"):
            write_xlsx(path, rows, sheet_first="sheet 2" in shape)
        elif shape == "truncated xlsx":
            write_xlsx(path, rows, sheet_first=False)
            data = path.read_bytes()
            path.write_bytes(data[:int(len(data) * cut)])
        elif shape.startswith("bytes"):
            path.write_bytes(junk)
        elif shape == "zip without a sheet":
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr("[Content_Types].xml", junk)
        else:
            write_csv(path, rows, encoding, delimiter)
            if shape == "csv with NULs":
                data = path.read_bytes()
                at = int(len(data) * cut)
                path.write_bytes(data[:at] + b"\x00\x00" + data[at:])
        return path

    return shape, write


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One small registry for all examples (each example compares the store before and after)."""
    folder = tmp_path_factory.mktemp("fuzz-import")
    registry = small_registry(folder / "data")
    yield registry, folder
    registry.store.close()


def contents(registry):
    return {name: {doc.doc_id: dict(doc) for doc in registry.store.table(name)}
            for name in sorted(registry.store.db.tables())}


def assert_clear(error):
    """A registry error staff can act on: Chinese text, and for a sheet, each problem located."""
    assert isinstance(error, RegistryError), repr(error)
    assert CJK.search(str(error)), str(error)
    if isinstance(error, ValidationError) and getattr(error, "report", None) is not None:
        assert error.report.errors
        for problem in error.report.errors:
            assert CJK.search(problem.message)
            if problem.field is not None:
                assert problem.row is not None, problem      # a cell's problem names its row


@FUZZ
@given(kind=st.sampled_from(["residents", "residents"] + sorted(KINDS)), roster=roster_files(),
       community=st.sampled_from([None, "北门社区", "翰林街社区"]))
def test_fuzzed_rosters_import_whole_or_are_refused_with_chinese_errors_and_write_nothing(
        shared, kind, roster, community):
    registry, folder = shared
    shape, write = roster
    path = write(folder)
    before = contents(registry)
    try:
        dry = import_roster(registry, kind, path, community=community, dry_run=True)
    except RegistryError as exc:
        assert_clear(exc)
        dry = None
    assert contents(registry) == before         # a dry run never writes
    try:
        report = import_roster(registry, kind, path, community=community)
    except RegistryError as exc:
        event(f"refused: {type(exc).__name__} ({shape})")
        assert_clear(exc)
        assert contents(registry) == before
        # The dry run saw the same problems (or the same unreadable file).
        assert dry is None or not dry.ok
        return
    written = "rows written" if report.created + report.updated else "no change"
    event(f"imported ({shape}, {written})")
    assert report.applied and report.ok and dry is not None and dry.ok
    assert (report.created, report.updated) == (dry.created, dry.updated)
    assert registry.store.check().ok
    if report.created or report.updated:
        assert contents(registry) != before
        assert registry.audit.entries(action="import")[-1]["note"] == path.name
    else:
        # Nothing to write: only the import's own audit entry was added.
        after = contents(registry)
        assert {name: docs for name, docs in after.items() if name != "audit"} == {
            name: docs for name, docs in before.items() if name != "audit"}


@settings(FUZZ, max_examples=300 if FULL else 30)     # each example exports the whole table
@given(roster=roster_files(plausible_residents(), ("xlsx", "csv")))
def test_hostile_text_in_a_valid_roster_imports_cleaned_and_exports_again(shared, roster):
    registry, folder = shared
    shape, write = roster
    path = write(folder)
    before = contents(registry)
    try:
        report = import_roster(registry, "residents", path, community="北门社区")
    except ValidationError as exc:
        event("refused")
        assert_clear(exc)
        assert contents(registry) == before
        return
    event("imported")
    assert report.ok and report.applied and registry.store.check().ok
    for doc in registry.residents.table:
        for value in [doc["name"], doc["household_number"] if "household_number" in doc else "",
                      *doc.get("tags", [])]:
            assert not CONTROL.search(str(value)), doc      # nothing Excel cannot hold
    # What was imported can be exported again, as .xlsx and .csv.
    for suffix in (".xlsx", ".csv"):
        export_roster(registry, "residents", folder / f"export-{next(_files)}{suffix}")


@FUZZ
@given(rows=sheets(), sheet_first=st.booleans())
def test_the_fast_xlsx_reader_reads_fuzzed_sheets_as_openpyxl_does(tmp_path_factory, rows,
                                                                    sheet_first):
    from meide.registry import spreadsheet
    from meide.registry.xlsx_fast import read_first_sheet
    path = tmp_path_factory.mktemp("fast") / f"sheet{next(_files)}.xlsx"
    write_xlsx(path, rows, sheet_first)
    fast, _sheet = read_first_sheet(path)
    slow, _merged = spreadsheet._read_with_openpyxl(path)

    def trimmed(table):
        table = [list(r) for r in table]
        for r in table:
            while r and r[-1] is None:
                r.pop()
        while table and not table[-1]:
            table.pop()
        return table

    def same(a, b):         # NaN equals NaN here
        return a == b or (isinstance(a, float) and isinstance(b, float) and a != a and b != b)

    fast, slow = trimmed(fast), trimmed(slow)
    assert len(fast) == len(slow)
    for mine, theirs in zip(fast, slow):
        assert len(mine) == len(theirs) and all(map(same, mine, theirs)), (mine, theirs)
