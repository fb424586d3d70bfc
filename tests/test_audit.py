"""The audit log: append-only entries with who, when, what; no passwords or full ID numbers."""

import datetime as dt

import pytest

import store
from meide import clock
from meide.audit import AuditLog
from meide.registry import ValidationError
from tests.registry_support import add_resident, registry, valid_id  # noqa: F401


@pytest.fixture
def log(tmp_path):
    opened = store.open_store(tmp_path / "data")
    yield AuditLog(opened)
    opened.close()


def test_an_entry_records_who_when_what_and_which_record(log):
    with clock.frozen(dt.datetime(2026, 3, 1, 9, 30)):
        entry_id = log.record("beimen", "update", "residents", 7, {"name": "张三"}, {"name": "张叁"})
    entry = log.table.get(doc_id=entry_id)
    assert entry["actor"] == "beimen" and entry["action"] == "update"
    assert entry["table"] == "residents" and entry["record"] == 7
    assert entry["at"].startswith("2026-03-01T09:30:00")
    assert entry["before"] == {"name": "张三"} and entry["after"] == {"name": "张叁"}


def test_only_changed_fields_are_summarised(log):
    entry_id = log.record("a", "update", "residents", 1, {"name": "张三", "room": "301"},
                          {"name": "张三", "room": "302"})
    entry = log.table.get(doc_id=entry_id)
    assert entry["before"] == {"room": "301"} and entry["after"] == {"room": "302"}


def test_passwords_and_full_id_numbers_never_reach_the_log(log):
    number = valid_id()
    log.record("a", "create", "staff", 1, None, {"username": "x", "password_hash": "$argon2id$..",
                                                 "id_number": number, "phone": "13812345678"})
    text = str(log.table.all())
    assert "argon2" not in text and number not in text and "13812345678" not in text


def test_entries_filter_by_table_record_actor_and_action(log):
    log.record("a", "create", "residents", 1, None, {"name": "x"})
    log.record("b", "update", "residents", 1, {"name": "x"}, {"name": "y"})
    log.record("a", "create", "merchants", 1, None, {"name": "z"})
    assert [e["action"] for e in log.history("residents", 1)] == ["create", "update"]
    assert len(log.entries(actor="a")) == 2
    assert len(log.entries(table="merchants", action="create")) == 1


def test_every_registry_change_is_audited_with_its_actor(registry):
    resident = add_resident(registry)
    registry.residents.update(resident, room="302")
    registry.residents.remove(resident, reason="搬离")
    actions = [e["action"] for e in registry.audit.history("residents", resident)]
    assert actions == ["create", "update", "delete"]
    assert all(e["actor"] == "system" for e in registry.audit.history("residents", resident))


def test_staff_changes_are_audited_under_the_acting_account(registry):
    registry.staff.add("beimen", "李秀梅", "password-1", ["社区管理员"], "北门社区")
    acting = registry.acting_as("beimen")
    resident = add_resident(acting)
    assert registry.audit.history("residents", resident)[0]["actor"] == "beimen"


def test_a_rejected_change_leaves_no_audit_entry(registry):
    before = len(registry.audit.table)
    with pytest.raises(ValidationError):
        add_resident(registry, phone="123")
    assert len(registry.audit.table) == before


def test_an_entry_rolls_back_with_its_change(registry):
    before = len(registry.audit.table)
    with pytest.raises(RuntimeError):
        with registry.transaction():
            add_resident(registry)
            raise RuntimeError("interrupted")
    assert len(registry.audit.table) == before and registry.residents.count() == 0
