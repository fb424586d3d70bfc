"""Refused attempts are audited: a forbidden transition, a start outside the scope, a record
outside the scope; the refused change itself leaves nothing behind."""

import pytest

from meide.audit import REFUSED, AuditLog
from meide.kernel import PermissionDenied, RecordNotFound

from .test_kernel_runner import (OFFICER, OTHER_COMMUNITY, WORKER, TrialServices,  # noqa: F401
                                 runner, submitted)


def refused(runner):
    return AuditLog(runner.store).entries(action=REFUSED)


def test_a_forbidden_transition_is_refused_audited_and_changes_nothing(runner):
    record = submitted(runner)
    with pytest.raises(PermissionDenied, match="需要以下角色之一：社区管理员"):
        runner.apply("test_nomination", record.id, "reject", WORKER, comment="不行")
    [entry] = refused(runner)
    assert (entry["actor"], entry["table"], entry["record"]) == ("grid1", "wf_test_nomination",
                                                                 record.id)
    assert entry["attempted"] == "apply" and entry["transition"] == "reject"
    assert "社区管理员" in entry["note"]
    assert runner.get("test_nomination", record.id, WORKER).state == "review"


def test_a_record_outside_the_scope_reads_as_not_found_and_is_audited(runner):
    record = submitted(runner)
    with pytest.raises(RecordNotFound, match="不在您的管辖范围内"):
        runner.get("test_nomination", record.id, OTHER_COMMUNITY)
    with pytest.raises(RecordNotFound):
        runner.apply("test_nomination", record.id, "reject", OTHER_COMMUNITY, comment="越权")
    assert [(e["actor"], e["attempted"]) for e in refused(runner)] == [
        ("officer9", "get"), ("officer9", "apply")]


def test_a_record_that_does_not_exist_is_not_a_refusal(runner):
    with pytest.raises(RecordNotFound):
        runner.get("test_nomination", 999, OFFICER)
    assert refused(runner) == []
