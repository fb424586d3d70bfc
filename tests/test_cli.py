"""The `meide` command, run for real in subprocesses on temporary folders."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.registry_support import FIXTURES

MEIDE = Path(sys.executable).parent / "meide"


def meide(*args, cwd=None, env=None):
    environment = {**os.environ, **(env or {})}
    environment.pop("MEIDE_DATA", None) if env is None else None
    return subprocess.run([str(MEIDE), *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=environment, stdin=subprocess.DEVNULL, timeout=300)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "data"
    result = meide("demo", "--data", folder, "--residents", 300)
    assert result.returncode == 0, result.stderr
    accounts = dict(line.split("\t")[::2] for line in
                    (folder / "DEMO-ACCOUNTS.txt").read_text("utf-8").splitlines()[1:])
    return folder, accounts, result.stdout


@pytest.mark.parametrize("command", ["init", "demo", "import", "export", "template", "users",
                                     "check", "backup", "restore", "serve", "tick",
                                     "workflows", "notebook", "goods"])
def test_every_subcommand_has_help_and_a_data_option(command):
    result = meide(command, "--help")
    assert result.returncode == 0 and "--data" in result.stdout


def test_demo_prints_one_account_per_role_with_its_password(demo):
    _, accounts, output = demo
    assert set(accounts) == {"jiedao", "beimen", "beimen2", "wangge", "louzhang", "chaoshi",
                             "pingshen", "pingshen2", "pingshen3"}
    assert all(password in output for password in accounts.values())


def test_init_creates_the_folder_and_its_administrator(tmp_path):
    (tmp_path / "pw").write_text("a strong password\n")
    result = meide("init", "--data", tmp_path / "data", "--password-file", tmp_path / "pw",
                   "--community", "北门社区")
    assert result.returncode == 0, result.stderr
    listing = meide("users", "list", "--data", tmp_path / "data")
    assert "admin" in listing.stdout and "街道管理员" in listing.stdout


def test_init_refuses_a_folder_with_data_in_one_line(tmp_path):
    (tmp_path / "pw").write_text("a strong password\n")
    meide("init", "--data", tmp_path / "data", "--password-file", tmp_path / "pw")
    again = meide("init", "--data", tmp_path / "data", "--password-file", tmp_path / "pw")
    assert again.returncode == 1 and len(again.stderr.strip().splitlines()) == 1
    assert "已有数据" in again.stderr


def test_init_without_a_terminal_needs_a_password_file(tmp_path):
    result = meide("init", "--data", tmp_path / "data")
    assert result.returncode == 1 and "--password-file" in result.stderr


def test_a_dry_run_of_the_messy_roster_lists_its_problems_and_exits_non_zero(demo):
    folder, _, _ = demo
    result = meide("import", "residents", FIXTURES / "messy_residents.xlsx", "--data", folder,
                   "--community", "北门社区", "--dry-run")
    assert result.returncode == 1
    assert "第8行「身份证号（F列）」" in result.stdout and "第10行「楼栋（G列）」" in result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "发现" in result.stderr


def test_export_masks_for_a_grid_worker_and_template_writes_headers(demo, tmp_path):
    folder, _, _ = demo
    result = meide("export", "residents", tmp_path / "out.csv", "--data", folder, "--user", "wangge")
    assert result.returncode == 0 and "已打码" in result.stdout
    assert "****" in (tmp_path / "out.csv").read_text("utf-8-sig")
    template = meide("template", "residents", tmp_path / "t.xlsx")
    assert template.returncode == 0 and (tmp_path / "t.xlsx").exists()


def test_import_then_reimport_updates_instead_of_duplicating(demo, tmp_path):
    folder, _, _ = demo
    meide("export", "merchants", tmp_path / "m.xlsx", "--data", folder, "--user", "jiedao")
    result = meide("import", "merchants", tmp_path / "m.xlsx", "--data", folder, "--user", "jiedao")
    assert result.returncode == 0, result.stderr
    assert "新增0" in result.stdout and "更新0" in result.stdout


def test_users_add_disable_reset_and_list(demo, tmp_path):
    folder, _, _ = demo
    (tmp_path / "pw").write_text("another password\n")
    added = meide("users", "add", "tietasi", "--name", "赵敏", "--role", "社区管理员",
                  "--scope", "铁塔寺社区", "--password-file", tmp_path / "pw", "--data", folder)
    assert added.returncode == 0, added.stderr
    assert meide("users", "disable", "tietasi", "--data", folder).returncode == 0
    assert "已停用" in meide("users", "list", "--data", folder).stdout
    reset = meide("users", "reset-password", "tietasi", "--generate", "--data", folder)
    assert reset.returncode == 0 and "密码已重置" in reset.stdout
    wrong = meide("users", "add", "x", "--name", "某", "--role", "网格员", "--scope", "铁塔寺社区",
                  "--generate", "--data", folder)
    assert wrong.returncode == 1 and len(wrong.stderr.strip().splitlines()) == 1


def test_check_backup_and_restore(demo, tmp_path):
    folder, _, _ = demo
    assert meide("check", "--data", folder).returncode == 0
    assert meide("backup", tmp_path / "copy", "--data", folder).returncode == 0
    target = tmp_path / "restored"
    assert meide("restore", tmp_path / "copy", "--data", target).returncode == 0
    assert "residents: 300" in meide("check", "--data", target).stdout


def test_data_folder_comes_from_the_environment(demo, tmp_path):
    folder, _, _ = demo
    result = meide("users", "list", env={"MEIDE_DATA": str(folder)}, cwd=tmp_path)
    assert "jiedao" in result.stdout


def test_an_unknown_user_fails_in_one_line(demo, tmp_path):
    folder, _, _ = demo
    result = meide("export", "residents", tmp_path / "o.csv", "--user", "nobody", "--data", folder)
    assert result.returncode == 1 and "nobody" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_tick_applies_due_stages_and_defers_to_a_running_server(demo):
    folder, _, _ = demo
    result = meide("tick", "--data", folder)
    assert result.returncode == 0 and "已处理 0 项" in result.stdout
    import store
    with store.open_store(folder):          # as the served app holds it
        result = meide("tick", "--data", folder)
    assert result.returncode == 0 and "自动处理" in result.stdout
