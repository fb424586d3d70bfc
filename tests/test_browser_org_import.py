"""In Chromium, the organisation and the roster together: a 街道管理员 adds an estate and a
building to 北门社区 on 组织架构, and its 社区管理员 imports a roster of residents into that
building after a dry run — a roster naming only "1号楼" is told which estates have one."""

import shutil
import uuid

import pytest

from meide.registry import Registry
from meide.registry.spreadsheet import write_rows

from .browser import alert, button, choose, expect, fill, open_entry, sign_in, table
from .test_browser_roster_import import HEADERS, upload

pytestmark = pytest.mark.browser

ESTATE, BUILDING, PEOPLE = "东苑", "1号楼", 6


def roster(path, building: str, marker: str):
    rows = [[f"东苑{marker}{i}", "女" if i % 2 else "男", f"139{i:04d}{i:04d}", building, "2单元",
             str(101 + i)] for i in range(PEOPLE)]
    write_rows(path, HEADERS, rows)
    return path


def test_the_subdistrict_adds_a_building_and_the_community_imports_its_residents(
        serve_app, demo_data, tmp_path, new_page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    with serve_app(folder) as app:
        admin = sign_in(new_page(), app, "jiedao")
        open_entry(admin, "组织架构")
        choose(admin, "添加", "小区")
        choose(admin, "社区", "北门社区")
        fill(admin, "名称", ESTATE)
        button(admin, "添加").click()
        expect(alert(admin, "success")).to_contain_text("已添加")
        choose(admin, "添加", "楼栋")
        fill(admin, "名称", BUILDING)
        choose(admin, "所属小区（添加楼栋时）", ESTATE)
        choose(admin, "所属网格（添加楼栋时）", "第一网格")
        fill(admin, "单元（添加楼栋时）", "1,2")
        button(admin, "添加").click()
        expect(alert(admin, "success")).to_contain_text("已添加")

        marker = uuid.uuid4().hex[:4]
        officer = sign_in(new_page(), app, "beimen")
        open_entry(officer, "居民档案")
        # "1号楼" alone: 北门社区 now has one in two estates, and the check says which.
        upload(officer, roster(tmp_path / "名册.xlsx", BUILDING, marker))
        button(officer, "检查名册").click()
        expect(alert(officer, "danger")).to_contain_text("发现1处错误", timeout=60_000)
        problem = table(officer, "行")          # one message for all six rows
        expect(problem.locator("tbody tr")).to_have_count(1)
        expect(problem).to_contain_text(f"‘{BUILDING}’在北门社区有两处")
        expect(problem).to_contain_text(f"{ESTATE}{BUILDING}")
        expect(button(officer, "导入居民名册")).to_be_disabled()

        upload(officer, roster(tmp_path / "名册（已改）.xlsx", ESTATE + BUILDING, marker))
        button(officer, "检查名册").click()
        expect(alert(officer, "success")).to_contain_text("试导入通过", timeout=60_000)
        button(officer, "导入居民名册").click()
        done = alert(officer, "success").filter(has_text="导入完成")
        expect(done).to_contain_text(f"已新增{PEOPLE}，已更新0，不变0", timeout=60_000)

        with app.read_store() as opened:
            registry = Registry(opened)
            building = registry.buildings.named(ESTATE + BUILDING)
            living = [r for r in registry.residents.list(None)
                      if r["name"].startswith(f"东苑{marker}")]
        assert len(living) == PEOPLE
        assert {r.get("building") for r in living} == {building.doc_id}
