"""`meide org`: the organisation tree changed from the command line, checked and audited."""

import pytest

import store
from tests.test_cli import meide


@pytest.fixture
def folder(tmp_path):
    """A data folder from `meide init` with two communities and an administrator."""
    (tmp_path / "pw").write_text("a strong password\n")
    data = tmp_path / "data"
    result = meide("init", "--data", data, "--password-file", tmp_path / "pw",
                   "--community", "北门社区", "--community", "翰林街社区")
    assert result.returncode == 0, result.stderr
    return data


def org(folder, *args):
    return meide("org", *args, "--data", folder)


def test_org_has_help_and_a_data_option():
    for action in ("add", "rename", "retire", "list", "set-worker", "set-leader"):
        result = meide("org", action, "--help")
        assert result.returncode == 0 and "--data" in result.stdout


def test_a_grid_an_estate_and_buildings_are_added_and_listed(folder):
    assert org(folder, "add", "grid", "第一网格", "--community", "北门社区").returncode == 0
    for estate in ("北门小区", "齐家苑"):
        assert org(folder, "add", "estate", estate, "--community", "北门社区").returncode == 0
        added = org(folder, "add", "building", "1号楼", "--community", "北门社区",
                    "--grid", "第一网格", "--estate", estate, "--units", "1,2")
        assert added.returncode == 0, added.stderr
    listing = org(folder, "list").stdout
    assert "北门小区1号楼" in listing and "齐家苑1号楼" in listing and "1单元、2单元" in listing
    with store.open_store(folder, readonly=True) as opened:
        entries = [doc for doc in opened.table("audit").all() if doc.get("actor") == "cli"]
    assert {doc["table"] for doc in entries} >= {"grids", "estates", "buildings"}


def test_a_problem_is_one_line_naming_the_fix(folder):
    org(folder, "add", "grid", "第一网格", "--community", "北门社区")
    again = org(folder, "add", "grid", "第一网格", "--community", "北门社区")
    assert again.returncode == 1 and "网格“第一网格”已存在" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    missing = org(folder, "add", "building", "1号楼", "--community", "北门社区",
                  "--grid", "第一网格", "--estate", "东园")
    assert missing.returncode == 1 and "请先添加小区" in missing.stderr


def test_rename_and_retire(folder):
    org(folder, "add", "grid", "第一网格", "--community", "北门社区")
    org(folder, "add", "grid", "第二网格", "--community", "北门社区")
    org(folder, "add", "building", "3号楼", "--community", "北门社区", "--grid", "第一网格")
    renamed = org(folder, "rename", "building", "3号楼", "5号楼", "--community", "北门社区")
    assert renamed.returncode == 0 and "已改名为“5号楼”" in renamed.stdout
    blocked = org(folder, "retire", "grid", "第一网格", "--community", "北门社区")
    assert blocked.returncode == 1 and "请选择迁入的网格" in blocked.stderr
    moved = org(folder, "retire", "grid", "第一网格", "--community", "北门社区", "--to", "第二网格")
    assert moved.returncode == 0, moved.stderr
    listing = org(folder, "list", "--community", "北门社区").stdout
    assert "第一网格" not in listing and "5号楼\t第二网格" in listing


def test_a_community_officer_acts_only_in_their_community(folder, tmp_path):
    (tmp_path / "pw2").write_text("another password\n")
    meide("users", "add", "beimen", "--name", "赵主任", "--role", "社区管理员", "--scope",
          "北门社区", "--password-file", tmp_path / "pw2", "--data", folder)
    own = org(folder, "add", "estate", "北门小区", "--community", "北门社区", "--user", "beimen")
    assert own.returncode == 0, own.stderr
    other = org(folder, "add", "estate", "翰林苑", "--community", "翰林街社区", "--user", "beimen")
    assert other.returncode == 1 and "不存在" in other.stderr
    assert "翰林街社区" not in org(folder, "list", "--user", "beimen").stdout
