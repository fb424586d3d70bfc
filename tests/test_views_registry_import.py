"""Importing a resident roster on the registry page: check first, problems paged and marked in
the roster handed back, import only after a clean check, all or nothing, progress and counts."""

import threading
from io import BytesIO

from openpyxl import load_workbook

from meide.registry.spreadsheet import write_rows
from meide.views.registry_page import RegistryPage
from meide.views.roster_import import PROBLEMS_PER_PAGE

from .registry_support import FIXTURES, fixed_roster, registry  # noqa: F401  (fixture)

WAIT = 30.0
PASSWORD = "Meide-2026-test"
HEADERS = ["姓名", "性别", "手机号", "楼栋", "单元", "门牌号"]


def staff(registry, username, role, scope):  # noqa: F811
    registry.staff.add(username, username, PASSWORD, [role], scope)
    return registry.acting_as(username)


def officer_page(registry):  # noqa: F811
    page = RegistryPage(registry=staff(registry, "beimen", "社区管理员", "北门社区"))
    return page, page.roster_import


def uploaded(panel, path):
    """What a browser's file choice sets on the import's FileInput."""
    panel.upload.param.update(value=path.read_bytes(), filename=path.name)


def outcome(panel):
    assert panel.job.wait(WAIT)
    [shown] = panel.job.outcome.objects
    return shown


def test_a_clean_check_then_the_import_shows_the_counts_and_the_residents(registry, tmp_path):  # noqa: F811
    page, panel = officer_page(registry)
    assert page.import_box.visible and panel.import_button.disabled
    uploaded(panel, fixed_roster(tmp_path))
    assert panel.check()
    checked = outcome(panel)
    assert checked.alert_type == "success" and "试导入通过" in checked.object
    assert registry.residents.count() == 0 and not panel.import_button.disabled
    progress = []
    panel.job.param.watch(lambda event: progress.append((event.new, panel.job.total)), "done")
    panel.job.threaded = True
    assert panel.import_residents()
    done = outcome(panel)
    assert done.alert_type == "success" and "导入完成" in done.object
    assert "新增5" in done.object and "不变0" in done.object
    assert progress[-1] == (6, 6)        # the checked plan's 6 rows written
    assert panel.job.line.object == "" and panel.job.bar not in panel.job._layout.objects
    assert registry.residents.named("张晓华")["phone"] == "13812345678"
    assert page.rows()[1] == 5 and panel.import_button.disabled      # the list refreshed


def test_a_roster_with_errors_lists_each_problem_and_cannot_be_imported(registry):  # noqa: F811
    _page, panel = officer_page(registry)
    uploaded(panel, FIXTURES / "messy_residents.csv")
    panel.check()
    assert outcome(panel).alert_type == "danger"
    table = panel.problems.objects[0].object
    assert "<td class='meide-short'>8</td>" in table and "身份证号（F列）" in table
    assert "<td class='meide-short'>10</td>" in table and "9号楼" in table
    assert panel.import_button.disabled and panel.marked.visible
    assert not panel.import_residents()           # a forged click is refused on the server
    assert "请先检查名册" in panel.job.outcome.objects[0].object
    assert registry.residents.count() == 0


def _bad_roster(path, count):
    """count rows each with a different wrong phone number."""
    write_rows(path, HEADERS, [[f"居民{i}", "男", f"2{i:05d}", "1号楼", "1", str(100 + i)]
                               for i in range(count)])
    return path


def test_a_long_problem_list_is_paged(registry, tmp_path):  # noqa: F811
    _page, panel = officer_page(registry)
    uploaded(panel, _bad_roster(tmp_path / "bad.xlsx", 120))
    panel.check()
    outcome(panel)
    first = panel.problems.objects[0].object
    assert first.count("<tr>") - 1 == PROBLEMS_PER_PAGE
    assert panel.pager.status == "共 120 处问题 · 第 1/3 页"
    assert [(step, enabled) for step, _label, enabled in panel.pager.pager] == [(-1, False),
                                                                              (1, True)]
    panel.pager.turn(1)
    panel.pager.turn(1)
    last = panel.problems.objects[0].object
    assert last.count("<tr>") - 1 == 120 - 2 * PROBLEMS_PER_PAGE and last != first
    assert [enabled for _step, _label, enabled in panel.pager.pager] == [True, False]


