"""Volunteer hours per place: equal to a scan of the ledger, and current after every write."""

import datetime as dt

import pytest

from meide import clock
from meide.periods import Period
from meide.points import periods, service_hours
from meide.scope import Scope
from tests.points_support import (ALICE, CAROL, DAVE, award, catalogue, frozen_clock,  # noqa: F401
                                  ledger, opened)

Q2 = Period(2026, 2).bounds
HOURLY = {"VOLUNTEER_HOUR", "CLEANUP_HOUR"}


def _hours(opened, start=Q2[0], end=Q2[1], scope=Scope(), field="community", rules=HOURLY):
    return service_hours.hours_per_place(opened, rules, start, end, scope, field)


def _scan(opened, start=Q2[0], end=Q2[1], field="community", rules=HOURLY):
    """The plain computation: every stored entry read, reversals negated at the original time."""
    low, high = periods.stamp_bounds(start, end)
    totals = {}
    for doc in opened.table("ledger").all():
        if doc.get("rule") in rules and low <= (doc.get("reversed_at") or doc["at"]) < high:
            sign = -1 if doc["op"] == "reverse" else 1
            place = str(doc.get(field))
            totals[place] = totals.get(place, 0) + sign * float(doc["quantity"])
    return totals


def _volunteer(ledger, account, hours):
    return award(ledger, account, "VOLUNTEER_HOUR", quantity=hours)


def _nonzero(totals):
    return {place: hours for place, hours in totals.items() if hours}


def test_hours_are_the_quantities_of_per_hour_entries_net_of_reversals(ledger, opened):
    _volunteer(ledger, ALICE, 2.5)
    _volunteer(ledger, CAROL, 1)
    award(ledger, DAVE)                                 # an event rule: no hours
    entry = _volunteer(ledger, DAVE, 3)
    ledger.reverse(entry, reason="签到有误", actor="s", key="rv")
    assert _nonzero(_hours(opened)) == {"2": 2.5, "3": 1.0}
    assert _nonzero(_hours(opened)) == _nonzero(_scan(opened))
    assert _nonzero(_hours(opened, field="grid")) == _nonzero(_scan(opened, field="grid"))
    inside = _hours(opened, scope=Scope(community=3))
    assert _nonzero(inside) == {"3": 1.0}


def test_new_entries_show_in_the_next_call(ledger, opened):
    _volunteer(ledger, ALICE, 1)
    assert _nonzero(_hours(opened)) == {"2": 1.0}
    _volunteer(ledger, ALICE, 1.5)
    _volunteer(ledger, CAROL, 2)
    assert _nonzero(_hours(opened)) == {"2": 2.5, "3": 2.0}
    with clock.frozen(dt.datetime(2026, 7, 3, 9)):
        _volunteer(ledger, CAROL, 4)                   # the next quarter
    assert _nonzero(_hours(opened)) == {"2": 2.5, "3": 2.0}
    assert _nonzero(_hours(opened, *Period(2026, 3).bounds)) == {"3": 4.0}


def test_a_rolled_back_entry_leaves_the_hours(ledger, opened):
    _volunteer(ledger, ALICE, 1)
    with pytest.raises(ValueError):
        with opened.transaction():
            _volunteer(ledger, CAROL, 2)
            assert _nonzero(_hours(opened)) == {"2": 1.0, "3": 2.0}
            raise ValueError("撤销")
    assert _nonzero(_hours(opened)) == {"2": 1.0}
    _volunteer(ledger, DAVE, 0.5)
    assert _nonzero(_hours(opened)) == {"2": 1.0, "1": 0.5} == _nonzero(_scan(opened))


def test_other_rules_are_counted_afresh(ledger, opened):
    _volunteer(ledger, ALICE, 2)
    assert _nonzero(_hours(opened)) == {"2": 2.0}
    assert _nonzero(_hours(opened, rules={"CLEANUP_HOUR"})) == {}
    assert _nonzero(_hours(opened)) == {"2": 2.0}


def test_an_empty_ledger_has_no_hours(ledger, opened):
    assert _hours(opened) == {}
