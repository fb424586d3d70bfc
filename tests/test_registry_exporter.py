"""Export: the import's columns, masked unless the role allows, scoped, and audited."""

import csv

import pytest
from openpyxl import load_workbook

from meide.registry.exporter import export_roster
from meide.registry.importer import import_roster
from tests.registry_support import add_resident, registry, valid_id  # noqa: F401

NUMBER = valid_id("19600302", 123)


@pytest.fixture
def staffed(registry):
    add_resident(registry, id_number=NUMBER, household_number="BM-001")
    add_resident(registry, name="王强", phone="13712345678", building="2号楼", gender="男")
    registry.staff.add("beimen", "李秀梅", "password-1", ["社区管理员"], "北门社区")
    registry.staff.add("wangge", "张晓东", "password-1", ["网格员"], "北门社区/第一网格")
    return registry


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_numbers_are_masked_for_roles_without_full_export(staffed, tmp_path):
    account = staffed.staff.by_username("wangge")
    result = export_roster(staffed.acting_as(account), "residents", tmp_path / "out.csv", account)
    rows = read_csv(tmp_path / "out.csv")
    assert result == {"rows": 1, "masked": True, "path": str(tmp_path / "out.csv")}
    assert rows[1][3] == "138****5678" and rows[1][4] == "3708**********" + NUMBER[-4:]


def test_administrators_export_full_numbers_within_their_scope(staffed, tmp_path):
    account = staffed.staff.by_username("beimen")
    export_roster(staffed.acting_as(account), "residents", tmp_path / "out.xlsx", account)
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["姓名", "性别", "出生日期", "手机号", "身份证号"]
    assert values[1][3] == "13812345678" and values[1][4] == NUMBER
    assert len(values) == 3


def test_every_export_is_audited_without_the_numbers(staffed, tmp_path):
    account = staffed.staff.by_username("beimen")
    export_roster(staffed.acting_as(account), "residents", tmp_path / "out.csv", account)
    entry = staffed.audit.entries(action="export")[-1]
    assert entry["actor"] == "beimen" and entry["rows"] == 2 and entry["masked"] is False
    assert entry["scope"] == "古槐街道/北门社区" and NUMBER not in str(entry)


def test_a_full_export_imports_back_unchanged(staffed, tmp_path):
    account = staffed.staff.by_username("beimen")
    export_roster(staffed, "residents", tmp_path / "out.xlsx", account)
    report = import_roster(staffed, "residents", tmp_path / "out.xlsx", dry_run=True)
    assert report.ok and report.unchanged == 2


def test_a_masked_export_cannot_be_imported_by_mistake(staffed, tmp_path):
    export_roster(staffed, "residents", tmp_path / "out.csv")
    report = import_roster(staffed, "residents", tmp_path / "out.csv", dry_run=True)
    assert "打码" in report.errors[0].message


@pytest.mark.parametrize("kind", ["households", "merchants", "teams"])
def test_other_kinds_export_in_their_import_columns(staffed, tmp_path, kind):
    staffed.teams.add(name="星火志愿服务队", community="北门社区",
                      leader=staffed.residents.named("张晓华").doc_id)
    export_roster(staffed, kind, tmp_path / f"{kind}.csv", staffed.staff.by_username("beimen"))
    assert import_roster(staffed, kind, tmp_path / f"{kind}.csv", dry_run=True).ok
