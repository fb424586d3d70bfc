"""The ledger: awards, deductions, redemptions and reversals, and the invariants that guard them."""

import pytest

import store
from meide import clock
from meide.points import (AlreadyReversed, EntryNotFound, EvidenceRequired, IdempotencyConflict,
                          InsufficientBalance, InvalidQuantity, InvalidRequest, NotReversible,
                          PointsError, ReviewRequired, RuleNotApplicable, RuleNotFound,
                          WrongDirection)
from meide.points.ledger import TABLE
from tests.points_support import (ALICE, BOB, CHILD, DAVE, SHOP, award, catalogue,  # noqa: F401
                                  frozen_clock, ledger, opened, reopen)


def test_award_records_who_why_which_rule_version_and_where(ledger):
    entry = ledger.award(ALICE, "NEIGHBOUR_HELP", reason="帮邻居搬家", source="deed:9",
                         actor="staff:2", key="k1")
    assert (entry.op, entry.points, entry.rule, entry.version) == ("award", 3, "NEIGHBOUR_HELP", 1)
    assert (entry.account, entry.community, entry.grid, entry.household, entry.building) == (
        "resident:1", "2", "21", "201", "31")
    assert (entry.reason, entry.source, entry.actor, entry.key) == (
        "帮邻居搬家", "deed:9", "staff:2", "k1")
    assert entry.at == clock.now()
    assert ledger.balance("resident:1") == 3


def test_per_hour_rule_multiplies_hours_and_rounds_half_up(ledger, catalogue):
    catalogue.change("VOLUNTEER_HOUR", points=3)
    entry = award(ledger, ALICE, "VOLUNTEER_HOUR", quantity=1.5)
    assert entry.points == 5 and entry.quantity == 1.5


def test_per_hour_rule_refuses_quarter_hours(ledger):
    with pytest.raises(InvalidQuantity, match="半小时"):
        award(ledger, ALICE, "VOLUNTEER_HOUR", quantity=1.25)


def test_per_event_rule_refuses_fractions_and_non_positive_counts(ledger):
    for quantity in (1.5, 0, -2, "3"):
        with pytest.raises(InvalidQuantity):
            award(ledger, ALICE, quantity=quantity)


def test_same_key_twice_returns_the_first_entry_without_a_second_effect(ledger):
    first = award(ledger, ALICE, key="double-click")
    second = award(ledger, ALICE, key="double-click")
    assert second == first
    assert ledger.balance(ALICE.key) == 3
    assert len(ledger.history(ALICE.key)) == 1


def test_same_key_for_a_different_request_is_a_conflict(ledger):
    award(ledger, ALICE, key="k")
    with pytest.raises(IdempotencyConflict, match="操作编号「k」"):
        award(ledger, BOB, key="k")
    with pytest.raises(IdempotencyConflict):
        ledger.redeem(ALICE, 1, reason="兑换", source="order:1", actor="s", key="k")


def test_retry_after_a_rule_change_still_returns_the_first_entry(ledger, catalogue):
    first = award(ledger, ALICE, key="retry")
    catalogue.change("NEIGHBOUR_HELP", points=9, day_cap=20)
    assert award(ledger, ALICE, key="retry") == first


def test_deduct_takes_points_with_a_deduction_rule(ledger):
    award(ledger, ALICE, quantity=2)
    entry = ledger.deduct(ALICE, "COVENANT_CLUTTER", reason="楼道堆物", actor="楼长", key="d1",
                          evidence="photo.jpg")
    assert entry.points == -3          # 翰林街社区's own version: -3 instead of -2
    assert entry.catalogue == "community:2"
    assert ledger.balance(ALICE.key) == 3


def test_award_and_deduct_refuse_the_wrong_kind_of_rule(ledger):
    with pytest.raises(WrongDirection, match="扣分规则"):
        award(ledger, ALICE, "COVENANT_PET", evidence="p.jpg")
    with pytest.raises(WrongDirection, match="加分规则"):
        ledger.deduct(ALICE, "NEIGHBOUR_HELP", reason="x", actor="s", key="d")


def test_deduction_never_takes_a_balance_below_zero(ledger):
    award(ledger, ALICE)
    with pytest.raises(InsufficientBalance) as caught:
        ledger.deduct(ALICE, "COVENANT_CHARGING", reason="飞线充电", source="inspection:4",
                      actor="楼长", key="d", evidence="photo.jpg")
    assert (caught.value.balance, caught.value.needed) == (3, 5)
    assert "还差 2 分" in str(caught.value)
    assert ledger.balance(ALICE.key) == 3


def test_evidence_and_review_requirements_are_enforced(ledger):
    with pytest.raises(EvidenceRequired, match="佐证"):
        ledger.deduct(ALICE, "COVENANT_PET", reason="x", actor="s", key="e")
    with pytest.raises(ReviewRequired, match="审核"):
        ledger.award(ALICE, "GOOD_DEED", reason="x", actor="s", key="r")


