"""Entries: compact stored documents, the Entry value and idempotency fingerprints."""

import pytest

from meide.points import Entry, InvalidRequest
from meide.points.entries import clean_evidence, clean_text, new_doc, same_request


def _doc(**changes):
    return new_doc(**{"op": "award", "account": "resident:1", "kind": "resident",
                      "points": 3, "rule": "HELP", "version": 1, "quantity": 1, "reason": "r",
                      "actor": "a", "key": "k", "at": "2026-05-04T10:00:00.000000+08:00",
                      "community": None, "child": False, **changes})


def test_stored_documents_leave_out_empty_fields():
    doc = _doc()
    assert "community" not in doc and "child" not in doc


def test_an_entry_reads_its_document():
    entry = Entry.from_doc(5, {**_doc(evidence=["a.jpg"])})
    assert (entry.id, entry.points, entry.community, entry.evidence) == (5, 3, None, ("a.jpg",))
    assert entry.earns and entry.counts_at == entry.at and entry.op_label == "加分"


def test_a_reversal_counts_at_its_originals_time():
    entry = Entry.from_doc(6, _doc(op="reverse", points=-3, reverses=5, reversed_op="award",
                                   reversed_at="2026-04-01T10:00:00.000000+08:00",
                                   at="2026-06-01T10:00:00.000000+08:00"))
    assert entry.earns and entry.counts_at.month == 4
    redemption_reversal = Entry.from_doc(7, _doc(op="reverse", reversed_op="redeem"))
    assert not redemption_reversal.earns


def test_same_request_compares_what_the_operation_does():
    stored = _doc(source="deed:1")
    assert same_request(stored, {"op": "award", "account": "resident:1", "rule": "HELP",
                                 "quantity": 1.0, "source": "deed:1"})
    assert not same_request(stored, {"op": "award", "account": "resident:1", "rule": "HELP",
                                     "quantity": 2, "source": "deed:1"})
    assert not same_request(stored, {"op": "deduct", "account": "resident:1", "rule": "HELP",
                                     "quantity": 1, "source": "deed:1"})


def test_text_and_evidence_are_cleaned():
    assert clean_text("  x ", "事由", required=True) == "x"
    assert clean_text("", "来源", required=False) is None
    with pytest.raises(InvalidRequest, match="请填写事由"):
        clean_text(None, "事由", required=True)
    assert clean_evidence("a.jpg") == ["a.jpg"] and clean_evidence([]) is None
    with pytest.raises(InvalidRequest):
        clean_evidence([1, 2])
