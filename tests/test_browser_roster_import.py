"""A 社区管理员 imports a roster in the console: the check lists its problems paged, the roster
comes back with them marked, and the fixed roster imports after a clean check with its counts."""

import re
import shutil
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

import store
from meide.registry import Registry
from meide.registry.spreadsheet import write_rows

from .browser import alert, button, expect, open_entry, sign_in, table

pytestmark = pytest.mark.browser

BAD, GOOD = 60, 5            # rows with a wrong phone number, rows without a problem
HEADERS = ["姓名", "性别", "手机号", "楼栋", "单元", "门牌号"]


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    """The demo in a folder of its own: the import adds residents the other tests do not expect."""
    folder = tmp_path_factory.mktemp("roster-import") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    with serve_app(folder) as app:
        yield app


def a_building(app) -> dict:
    """A building of 北门社区 with its first stairwell, as the roster names it."""
    with app.read_store() as opened:
        registry = Registry(opened)
        community = registry.communities.named("北门社区").doc_id
        building = registry.buildings.list(None, community=community)[0]
        return {"name": building["name"], "unit": building["units"][0]}


def roster(path: Path, building: dict, marker: str) -> Path:
    rows = [[f"导入{marker}{i:03d}", "男" if i % 2 else "女",
             f"2{i:05d}" if i < BAD else f"139{i:08d}", building["name"], building["unit"],
             str(9000 + i)] for i in range(BAD + GOOD)]
    write_rows(path, HEADERS, rows)
    return path


def upload(page, path: Path):
    page.locator("input[type=file]").set_input_files(str(path))
    page.wait_for_timeout(500)          # the file's bytes reach the server


def test_a_roster_with_problems_is_checked_marked_fixed_and_imported(new_page, served_app,
                                                                     tmp_path):
    marker = uuid.uuid4().hex[:4]
    path = roster(tmp_path / "名册.xlsx", a_building(served_app), marker)
    officer = sign_in(new_page(), served_app, "beimen")
    open_entry(officer, "居民档案")
    upload(officer, path)
    expect(button(officer, "导入居民名册")).to_be_disabled()
    button(officer, "检查名册").click()
    expect(alert(officer, "danger")).to_contain_text(f"发现{BAD}处错误", timeout=60_000)

    # The problems, 50 to a page, by row and column in the CLI's words.
    problems = table(officer, "行")
    expect(problems.locator("tbody tr")).to_have_count(50)
    expect(problems).to_contain_text("手机号（C列）")
    expect(problems).to_contain_text("大陆手机号应为11位")
    expect(officer.get_by_text(f"共 {BAD} 处问题 · 第 1/2 页")).to_be_visible()
    button(officer, "下一页").last.click()          # the problems' pager, below the list's
    expect(problems.locator("tbody tr")).to_have_count(BAD - 50)
    expect(button(officer, "导入居民名册")).to_be_disabled()

    # The roster handed back marks each bad row and says what is wrong with it.
    with officer.expect_download() as info:
        button(officer, "下载标出问题的名册（.xlsx）").click()
    book = load_workbook(BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "问题"
    for number in range(2, BAD + GOOD + 2):
        said = sheet.cell(number, len(header)).value or ""
        assert ("手机号" in said) == (number < BAD + 2), (number, said)
        if number < BAD + 2:
            assert sheet.cell(number, 3).fill.fgColor.rgb.endswith("F4B183")
            sheet.cell(number, 3).value = f"139{number:08d}"        # fixed in Excel
    fixed = tmp_path / "名册（已改）.xlsx"
    book.save(fixed)

    # Fixed, checked clean, imported: the counts, and no "finishing…" left behind.
    upload(officer, fixed)
    button(officer, "检查名册").click()
    expect(alert(officer, "success")).to_contain_text("试导入通过", timeout=60_000)
    expect(alert(officer, "success")).to_contain_text(f"将新增{BAD + GOOD}")
    button(officer, "导入居民名册").click()
    done = alert(officer, "success").filter(has_text="导入完成")
    expect(done).to_contain_text(f"已新增{BAD + GOOD}，已更新0，不变0", timeout=60_000)
    expect(officer.get_by_text(re.compile("正在收尾"))).to_have_count(0)
    expect(button(officer, "导入居民名册")).to_be_disabled()
    with served_app.read_store() as opened:
        names = [r["name"] for r in Registry(opened).residents.list(None)]
    assert sum(name.startswith(f"导入{marker}") for name in names) == BAD + GOOD