def test_rule_must_apply_to_the_kind_of_account(ledger):
    with pytest.raises(RuleNotApplicable, match="家园小卫士"):
        award(ledger, ALICE, "GUARD_TIDY")
    assert award(ledger, CHILD, "GUARD_TIDY").points == 3    # 关帝庙社区 pays 3
    with pytest.raises(RuleNotApplicable):
        award(ledger, SHOP, "NEIGHBOUR_HELP")


def test_unknown_rule_suggests_a_close_code(ledger):
    with pytest.raises(RuleNotFound) as caught:
        award(ledger, ALICE, "NEIGHBOR_HELP")
    assert "NEIGHBOUR_HELP" in str(caught.value)


def test_award_needs_reason_actor_and_key(ledger):
    with pytest.raises(InvalidRequest, match="事由"):
        ledger.award(ALICE, "NEIGHBOUR_HELP", reason=" ", actor="s", key="k")
    with pytest.raises(InvalidRequest, match="经办人"):
        ledger.award(ALICE, "NEIGHBOUR_HELP", reason="x", actor="", key="k")
    with pytest.raises(InvalidRequest, match="操作编号"):
        ledger.award(ALICE, "NEIGHBOUR_HELP", reason="x", actor="s", key=None)
    with pytest.raises(InvalidRequest, match="Account"):
        ledger.award("resident:1", "NEIGHBOUR_HELP", reason="x", actor="s", key="k")


def test_redeem_spends_and_refuses_to_overdraw(ledger):
    award(ledger, ALICE, quantity=2)
    entry = ledger.redeem(ALICE.key, 4, reason="兑换洗衣液", source="order:1", actor="超市", key="o1")
    assert (entry.op, entry.points) == ("redeem", -4)
    with pytest.raises(InsufficientBalance):
        ledger.redeem(ALICE, 3, reason="兑换", source="order:2", actor="超市", key="o2")
    assert ledger.balance(ALICE.key) == 2


def test_redeem_commits_with_the_supermarkets_writes_or_not_at_all(ledger, opened):
    award(ledger, ALICE, quantity=2)
    stock = opened.table("stock")
    stock.insert({"item": "洗衣液", "left": 0})
    with pytest.raises(RuntimeError):
        with opened.transaction():
            ledger.redeem(ALICE, 4, reason="兑换", source="order:1", actor="超市", key="o1")
            assert ledger.balance(ALICE.key) == 2     # the transaction reads its own writes
            raise RuntimeError("库存不足")
    assert ledger.balance(ALICE.key) == 6
    assert len(opened.table(TABLE)) == 1
    with opened.transaction():
        ledger.redeem(ALICE, 4, reason="兑换", source="order:1", actor="超市", key="o1")
        stock.update({"left": 4}, store.where("item") == "洗衣液")
    assert ledger.balance(ALICE.key) == 2


def test_redeem_needs_a_positive_whole_number_of_points(ledger):
    for points in (0, -1, 1.5, True):
        with pytest.raises(InvalidRequest):
            ledger.redeem(ALICE, points, reason="x", source=None, actor="s", key="k")


def test_reverse_adds_an_opposite_entry_and_leaves_the_original(ledger):
    original = award(ledger, ALICE, quantity=2)
    reversal = ledger.reverse(original.id, reason="申诉核实：记错人", actor="staff:3", key="rv")
    assert (reversal.op, reversal.points, reversal.reverses) == ("reverse", -6, original.id)
    assert (reversal.rule, reversal.version, reversal.community) == ("NEIGHBOUR_HELP", 1, "2")
    assert ledger.entry(original.id) == original
    assert ledger.reversal_of(original.id) == reversal.id
    assert ledger.balance(ALICE.key) == 0


def test_an_entry_is_reversed_at_most_once(ledger):
    original = award(ledger, ALICE)
    ledger.reverse(original, reason="x", actor="s", key="rv1")
    with pytest.raises(AlreadyReversed, match="已被"):
        ledger.reverse(original, reason="x", actor="s", key="rv2")
    assert ledger.reverse(original, reason="x", actor="s", key="rv1").reverses == original.id


def test_a_reversal_cannot_be_reversed(ledger):
    reversal = ledger.reverse(award(ledger, ALICE), reason="x", actor="s", key="rv")
    with pytest.raises(NotReversible):
        ledger.reverse(reversal, reason="x", actor="s", key="rv2")


def test_reversing_an_award_already_spent_is_refused(ledger):
    original = award(ledger, ALICE, quantity=2)
    ledger.redeem(ALICE, 5, reason="兑换", source="order:1", actor="超市", key="o")
    with pytest.raises(InsufficientBalance):
        ledger.reverse(original, reason="x", actor="s", key="rv")


