"""组织架构 in a real browser: a 街道管理员 adds an estate and a building in 北门社区; the
社区管理员 of another community neither sees them nor can change them."""

import contextlib
import shutil

import pytest

import store
from meide.registry import Registry, Scope

from .browser import ACCOUNTS_FILE, alert, button, choose, expect, field, fill, open_entry, \
    received, sign_in

pytestmark = pytest.mark.browser

OFFICER, OFFICER_PASSWORD = "hanlin", "hanlin-officer-pw"


def add_officer(folder):
    """A 社区管理员 of 翰林街社区 (the demo has officers of 北门社区 only), listed with the demo
    accounts so the harness can sign them in."""
    with contextlib.closing(store.open_store(folder)) as opened:
        registry = Registry(opened)
        community = registry.communities.named("翰林街社区")
        registry.staff.add(OFFICER, "陈翰林", OFFICER_PASSWORD, ["社区管理员"],
                           Scope(community["subdistrict"], community.doc_id),
                           must_change_password=False)
    listed = (folder / ACCOUNTS_FILE).read_text("utf-8").rstrip("\n")
    (folder / ACCOUNTS_FILE).write_text(f"{listed}\n{OFFICER}\t社区管理员\t{OFFICER_PASSWORD}\n",
                                        "utf-8")


def test_an_estate_and_a_building_added_by_the_subdistrict_are_not_another_community_s(
        serve_app, demo_data, tmp_path, new_page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    add_officer(folder)
    with serve_app(folder) as app:
        admin = sign_in(new_page(), app, "jiedao")
        open_entry(admin, "组织架构")
        choose(admin, "添加", "小区")
        choose(admin, "社区", "北门社区")
        fill(admin, "名称", "东苑")
        button(admin, "添加").click()
        expect(alert(admin, "success")).to_contain_text("已添加")
        # The same estate again: refused, in words that say what is wrong.
        fill(admin, "名称", "东苑")
        button(admin, "添加").click()
        expect(alert(admin, "warning")).to_contain_text("小区“东苑”已存在")

        choose(admin, "添加", "楼栋")
        fill(admin, "名称", "1号楼")
        choose(admin, "所属小区（添加楼栋时）", "东苑")
        choose(admin, "所属网格（添加楼栋时）", "第一网格")
        fill(admin, "单元（添加楼栋时）", "1,2")
        button(admin, "添加").click()
        expect(alert(admin, "success")).to_contain_text("已添加")
        shown = admin.locator("tr").filter(
            has=admin.get_by_role("cell", name="东苑1号楼", exact=True))
        expect(shown).to_contain_text("1单元、2单元")
        assert not admin.meide_errors

        with app.read_store() as opened:
            registry = Registry(opened)
            building = registry.buildings.named("东苑1号楼")
            assert building["estate"] == "东苑" and building["units"] == ["1单元", "2单元"]
            assert registry.communities.get(building["community"])["name"] == "北门社区"
            written = {(e["table"], e["action"]) for e in registry.audit.entries(actor="jiedao")}
            assert {("estates", "create"), ("buildings", "create")} <= written

        officer_page = new_page()
        sent = received(officer_page)
        officer = sign_in(officer_page, app, OFFICER)
        open_entry(officer, "组织架构")
        expect(officer.get_by_role("heading", name="翰林街社区")).to_be_visible()
        expect(officer.get_by_role("heading", name="北门社区")).to_have_count(0)
        expect(officer.get_by_role("cell", name="书香苑1号楼", exact=True)).to_be_visible()
        expect(officer.get_by_role("cell", name="东苑1号楼", exact=True)).to_have_count(0)
        choose(officer, "类别", "楼栋")
        options = field(officer, "选择").locator("option").all_inner_texts()
        assert options and "东苑1号楼" not in options
        assert not any("东苑1号楼" in text for text in sent)
        # The only community the officer can pick is their own: adding lands there.
        community_options = field(officer, "社区").locator("option")
        expect(community_options).to_have_text(["翰林街社区"])
        assert not officer.meide_errors

        with app.read_store() as opened:
            registry = Registry(opened)
            assert registry.buildings.named("东苑1号楼")["community"] == building["community"]
            assert not registry.audit.entries(actor=OFFICER, action="create")
