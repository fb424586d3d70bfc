"""Roster import: messy real-world rosters, dry runs, all-or-nothing, updates by key."""

import shutil

import pytest
from openpyxl import load_workbook

from meide.registry import ValidationError
from meide.registry.importer import import_roster
from meide.registry.spreadsheet import write_rows
from tests.registry_support import (FIXTURES, add_resident, fixed_roster, registry,  # noqa: F401
                                    valid_id)

MESSY = [FIXTURES / "messy_residents.xlsx", FIXTURES / "messy_residents.csv"]




@pytest.mark.parametrize("path", MESSY, ids=["xlsx", "csv"])
def test_a_dry_run_lists_every_problem_with_row_and_column(registry, path):
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    errors = [(p.row, p.column, p.field) for p in report.errors]
    assert errors == [(8, "身份证号（F列）", "id_number"), (10, "楼栋（G列）", "building")]
    assert "校验位" in report.errors[0].message and "9号楼" in report.errors[1].message
    assert [p.row for p in report.warnings] == [7, 12]          # the repeated row, the footer
    assert (report.rows, report.created, report.skipped) == (6, 3, 1)
    assert registry.residents.count() == 0


@pytest.mark.parametrize("path", MESSY, ids=["xlsx", "csv"])
def test_an_import_with_errors_writes_nothing(registry, path):
    audit_before = len(registry.audit.table)
    with pytest.raises(ValidationError) as caught:
        import_roster(registry, "residents", path, community="北门社区")
    assert len(caught.value.report.errors) == 2
    assert registry.residents.count() == 0 and registry.households.count() == 0
    assert len(registry.audit.table) == audit_before


def test_the_corrected_roster_imports_cleaned_up(registry, tmp_path):
    report = import_roster(registry, "residents", fixed_roster(tmp_path), community="北门社区")
    assert report.applied and (report.created, report.skipped) == (5, 1)
    zhang = registry.residents.named("张晓华")
    assert zhang["phone"] == "13812345678" and zhang["tags"] == ["党员", "志愿者"]
    assert zhang["address"] == "1号楼2单元301"
    child = registry.residents.named("刘子轩")
    assert child["minor"] and child["guardian"] == zhang.doc_id
    assert child["household"] == zhang["household"]
    assert registry.households.get(zhang["household"])["number"] == "BM-001"


def test_every_imported_record_is_audited(registry, tmp_path):
    import_roster(registry, "residents", fixed_roster(tmp_path), community="北门社区")
    zhang = registry.residents.named("张晓华")
    assert registry.audit.history("residents", zhang.doc_id)[0]["action"] == "import.create"
    summary = registry.audit.entries(action="import")[-1]
    assert summary["created"] == 5 and summary["note"] == "fixed.xlsx"


def test_importing_the_same_roster_again_updates_instead_of_duplicating(registry, tmp_path):
    path = fixed_roster(tmp_path)
    import_roster(registry, "residents", path, community="北门社区")
    again = import_roster(registry, "residents", path, community="北门社区")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    book = load_workbook(path)
    book.worksheets[0]["E6"] = book.worksheets[0]["E7"] = "13900000000"   # the row and its repeat
    book.save(path)
    changed = import_roster(registry, "residents", path, community="北门社区")
    assert (changed.created, changed.updated) == (0, 1)
    assert registry.residents.named("李秀英")["phone"] == "13900000000"
    assert registry.residents.count() == 5


def test_blank_cells_and_missing_columns_keep_stored_values(registry, tmp_path):
    number = valid_id("19600302", 123)
    add_resident(registry, id_number=number, tags="党员")
    path = tmp_path / "phones.csv"
    write_rows(path, ["姓名", "手机号", "楼栋", "门牌号", "单元"],
               [["张晓华", "13812345678", "1号楼", "301", "1"]])
    report = import_roster(registry, "residents", path, community="北门社区")
    assert report.unchanged == 1
    stored = registry.residents.named("张晓华")
    assert stored["id_number"] == number and stored["tags"] == ["党员"]


def test_two_different_rows_for_one_person_are_an_error(registry, tmp_path):
    path = tmp_path / "twice.csv"
    number = valid_id()
    write_rows(path, ["姓名", "身份证号", "楼栋", "门牌号"],
               [["张晓华", number, "1号楼", "301"], ["张晓华", number, "1号楼", "302"]])
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    assert [p.row for p in report.errors] == [3] and "第2行" in report.errors[0].message