def test_reversing_a_redemption_refunds_it(ledger):
    award(ledger, ALICE, quantity=2)
    spent = ledger.redeem(ALICE, 5, reason="兑换", source="order:1", actor="超市", key="o")
    ledger.reverse(spent, reason="退货", actor="超市", key="refund")
    assert ledger.balance(ALICE.key) == 6


def test_reversing_an_unknown_entry_says_so(ledger):
    with pytest.raises(EntryNotFound, match="99"):
        ledger.reverse(99, reason="x", actor="s", key="k")


def test_entries_are_never_edited_only_appended(ledger, opened):
    entry = award(ledger, ALICE, quantity=2)
    before = dict(opened.table(TABLE).get(doc_id=entry.id))
    ledger.reverse(entry, reason="x", actor="s", key="rv")
    ledger.award(ALICE, "NEIGHBOUR_HELP", reason="again", actor="s", key="k2")
    assert dict(opened.table(TABLE).get(doc_id=entry.id)) == before
    assert len(opened.table(TABLE)) == 3


def test_past_entries_keep_the_rule_version_they_were_made_under(ledger, catalogue):
    old = award(ledger, DAVE)
    catalogue.change("NEIGHBOUR_HELP", points=4, day_cap=10)
    new = award(ledger, DAVE)
    assert (old.version, old.points) == (1, 3)
    assert (new.version, new.points) == (2, 4)
    assert ledger.entry(old.id).points == 3
    assert ledger.balance(DAVE.key) == 7


def test_community_catalogue_can_be_named_and_is_recorded(ledger):
    entry = award(ledger, DAVE, "GOOD_DEED")            # 北门社区 pays 6
    assert (entry.points, entry.catalogue) == (6, "community:1")
    base = award(ledger, DAVE, "GOOD_DEED", community_catalogue="subdistrict")
    assert (base.points, base.catalogue) == (5, "subdistrict")


def test_history_and_points_in_cover_a_period(ledger):
    award(ledger, ALICE)
    with clock.frozen(clock.now().replace(month=8)):
        award(ledger, ALICE, quantity=2)
        ledger.redeem(ALICE, 2, reason="兑换", source="o", actor="s", key="o")
    assert [e.points for e in ledger.history(ALICE.key)] == [3, 6, -2]
    assert [e.points for e in ledger.history(ALICE.key, "2026-07-01", "2026-10-01")] == [6, -2]
    assert ledger.points_in(ALICE.key, "2026-07-01", "2026-10-01") == 6
    assert ledger.points_in(ALICE.key, "2026-04-01", "2026-07-01") == 3


def test_a_reversal_counts_in_the_period_of_the_entry_it_corrects(ledger):
    original = award(ledger, ALICE)
    with clock.frozen(clock.now().replace(month=8)):
        ledger.reverse(original, reason="申诉", actor="s", key="rv")
    assert ledger.points_in(ALICE.key, "2026-04-01", "2026-07-01") == 0
    assert ledger.points_in(ALICE.key, "2026-07-01", "2026-10-01") == 0


def test_household_and_building_totals_roll_up_from_members(ledger):
    award(ledger, ALICE)
    award(ledger, BOB, quantity=2)
    award(ledger, DAVE)
    assert ledger.total("household:201") == 9
    assert ledger.total("building:31") == 9
    assert ledger.balance("household:201") == 0     # roll-ups are not spendable


def test_roll_up_can_be_switched_off(opened, catalogue):
    from meide.points import Ledger, RollUp
    plain = Ledger(opened, catalogue, rollup=RollUp.off())
    award(plain, ALICE)
    assert plain.total("household:201") == 0


def test_ledger_reopens_with_the_same_balances(ledger, opened):
    award(ledger, ALICE, quantity=2)
    spent = ledger.redeem(ALICE, 2, reason="兑换", source="o", actor="s", key="o")
    ledger.reverse(spent, reason="退货", actor="s", key="rv")
    again, reopened = reopen(opened)
    try:
        assert reopened.balance(ALICE.key) == 6
        assert reopened.reversal_of(spent.id) is not None
        with pytest.raises(AlreadyReversed):
            reopened.reverse(spent, reason="x", actor="s", key="rv2")
    finally:
        again.close()


def test_a_read_only_store_can_report_but_not_write(ledger, opened):
    award(ledger, ALICE)
    from meide.points import Catalogue, Ledger
    reader_store = store.open_store(opened.path, readonly=True)
    try:
        reader = Ledger(reader_store, Catalogue(reader_store))
        assert reader.balance(ALICE.key) == 3
        assert len(reader.statement(ALICE.key).lines) == 1
        with pytest.raises(store.StoreReadOnly):
            award(reader, ALICE)
    finally:
        reader_store.close()


def test_every_points_error_is_a_points_error():
    import meide.points as points
    errors = [getattr(points, name) for name in points.__all__
              if isinstance(getattr(points, name), type)
              and issubclass(getattr(points, name), Exception)]
    assert all(issubclass(error, PointsError) for error in errors)
    assert len(errors) > 10
