"""Points benchmark: award, balance, statement and a quarter's ranking on a large ledger.

Run alone with `python benchmarks/bench_points.py [--quick]`; benchmarks/run.py calls run().
The full run builds a 1,000,000-entry ledger for a subdistrict of 20,000 residents (one to two
minutes, in batched transactions), then times the operations against in-run baselines; it
needs about 4 GB of memory.
"""

import datetime as dt
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import store  # noqa: E402
from meide import clock  # noqa: E402
from meide.periods import Period  # noqa: E402
from meide.points import Account, Ledger, default_catalogue, periods, whatif  # noqa: E402
from meide.points.entries import new_doc  # noqa: E402
from meide.points.rules import round_half_up  # noqa: E402

FULL_ENTRIES, QUICK_ENTRIES = 1_000_000, 20_000
COMMUNITIES, GRIDS_PER_COMMUNITY, BUILDINGS, HOUSEHOLDS, RESIDENTS = 4, 10, 400, 8_000, 20_000
YEAR = 2026
BATCH = 10_000
# (rule, category, points per unit, quantity choices, weight) for the generated awards.
EARNING = [("VOLUNTEER_HOUR", "志愿服务", 2, (1, 1.5, 2, 3), 40),
           ("GOOD_DEED", "好人好事", 5, (1,), 10), ("NEIGHBOUR_HELP", "邻里互助", 3, (1,), 15),
           ("WASTE_SORTING", "环境卫生", 1, (1,), 20), ("CLASS_QIAOSHOU", "文明实践", 2, (1,), 8),
           ("FILIAL_CARE", "孝老爱亲", 5, (1,), 5), ("COVENANT_CLUTTER", "楼道公约", -2, (1,), 2)]