def test_a_file_without_a_header_fails_clearly(registry, tmp_path):
    path = tmp_path / "nothing.csv"
    write_rows(path, ["甲", "乙"], [["1", "2"]])
    report = import_roster(registry, "residents", path, dry_run=True)
    assert "没有找到表头" in report.errors[0].message


def test_a_missing_required_column_is_named(registry, tmp_path):
    path = tmp_path / "no_room.csv"
    write_rows(path, ["姓名", "楼栋"], [["张晓华", "1号楼"]])
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    assert "缺少必填列“门牌号”" in report.errors[0].message


def test_rows_need_a_community_from_the_file_or_the_command(registry, tmp_path):
    path = tmp_path / "where.csv"
    write_rows(path, ["姓名", "性别", "楼栋", "门牌号"], [["张晓华", "男", "1号楼", "301"]])
    report = import_roster(registry, "residents", path, dry_run=True)
    assert report.errors[0].field == "community"


def test_numbers_excel_stored_as_numbers_are_explained(registry, tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["姓名", "性别", "身份证号", "楼栋", "门牌号"])
    book.active.append(["张晓华", "男", 370811196003021230, "1号楼", "301"])
    book.save(tmp_path / "numbers.xlsx")
    report = import_roster(registry, "residents", tmp_path / "numbers.xlsx",
                           community="北门社区", dry_run=True)
    assert "存成了数字" in report.errors[0].message


def test_unsupported_files_are_refused(registry, tmp_path):
    path = tmp_path / "old.xls"
    shutil.copy(FIXTURES / "messy_residents.csv", path)
    with pytest.raises(Exception, match="另存为 .xlsx"):
        import_roster(registry, "residents", path)


def test_households_import_and_take_a_head_later(registry, tmp_path):
    path = tmp_path / "households.csv"
    write_rows(path, ["户号", "社区", "楼栋", "单元", "门牌号", "户主"],
               [["BM-9", "北门社区", "2号楼", "1", "101", "张晓华"]])
    report = import_roster(registry, "households", path)
    assert report.created == 1 and "导入居民后" in report.warnings[0].message
    add_resident(registry, building="2号楼", room="101", household_number="BM-9")
    again = import_roster(registry, "households", path)
    assert again.updated == 1
    household = registry.households.list(number="BM-9")[0]
    assert registry.residents.get(household["head"])["name"] == "张晓华"


def test_merchants_import_by_licence_or_name(registry, tmp_path):
    path = tmp_path / "merchants.xlsx"
    write_rows(path, ["店名", "负责人", "联系电话", "类别", "网格"],
               [["老城粮油店", "李建国", "138 1234 5678", "超市便利", "第一网格"],
                ["北门理发店", "王强", "", "理发美容", "第九网格"]])
    report = import_roster(registry, "merchants", path, community="北门社区", dry_run=True)
    assert [(p.row, p.field) for p in report.errors] == [(3, "grid")]
    fixed = tmp_path / "merchants.csv"
    write_rows(fixed, ["店名", "负责人", "联系电话", "类别", "网格"],
               [["老城粮油店", "李建国", "138 1234 5678", "超市便利", "第一网格"]])
    assert import_roster(registry, "merchants", fixed, community="北门社区").created == 1
    assert import_roster(registry, "merchants", fixed, community="北门社区").unchanged == 1


def test_teams_import_one_member_per_row(registry, tmp_path):
    leader = add_resident(registry, name="张晓华")
    member = add_resident(registry, name="李秀英", phone="13912345678")
    path = tmp_path / "teams.csv"
    write_rows(path, ["服务队", "姓名", "手机号", "职务"],
               [["星火志愿服务队", "张晓华", "", "队长"], ["星火志愿服务队", "李秀英", "", "队员"],
                ["星火志愿服务队", "无此人", "", "队员"]])
    report = import_roster(registry, "teams", path, community="北门社区", dry_run=True)
    assert [(p.row, p.field) for p in report.errors] == [(4, "name")]
    write_rows(path, ["服务队", "姓名", "手机号", "职务"],
               [["星火志愿服务队", "张晓华", "", "队长"], ["星火志愿服务队", "李秀英", "", "队员"]])
    assert import_roster(registry, "teams", path, community="北门社区").created == 1
    team = registry.teams.named("星火志愿服务队")
    assert team["leader"] == leader and team["members"] == [leader, member]


