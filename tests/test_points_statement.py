"""The resident's statement (积分明细单) explains every point with a running balance."""

import datetime as dt

from meide import clock
from tests.points_support import (ALICE, award, catalogue, frozen_clock, ledger,  # noqa: F401
                                  opened)


def test_statement_lists_every_entry_with_rule_reason_source_and_balance(ledger):
    first = award(ledger, ALICE, quantity=2, reason="帮邻居搬家", source="deed:3")
    ledger.redeem(ALICE, 4, reason="兑换洗衣液", source="order:8", actor="超市", key="o")
    statement = ledger.statement(ALICE.key)
    assert [(l.op_label, l.rule_name, l.points, l.balance) for l in statement.lines] == [
        ("加分", "邻里互助", 6, 6), ("兑换", "积分兑换", -4, 2)]
    line = statement.lines[0]
    assert (line.entry_id, line.reason, line.source, line.rule_version, line.unit,
            line.catalogue_title) == (first.id, "帮邻居搬家", "deed:3", 1, "次", "街道积分规则")
    assert (statement.earned, statement.redeemed, statement.closing_balance) == (6, -4, 2)


def test_statement_names_the_rule_version_each_entry_was_made_under(ledger, catalogue):
    award(ledger, ALICE)
    catalogue.change("NEIGHBOUR_HELP", name="邻里互助(新)", points=4, day_cap=10)
    award(ledger, ALICE)
    lines = ledger.statement(ALICE.key).lines
    assert [(l.rule_name, l.rule_version, l.points) for l in lines] == [
        ("邻里互助", 1, 3), ("邻里互助(新)", 2, 4)]


def test_statement_for_a_period_starts_from_the_opening_balance(ledger):
    award(ledger, ALICE)
    with clock.frozen(dt.datetime(2026, 7, 3, 9)):
        award(ledger, ALICE, quantity=2)
    with clock.frozen(dt.datetime(2026, 10, 3, 9)):
        award(ledger, ALICE)
    statement = ledger.statement(ALICE.key, "2026-07-01", "2026-10-01")
    assert statement.opening_balance == 3
    assert [(l.points, l.balance) for l in statement.lines] == [(6, 9)]
    assert statement.closing_balance == 9


def test_statement_links_reversals_both_ways(ledger):
    entry = award(ledger, ALICE)
    reversal = ledger.reverse(entry, reason="申诉核实", actor="s", key="rv")
    lines = ledger.statement(ALICE.key).lines
    assert lines[0].reversed_by == reversal.id and lines[1].reverses == entry.id
    assert lines[1].op_label == "冲正" and lines[1].balance == 0
    assert ledger.statement(ALICE.key).earned == 0


def test_statement_is_plain_data_for_a_template(ledger):
    award(ledger, ALICE)
    data = ledger.statement(ALICE.key).asdict()
    assert data["account"] == ALICE.key and data["lines"][0]["points"] == 3
    assert data["catalogues"] == ("街道积分规则",)


def test_an_empty_account_has_an_empty_statement(ledger):
    statement = ledger.statement("resident:999")
    assert statement.lines == () and statement.closing_balance == 0
