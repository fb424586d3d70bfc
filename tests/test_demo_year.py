"""A demo year of activity: real ledger entries over the past year, repeatable by seed."""

import datetime as dt

import store
from meide import clock
from meide.demo.people import build_demo
from meide.demo.year import build_year
from meide.engine import Engine

END = dt.datetime(2026, 10, 1, 12, tzinfo=clock.TIMEZONE)


def _year(folder, entries, seed):
    with store.open_store(folder) as opened:
        build_demo(opened, residents=150, seed=5)
        services = Engine(opened).services
        made = build_year(opened, services, entries, seed=seed, end=END)
        docs = opened.table("ledger").all()
        return made, services.ledger.balances(), docs


def test_the_year_is_written_through_the_ledger_within_its_rules(tmp_path):
    made, balances, docs = _year(tmp_path / "a", 1500, seed=3)
    assert len(docs) == 1500
    assert made["award"] + made["deduct"] + made["redeem"] + made["reverse"] == 1500
    assert made["award"] > made["redeem"] > 0 and made["deduct"] > 0 and made["reverse"] > 0
    assert all(balance >= 0 for balance in balances.values())        # never overdrawn
    stamps = [doc["at"] for doc in docs]
    assert stamps == sorted(stamps)
    assert stamps[0] >= (END - dt.timedelta(days=366)).isoformat() and stamps[-1] <= END.isoformat()
    assert {doc["rule"] for doc in docs if doc["op"] == "award"} >= {"WASTE_SORTING", "VOLUNTEER_HOUR"}
    assert any(doc["kind"] == "merchant" for doc in docs)
    # The clock is freed afterwards: it reads the real time again, not the year's last moment.
    assert abs(clock.now() - dt.datetime.now(clock.TIMEZONE)) < dt.timedelta(minutes=5)


def test_the_same_seed_gives_the_same_year(tmp_path):
    first = _year(tmp_path / "a", 400, seed=9)[2]
    again = _year(tmp_path / "b", 400, seed=9)[2]
    other = _year(tmp_path / "c", 400, seed=10)[2]
    strip = lambda docs: [(d["account"], d["op"], d["points"], d["at"]) for d in docs]  # noqa: E731
    assert strip(first) == strip(again) != strip(other)
