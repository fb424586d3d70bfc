"""What-if replay: balances and rankings under a draft catalogue, with nothing written."""

from meide.periods import Period
from meide.points import whatif
from tests.points_support import (ALICE, BOB, award, catalogue, frozen_clock, ledger,  # noqa: F401
                                  opened)

Q2 = Period(2026, 2).bounds


def test_replay_under_an_unchanged_draft_reproduces_the_ledger(ledger, catalogue):
    award(ledger, ALICE, quantity=2)
    ledger.redeem(ALICE, 2, reason="兑换", source="o", actor="s", key="o")
    result = whatif.replay(ledger, catalogue.draft())
    assert result.balances == ledger.totals.spendable
    assert result.changes() == [] and result.refused == []


def test_replay_rescores_with_the_draft_and_writes_nothing(ledger, catalogue, opened):
    award(ledger, ALICE, quantity=2)
    award(ledger, BOB)
    before = len(opened.table("ledger")), len(opened.table("rules"))
    draft = catalogue.draft()
    draft.change("NEIGHBOUR_HELP", points=5, day_cap=20)
    result = whatif.replay(ledger, draft)
    assert result.changes() == [
        {"account": ALICE.key, "actual": 6, "replayed": 10, "difference": 4},
        {"account": BOB.key, "actual": 3, "replayed": 5, "difference": 2}]
    ranking = result.ranking(*Q2, by="community", kind="resident")
    assert [(row.account, row.points) for row in ranking] == [(ALICE.key, 10), (BOB.key, 5)]
    assert (len(opened.table("ledger")), len(opened.table("rules"))) == before
    assert ledger.balance(ALICE.key) == 6


def test_replay_applies_the_drafts_caps_and_drops_reversals_of_refused_entries(ledger, catalogue):
    first = award(ledger, ALICE)
    second = award(ledger, ALICE)
    ledger.reverse(second, reason="x", actor="s", key="rv")
    draft = catalogue.draft()
    draft.change("NEIGHBOUR_HELP", day_cap=3)
    result = whatif.replay(ledger, draft)
    assert [entry_id for entry_id, _ in result.refused] == [second.id]
    assert result.balances == {ALICE.key: 3}
    assert first.id not in dict(result.refused)


def test_replay_notes_redemptions_the_draft_could_not_pay(ledger, catalogue):
    award(ledger, ALICE, quantity=2)
    ledger.redeem(ALICE, 6, reason="兑换", source="o", actor="s", key="o")
    draft = catalogue.draft()
    draft.change("NEIGHBOUR_HELP", points=1)
    result = whatif.replay(ledger, draft)
    assert result.overdrawn == {ALICE.key: -4}
    assert result.summary()["overdrawn"] == 1


def test_replay_can_keep_entries_outside_the_period_as_recorded(ledger, catalogue):
    award(ledger, ALICE)
    draft = catalogue.draft()
    draft.change("NEIGHBOUR_HELP", points=5, day_cap=20)
    outside = whatif.replay(ledger, draft, start="2026-07-01", end="2026-10-01")
    assert outside.balances == {ALICE.key: 3} and outside.rescored == 0


def test_historical_replay_uses_the_version_in_effect_at_each_entry(ledger, catalogue):
    award(ledger, ALICE)
    draft = catalogue.draft()
    draft.change("NEIGHBOUR_HELP", points=5, day_cap=20, effective_from="2026-06-01")
    assert whatif.replay(ledger, draft, historical=True).balances == {ALICE.key: 3}
    assert whatif.replay(ledger, draft).balances == {ALICE.key: 3}   # not in effect today
