"""Importing a resident roster on the registry page: all or nothing, problems by row, progress."""

import threading

from openpyxl import load_workbook

from meide.views.registry_page import RegistryPage

from .registry_support import FIXTURES, fixed_roster, registry  # noqa: F401  (fixture)

WAIT = 30.0
PASSWORD = "Meide-2026-test"


def staff(registry, username, role, scope):  # noqa: F811
    registry.staff.add(username, username, PASSWORD, [role], scope)
    return registry.acting_as(username)


def uploaded(page, path):
    """What a browser's file choice sets on the page's FileInput."""
    page.upload.param.update(value=path.read_bytes(), filename=path.name)




def test_a_community_officer_imports_a_roster_and_sees_residents(registry, tmp_path):  # noqa: F811
    page = RegistryPage(registry=staff(registry, "beimen", "社区管理员", "北门社区"))
    assert page.import_box.visible
    uploaded(page, fixed_roster(tmp_path))
    progress = []
    page.import_job.param.watch(lambda event: progress.append(event.new), "done")
    page.import_job.threaded = True
    assert page.import_residents()
    assert page.import_job.wait(WAIT)
    [outcome] = page.import_job.outcome.objects
    summary = outcome.objects[0]
    assert summary.alert_type == "success" and "导入完成" in summary.object
    assert "新增5" in summary.object
    assert progress and progress[-1] == 6          # each of the 6 rows was counted as checked
    assert registry.residents.named("张晓华")["phone"] == "13812345678"
    assert page.rows()[1] == 5 and not page.import_button.disabled      # the list refreshed


def test_a_roster_with_errors_imports_nothing_and_lists_each_problem_by_row(registry):  # noqa: F811
    page = RegistryPage(registry=staff(registry, "beimen", "社区管理员", "北门社区"))
    uploaded(page, FIXTURES / "messy_residents.csv")
    page.import_residents()
    assert page.import_job.wait(WAIT)
    [outcome] = page.import_job.outcome.objects
    summary, problems = outcome.objects
    assert summary.alert_type == "danger" and "发现2处错误（未写入任何数据）" in summary.object
    table = problems.object
    assert "<td class='meide-short'>8</td>" in table and "身份证号（F列）" in table
    assert "<td class='meide-short'>10</td>" in table and "9号楼" in table
    assert registry.residents.count() == 0


def test_a_second_import_while_one_runs_is_refused(registry, tmp_path, monkeypatch):  # noqa: F811
    page = RegistryPage(registry=staff(registry, "beimen", "社区管理员", "北门社区"))
    uploaded(page, fixed_roster(tmp_path))
    page.import_job.threaded = True
    release = threading.Event()
    import meide.views.registry_page as module
    real = module.import_roster
    monkeypatch.setattr(module, "import_roster",
                        lambda *args, **kwargs: release.wait(WAIT) and real(*args, **kwargs))
    assert page.import_residents()
    assert page.import_button.disabled and page.upload.disabled
    assert not page.import_residents()
    [refusal] = page.import_job.outcome.objects
    assert refusal.alert_type == "warning" and "还在进行" in refusal.object
    release.set()
    assert page.import_job.wait(WAIT)
    assert registry.residents.count() == 5


def test_without_a_file_the_page_says_what_to_choose(registry):  # noqa: F811
    page = RegistryPage(registry=staff(registry, "beimen", "社区管理员", "北门社区"))
    assert not page.import_residents()
    [message] = page.import_job.outcome.objects
    assert "请先选择名册文件" in message.object


def test_a_grid_worker_is_not_offered_an_import(registry):  # noqa: F811
    page = RegistryPage(registry=staff(registry, "wangge", "网格员", "北门社区/第一网格"))
    assert not page.import_box.visible
    uploaded_bytes = (FIXTURES / "messy_residents.csv").read_bytes()
    page.upload.param.update(value=uploaded_bytes, filename="roster.csv")
    assert not page.import_residents()          # a forged click is refused on the server
    assert "只有街道管理员和社区管理员" in page.import_job.outcome.objects[0].object


def test_the_blank_roster_offered_has_the_importers_columns_and_instructions():
    from io import BytesIO

    from meide.registry import columns
    from meide.views.registry_page import blank_roster

    book = load_workbook(BytesIO(blank_roster().getvalue()))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers == [column.header for column in columns.columns("residents")]
    assert "填写说明" in book.sheetnames