def _account(number: int) -> Account:
    household = number * HOUSEHOLDS // RESIDENTS
    building = household * BUILDINGS // HOUSEHOLDS
    grid = building * COMMUNITIES * GRIDS_PER_COMMUNITY // BUILDINGS
    return Account("resident", str(number + 1), community=str(grid // GRIDS_PER_COMMUNITY + 1),
                   grid=str(grid + 1), household=str(household + 1), building=str(building + 1))


def _placement(account):
    return dict(account=account.key, kind=account.kind, community=account.community,
                grid=account.grid, household=account.household, building=account.building)


def build_ledger(opened, entries: int, seed: int = 7):
    """Write `entries` realistic ledger documents spread over the year, in batched
    transactions (one journal record per batch), as Ledger would have written them."""
    rng = random.Random(seed)
    accounts = [_account(n) for n in range(RESIDENTS)]
    weights = [rule[4] for rule in EARNING]
    balances = [0] * RESIDENTS
    awards = []                             # (doc id, account number, points, time)
    start = dt.datetime(YEAR, 1, 1, 8, tzinfo=clock.TIMEZONE)
    step = (dt.datetime(YEAR, 12, 30, 20, tzinfo=clock.TIMEZONE) - start) / entries
    table = opened.table("ledger")
    batch, next_id = [], 1
    for i in range(entries):
        number = rng.randrange(RESIDENTS)
        account, at = accounts[number], periods.stamp(start + step * i)
        roll, doc = rng.random(), None
        if roll < 0.08 and balances[number] >= 10:
            points = rng.choice((5, 10))
            doc = new_doc(op="redeem", **_placement(account), points=-points, reason="兑换日用品",
                          source=f"order:{i}", actor="staff:9", at=at, key=f"bench:{i}")
        elif roll < 0.10 and awards:
            doc_id, owner, points, then = awards.pop(rng.randrange(len(awards)))
            if balances[owner] >= points:
                number, account = owner, accounts[owner]
                doc = new_doc(op="reverse", **_placement(account), points=-points,
                              rule="GOOD_DEED", version=1, catalogue="subdistrict",
                              category="好人好事", quantity=1, reason="申诉核实后冲正",
                              actor="staff:9", at=at, key=f"bench:{i}", reverses=doc_id,
                              reversed_op="award", reversed_at=then)
        if doc is None:
            code, category, per_unit, quantities, _ = rng.choices(EARNING, weights)[0]
            quantity = rng.choice(quantities)
            points = round_half_up(Fraction(per_unit) * Fraction(quantity))
            if points < 0 and balances[number] < -points:
                code, category, points, quantity = "WASTE_SORTING", "环境卫生", 1, 1
            doc = new_doc(op="deduct" if points < 0 else "award", **_placement(account),
                          points=points, rule=code, version=1, catalogue="subdistrict",
                          category=category, quantity=quantity, reason="志愿活动与日常表现",
                          source=f"activity:{i % 997}", actor="staff:3", at=at,
                          key=f"bench:{i}", evidence=["sign-in.jpg"])
            if code == "GOOD_DEED":
                awards.append((next_id, number, points, at))
        balances[number] += doc["points"]
        batch.append(doc)
        next_id += 1
        if len(batch) == BATCH:
            _flush(opened, table, batch)
    _flush(opened, table, batch)


def _flush(opened, table, batch):
    if batch:
        with opened.transaction():
            table.insert_multiple(batch)
        batch.clear()


def _times(operation, repeat: int) -> list:
    """Milliseconds taken by each of repeat calls of operation(i)."""
    samples = []
    for i in range(repeat):
        begin = time.perf_counter()
        operation(i)
        samples.append((time.perf_counter() - begin) * 1000)
    return samples


def _interleaved(operations: dict, repeat: int) -> dict:
    """{name: milliseconds per call}, calling each operation in turn, repeat times."""
    samples = {name: [] for name in operations}
    for i in range(repeat):
        for name, operation in operations.items():
            begin = time.perf_counter()
            operation(i)
            samples[name].append((time.perf_counter() - begin) * 1000)
    return samples


def _result(name, samples, *, unit="ms", target=None, baseline=None, baseline_samples=None):
    scale = 1000 if unit == "s" else 1
    median = statistics.median(samples) / scale
    base = statistics.median(baseline_samples) / scale if baseline_samples else None
    return {"name": name, "unit": unit, "median": round(median, 6), "n": len(samples),
            "target": target, "met": None if target is None else median <= target,
            "baseline": baseline, "baseline_median": None if base is None else round(base, 6),
            "ratio": None if base is None else round(median / base, 4)}


def run(quick: bool) -> list:
    entries = QUICK_ENTRIES if quick else FULL_ENTRIES
    # $MEIDE_BENCH_POINTS_DIR=/dev/shm shows the CPU cost alone (no disk fsync).
    where = os.environ.get("MEIDE_BENCH_POINTS_DIR")
    with tempfile.TemporaryDirectory(prefix="meide-bench-points-", dir=where) as folder:
        opened = store.open_store(folder)
        try:
            return _measure(opened, entries, quick)
        finally:
            opened.close()


def _measure(opened, entries, quick):
    results = []
    catalogue = default_catalogue.demo_catalogue(opened)
    begin = time.perf_counter()
    gc.disable()    # a million long-lived documents would make each GC pass walk them all
    try:
        build_ledger(opened, entries)
    finally:
        gc.freeze()
        gc.enable()
    build_s = time.perf_counter() - begin
    begin = time.perf_counter()
    opened.add_index("ledger", "account")
    opened.add_index("ledger", "key")
    indexes_s = time.perf_counter() - begin
    begin = time.perf_counter()
    ledger = Ledger(opened, catalogue)
    results.append(_result(f"ledger open: rebuild running totals ({entries:,} entries)",
                           [(time.perf_counter() - begin) * 1000], unit="s"))
    results[-1].update(build_s=round(build_s, 1), store_indexes_s=round(indexes_s, 1))
    rng = random.Random(11)
    repeat = 100 if quick else 300
    with clock.frozen(dt.datetime(YEAR, 12, 31, 20)):
        accounts = [_account(n) for n in rng.sample(range(RESIDENTS), repeat * 2)]
        for i in range(5):      # warm-up: the first insert after a bulk load finds the next id
            ledger.award(accounts[i], "WASTE_SORTING", reason="热身", actor="bench", key=f"w{i}")
        bare = opened.table("bare_inserts")
        sample = dict(opened.table("ledger").get(doc_id=1))
        stock = opened.table("bench_stock")
        soap = store.where("item") == "soap"

        def bare_insert(i):
            bare.insert({**sample, "key": f"bare:{i}"})

        def bare_pair(i):               # what a redemption writes, without the ledger's checks
            with opened.transaction():
                bare.insert({**sample, "key": f"pair:{i}"})
                stock.upsert({"item": "soap", "left": 1000 - i}, soap)

        def award(i):
            ledger.award(accounts[i], "VOLUNTEER_HOUR", quantity=1.5, reason="清扫楼道",
                         source=f"act:{i}", actor="bench", key=f"award:{i}",
                         evidence="sign-in.jpg")

        def redeem(i):
            with opened.transaction():      # as the supermarket does: entry + stock together
                ledger.redeem(accounts[i].key, 1, reason="兑换", source=f"order:{i}",
                              actor="bench", key=f"redeem:{i}")
                stock.upsert({"item": "soap", "left": 1000 - i}, soap)

        # Interleaved, so that the disk's varying fsync latency falls on both sides alike.
        timed = _interleaved({"bare": bare_insert, "award": award, "pair": bare_pair,
                              "redeem": redeem}, repeat)
        results.append(_result("award (cap + idempotency checks, durable)", timed["award"],
                               target=2.0, baseline="bare store insert (durable)",
                               baseline_samples=timed["bare"]))
        results[-1]["note"] = "one fsync, like the baseline: the disk's fsync time dominates"
        results.append(_result("redeem with a stock write, one transaction", timed["redeem"],
                               baseline="bare insert + stock write, one transaction",
                               baseline_samples=timed["pair"]))

        keys = [account.key for account in accounts]
        lookups = 10_000 if not quick else 2_000
        balance = _times(lambda i: ledger.balance(keys[i % len(keys)]), lookups)
        scan = _times(lambda i: sum(d["points"] for d in opened.table("ledger").search(
            store.where("account") == keys[i % len(keys)])), repeat)
        results.append(_result("balance (running total)", balance, target=0.05,
                               baseline="sum of the account's entries via the index",
                               baseline_samples=scan))

        statement = _times(lambda i: ledger.statement(keys[i]), repeat)
        full_scan = _times(lambda i: opened.table("ledger").search(_unindexed(keys[i])), 3)
        results.append(_result("resident statement (积分明细单), whole history", statement,
                               target=50.0, baseline="find the account's entries by full scan",
                               baseline_samples=full_scan))

        quarter = Period(YEAR, 3).bounds
        ranking = _times(lambda i: ledger.ranking(*quarter, by="community", kind="resident"),
                         3 if not quick else 5)
        naive = _times(lambda i: _naive_ranking(opened, *quarter), 1)
        results.append(_result("quarter ranking, whole subdistrict, per community", ranking,
                               unit="s", target=2.0, baseline="ranking by reading every document",
                               baseline_samples=naive))

        draft = catalogue.draft()
        draft.change("VOLUNTEER_HOUR", points=3)
        replay = _times(lambda i: whatif.replay(ledger, draft, start=quarter[0], end=quarter[1]), 1)
        results.append(_result("what-if replay of the whole ledger (quarter re-scored)", replay,
                               unit="s"))
    gc.unfreeze()
    return results


def _unindexed(account_key):
    # A fresh test query each time: no index applies and no cached result is reused.
    return store.Query().account.test(lambda value: value == account_key)


def _naive_ranking(opened, start, end):
    low, high = periods.stamp(start), periods.stamp(end)
    totals = {}
    for doc in opened.table("ledger"):
        if doc["op"] in ("award", "deduct") and low <= doc["at"] < high:
            key = (doc.get("community"), doc["account"])
            totals[key] = totals.get(key, 0) + doc["points"]
    return sorted(totals.items(), key=lambda item: (item[0][0], -item[1]))


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(json.dumps(row, ensure_ascii=False))