def test_a_ten_thousand_row_roster_imports_end_to_end(registry, tmp_path):
    from meide.demo.people import write_roster
    path = tmp_path / "roster.xlsx"
    assert write_roster(registry, path, 10_000) == 10_000
    report = import_roster(registry, "residents", path)
    assert report.ok and report.created == 10_000
    assert registry.residents.count() == 10_000
    assert registry.search(registry.residents.get(5000)["name"])


# -- buildings named within an estate --------------------------------------------------------

HEADERS = ["姓名", "性别", "手机号", "楼栋", "单元", "门牌号"]


def _people(buildings):
    """One resident row per building label given, each a different person."""
    return [[f"居民{i}", "男", f"138{i:08d}", label, "1", str(100 + i)]
            for i, label in enumerate(buildings)]


def _two_estates(registry):
    beimen = registry.communities.named("北门社区").doc_id
    grid = registry.grids.list(None, community=beimen)[0].doc_id
    for estate in ("北门小区", "齐家苑"):
        registry.buildings.add(name="5号楼", estate=estate, community=beimen, grid=grid)


def test_a_building_two_estates_share_is_one_message_naming_both_and_every_row(registry,
                                                                                tmp_path):
    _two_estates(registry)
    path = tmp_path / "estates.xlsx"
    write_rows(path, HEADERS, _people(["5号楼"] * 150 + ["齐家苑5号楼"]))
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    [error] = report.errors
    assert error.message.startswith("‘5号楼’在北门社区有两处：北门小区5号楼、齐家苑5号楼，"
                                    "请在楼栋列写明小区")
    assert "第2–151行" in error.message and error.all_rows == tuple(range(2, 152))
    assert (error.row, error.column) == (2, "楼栋（D列）")
    assert report.created == 1 and report.rows == 151      # the row that named its estate


def test_each_distinct_unknown_building_is_one_message_with_its_rows(registry, tmp_path):
    path = tmp_path / "unknown.xlsx"
    write_rows(path, HEADERS, _people(["9号楼", "1号楼", "9号楼", "8号楼", "9栋"]))
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    messages = [p.message for p in report.errors]
    assert len(messages) == 2
    assert messages[0].startswith("楼栋“9号楼”在北门社区不存在（第2、4、6行，共3行）")
    assert messages[1].startswith("楼栋“8号楼”在北门社区不存在（第5行，共1行）")
    assert report.unknown_buildings == [(1, "9号楼"), (1, "8号楼")]


@pytest.mark.parametrize("rows, expected", [([3], "第3行"), ([3, 4, 5, 9], "第3–5、9行"),
                                            ([9, 3, 3, 10], "第3、9–10行")])
def test_rows_are_listed_with_runs_shortened(rows, expected):
    from meide.registry.import_places import row_list
    assert row_list(rows) == expected


def test_a_dry_run_creating_buildings_checks_as_if_they_existed_and_keeps_nothing(registry,
                                                                                  tmp_path):
    path = tmp_path / "new.xlsx"
    write_rows(path, HEADERS, _people(["9号楼", "9号楼"]))
    before = registry.buildings.count()
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True,
                           create_buildings=True)
    assert report.ok and report.created == 2 and report.new_buildings == [(1, "9号楼")]
    assert registry.buildings.count() == before and registry.residents.count() == 0


def test_an_import_creating_buildings_adds_them_with_the_residents(registry, tmp_path):
    path = tmp_path / "new.xlsx"
    write_rows(path, HEADERS, _people(["9号楼", "9号楼"]))
    report = import_roster(registry, "residents", path, community="北门社区",
                           create_buildings=True)
    assert report.applied and report.created == 2
    building = registry.buildings.named("9号楼")
    assert {r["building"] for r in registry.residents.list(None)} == {building.doc_id}


def test_an_import_creating_buildings_that_fails_keeps_no_building(registry, tmp_path):
    path = tmp_path / "new.xlsx"
    write_rows(path, HEADERS, _people(["9号楼"]) + [["", "男", "13800000000", "1号楼", "1", "1"]])
    before = registry.buildings.count()
    with pytest.raises(ValidationError):
        import_roster(registry, "residents", path, community="北门社区", create_buildings=True)
    assert registry.buildings.count() == before and registry.residents.count() == 0


# -- repeated rows ---------------------------------------------------------------------------

