"""Running totals: equal to a scan of the ledger, rebuilt on open, repaired after a rollback."""

import pytest

import store
from meide.points import Catalogue, Ledger
from meide.points.balances import RunningTotals, documents_in_order
from meide.points.ledger import TABLE
from tests.points_support import (ALICE, BOB, award, catalogue, frozen_clock, ledger,  # noqa: F401
                                  opened)


def _scanned(opened):
    balances = {}
    for doc in opened.table(TABLE):
        balances[doc["account"]] = balances.get(doc["account"], 0) + doc["points"]
    return {key: value for key, value in balances.items() if value}


def test_running_totals_equal_a_scan_of_the_ledger(ledger, opened):
    award(ledger, ALICE, quantity=2)
    award(ledger, BOB)
    ledger.redeem(ALICE, 4, reason="兑换", source="o", actor="s", key="o")
    assert ledger.totals.spendable == _scanned(opened)


def test_totals_undo_a_redemption_the_callers_transaction_rolled_back(ledger, opened):
    award(ledger, ALICE, quantity=2)
    with pytest.raises(ValueError):
        with opened.transaction():
            ledger.redeem(ALICE, 4, reason="兑换", source="o", actor="s", key="o")
            raise ValueError("库存不足")
    assert ledger.balance(ALICE.key) == 6
    assert ledger.totals.spendable == _scanned(opened)
    assert len(ledger.totals.columns) == 1


def test_totals_undo_an_inner_rollback_and_keep_the_outer_writes(ledger, opened):
    with opened.transaction():
        award(ledger, ALICE)
        with pytest.raises(ValueError):
            with opened.transaction():
                award(ledger, BOB)
                raise ValueError
        award(ledger, ALICE)
    assert ledger.balance(BOB.key) == 0 and ledger.balance(ALICE.key) == 6
    assert len(ledger.totals.columns) == 2


def test_a_second_ledger_on_the_same_store_stays_in_step_without_rebuilding(
        ledger, opened, catalogue, monkeypatch):
    other = Ledger(opened, catalogue)
    award(ledger, BOB)
    monkeypatch.setattr(RunningTotals, "rebuild", lambda *args: pytest.fail("rebuilt"))
    award(other, ALICE)
    award(other, ALICE)
    assert ledger.balance(ALICE.key) == 6
    award(ledger, BOB)
    assert other.balance(BOB.key) == 6
    assert ledger.totals.columns.sums() == other.totals.columns.sums()


def test_totals_rebuild_when_the_table_changes_unexpectedly(ledger, opened):
    award(ledger, ALICE)
    award(ledger, BOB)
    opened.table(TABLE).update({"points": 5}, doc_ids=[1])     # what the ledger never does
    opened.table(TABLE).insert({"op": "award", "account": ALICE.key, "kind": "resident",
                                "points": 1, "at": "2026-05-04T10:00:00.000000+08:00",
                                "key": "outside", "reason": "x", "actor": "x"})
    opened.table(TABLE).remove(doc_ids=[2])
    assert ledger.balance(ALICE.key) == 6 and ledger.balance(BOB.key) == 0


def test_totals_are_rebuilt_when_the_store_reopens(ledger, opened):
    award(ledger, ALICE, quantity=2)
    path = opened.path
    opened.close()
    with store.open_store(path) as again:
        reopened = Ledger(again, Catalogue(again))
        assert reopened.totals.spendable == {ALICE.key: 6}
        assert reopened.total("building:31") == 6


def test_rebuild_matches_applying_one_by_one(ledger, opened):
    entry = award(ledger, ALICE, quantity=2)
    award(ledger, BOB)
    ledger.reverse(entry, reason="x", actor="s", key="rv")
    rebuilt = RunningTotals(ledger.rollup)
    rebuilt.rebuild(opened.table(TABLE))
    for name in ("spendable", "earned", "rolled", "reversed_by", "count", "tail"):
        assert getattr(rebuilt, name) == getattr(ledger.totals, name)
    assert rebuilt.columns.sums() == ledger.totals.columns.sums()


def test_documents_in_order_reads_a_table_with_gaps(opened):
    table = opened.table("gappy")
    table.insert_multiple([{"key": str(n)} for n in range(4)])
    table.remove(doc_ids=[2])
    assert [doc_id for doc_id, _ in documents_in_order(table)] == [1, 3, 4]