def test_the_roster_handed_back_marks_the_bad_rows_and_cells(registry, tmp_path):  # noqa: F811
    _page, panel = officer_page(registry)
    uploaded(panel, FIXTURES / "messy_residents.xlsx")
    panel.check()
    outcome(panel)
    sheet = load_workbook(BytesIO(panel._marked().getvalue())).worksheets[0]
    header = [cell.value for cell in sheet[panel.report.header_row]]
    assert header[-1] == "问题"
    column = header.index(next(h for h in header if h and "身份证" in h)) + 1
    bad = sheet.cell(8, column)
    assert bad.fill.fgColor.rgb.endswith("F4B183")
    assert "校验位" in sheet.cell(8, len(header)).value
    assert sheet.cell(9, 1).fill.fgColor.rgb in ("00000000", None)    # a clean row: no fill
    assert "9号楼" in sheet.cell(10, len(header)).value


def test_a_new_file_after_a_clean_check_must_be_checked_again(registry, tmp_path):  # noqa: F811
    _page, panel = officer_page(registry)
    uploaded(panel, fixed_roster(tmp_path))
    panel.check()
    outcome(panel)
    assert not panel.import_button.disabled
    uploaded(panel, FIXTURES / "messy_residents.csv")
    assert panel.import_button.disabled and not panel.import_residents()


def test_unknown_buildings_are_created_only_after_ticking_and_checking_again(registry,
                                                                             tmp_path):  # noqa: F811
    _page, panel = officer_page(registry)
    path = tmp_path / "new.xlsx"
    write_rows(path, HEADERS, [["王芳", "女", "13900000001", "9号楼", "1", "101"],
                               ["李强", "男", "13900000002", "9号楼", "1", "102"]])
    uploaded(panel, path)
    panel.check()
    assert outcome(panel).alert_type == "danger"
    assert panel.create.visible and "北门社区9号楼" in panel.create.name
    panel.create.value = True
    assert panel.import_button.disabled                 # the choice needs a check of its own
    panel.check()
    assert outcome(panel).alert_type == "success"
    assert not registry.buildings.list(None, name="9号楼")   # the check kept nothing
    panel.import_residents()
    assert "新增2" in outcome(panel).object
    [building] = registry.buildings.list(None, name="9号楼")
    assert registry.residents.named("王芳")["building"] == building.doc_id


def test_a_second_import_while_one_runs_is_refused(registry, tmp_path, monkeypatch):  # noqa: F811
    _page, panel = officer_page(registry)
    uploaded(panel, fixed_roster(tmp_path))
    panel.check()
    outcome(panel)
    panel.job.threaded = True
    release = threading.Event()
    import meide.views.roster_import as module
    real = module.import_roster
    monkeypatch.setattr(module, "import_roster",
                        lambda *args, **kwargs: release.wait(WAIT) and real(*args, **kwargs))
    assert panel.import_residents()
    assert panel.import_button.disabled and panel.upload.disabled
    assert not panel.import_residents()
    [refusal] = panel.job.outcome.objects
    assert refusal.alert_type == "warning" and "还在进行" in refusal.object
    release.set()
    assert panel.job.wait(WAIT)
    assert registry.residents.count() == 5


def test_without_a_file_the_page_says_what_to_choose(registry):  # noqa: F811
    _page, panel = officer_page(registry)
    assert not panel.check()
    [message] = panel.job.outcome.objects
    assert "请先选择名册文件" in message.object


def test_a_grid_worker_is_not_offered_an_import(registry):  # noqa: F811
    page = RegistryPage(registry=staff(registry, "wangge", "网格员", "北门社区/第一网格"))
    panel = page.roster_import
    assert not page.import_box.visible
    uploaded_bytes = (FIXTURES / "messy_residents.csv").read_bytes()
    panel.upload.param.update(value=uploaded_bytes, filename="roster.csv")
    assert not panel.check()          # a forged click is refused on the server
    assert "只有街道管理员和社区管理员" in panel.job.outcome.objects[0].object


def test_the_blank_roster_offered_has_the_importers_columns_and_instructions():
    from meide.registry import columns
    from meide.views.roster_import import blank_roster

    book = load_workbook(BytesIO(blank_roster().getvalue()))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers == [column.header for column in columns.columns("residents")]
    assert "填写说明" in book.sheetnames