def test_a_repeated_row_is_a_duplicate_even_when_both_rows_are_wrong(registry, tmp_path):
    path = tmp_path / "twice.csv"
    bad = ["张晓华", "男", "13812345678", "9号楼", "1", "301"]
    write_rows(path, HEADERS, [bad, bad])
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    [repeat] = [p for p in report.problems if p.row == 3]
    assert repeat.level == "warning" and "与第2行完全相同" in repeat.message
    assert report.skipped == 1 and "第2行，共1行" in report.errors[0].message


def test_a_differing_row_for_the_same_person_is_an_error_beside_its_other_errors(registry,
                                                                                 tmp_path):
    path = tmp_path / "twice.csv"
    write_rows(path, HEADERS, [["张晓华", "男", "13812345678", "1号楼", "1", "301"],
                               ["张晓华", "未知", "13812345678", "1号楼", "1", "302"]])
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    messages = [p.message for p in report.errors if p.row == 3]
    assert any("与第2行是同一居民" in m for m in messages)
    assert any("性别" in m for m in messages)


def test_the_cli_creates_buildings_only_when_asked(tmp_path, capsys):
    from meide.cli import main
    from tests.registry_support import small_registry
    folder = tmp_path / "data"
    small_registry(folder).store.close()
    path = tmp_path / "new.csv"
    write_rows(path, ["社区"] + HEADERS, [["北门社区"] + row for row in _people(["9号楼"])])
    assert main(["import", "residents", str(path), "--data", str(folder)]) != 0
    assert "楼栋“9号楼”在北门社区不存在（第2行，共1行）" in capsys.readouterr().out
    assert main(["import", "residents", str(path), "--data", str(folder),
                 "--create-buildings"]) in (0, None)
    assert "已新建楼栋：北门社区9号楼" in capsys.readouterr().out


# -- a clean dry run's plan written as it is --------------------------------------------------

def test_an_import_after_a_clean_dry_run_writes_its_plan_without_checking_again(registry,
                                                                               tmp_path,
                                                                               monkeypatch):
    import meide.registry.importer as importer
    path = fixed_roster(tmp_path)
    checked = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    monkeypatch.setattr(importer, "read_rows", lambda path: pytest.fail("read again"))
    report = import_roster(registry, "residents", path, checked=checked)
    assert report.applied and (report.created, report.skipped) == (5, 1)
    assert registry.residents.named("刘子轩")["guardian"] == registry.residents.named(
        "张晓华").doc_id
    assert registry.audit.entries(action="import")[-1]["created"] == 5


def test_a_write_after_the_dry_run_makes_the_import_check_again(registry, tmp_path,
                                                                 monkeypatch):
    import meide.registry.importer as importer
    path = fixed_roster(tmp_path)
    checked = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    add_resident(registry, name="王芳", phone="13900000009", room="999")    # written since
    reads = []
    real = importer.read_rows
    monkeypatch.setattr(importer, "read_rows", lambda path: reads.append(path) or real(path))
    report = import_roster(registry, "residents", path, community="北门社区", checked=checked)
    assert reads and report.applied and report.created == 5
    assert registry.residents.count() == 6


@pytest.mark.parametrize("dry_run, total", [(True, 6), (False, 12)])
def test_progress_counts_the_rows_checked_then_written(registry, tmp_path, dry_run, total):
    seen = []
    import_roster(registry, "residents", fixed_roster(tmp_path), community="北门社区",
                  dry_run=dry_run, progress=lambda done, of: seen.append((done, of)))
    assert seen[-1] == (total, total) and {of for _, of in seen} == {total}
    assert [done for done, _ in seen] == list(range(1, total + 1))


def test_a_roster_handed_back_marked_imports_once_fixed_without_a_word_about_its_marks(
        registry, tmp_path):
    from meide.registry.import_marks import marked_roster
    path = tmp_path / "bad.xlsx"
    write_rows(path, HEADERS, [["王芳", "女", "2000", "1号楼", "1", "101"]])
    report = import_roster(registry, "residents", path, community="北门社区", dry_run=True)
    marked = tmp_path / "marked.xlsx"
    marked.write_bytes(marked_roster(path, report))
    book = load_workbook(marked)
    sheet = book.worksheets[0]
    assert sheet["G1"].value == "问题" and "手机号" in sheet["G2"].value
    assert sheet["C2"].fill.fgColor.rgb.endswith("F4B183")
    assert sheet["A2"].fill.fgColor.rgb.endswith("FDE9D9")
    sheet["C2"] = "13900000001"
    book.save(marked)
    again = import_roster(registry, "residents", marked, community="北门社区", dry_run=True)
    assert again.ok and not again.problems and again.created == 1
