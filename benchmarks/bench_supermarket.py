"""Supermarket benchmark: a counter redemption (ledger debit + stock + order, one durable
transaction) on a ledger of 1,000,000 entries.

Run alone with `python benchmarks/bench_supermarket.py [--quick]`; benchmarks/run.py calls run().
The ledger is built as bench_points builds it (batched transactions); the 20,000 residents are
written straight into the registry table with the fields a redemption reads.
"""

import datetime as dt
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import store  # noqa: E402
from bench_points import (FULL_ENTRIES, QUICK_ENTRIES, RESIDENTS, YEAR,  # noqa: E402
                          _account, build_ledger)
from common import label, result  # noqa: E402
from meide import clock  # noqa: E402
from meide.points import Ledger, default_catalogue  # noqa: E402
from meide.registry import Registry  # noqa: E402
from meide.supermarket import Supermarket  # noqa: E402

TARGET_MS = 5.0


def _residents(opened):
    """Residents 1..RESIDENTS placed as bench_points' accounts are, in batched transactions."""
    table = opened.table("residents")
    batch = []
    for number in range(RESIDENTS):
        account = _account(number)
        batch.append({"name": f"居民{number + 1}", "community": int(account.community),
                      "grid": int(account.grid), "household": int(account.household),
                      "building": int(account.building), "subdistrict": 1, "minor": False,
                      "guardian": None})
        if len(batch) == 5_000:
            with opened.transaction():
                table.insert_multiple(batch)
            batch = []
    if batch:
        with opened.transaction():
            table.insert_multiple(batch)


def _samples(operation, repeat):
    samples = []
    for i in range(repeat):
        begin = time.perf_counter()
        operation(i)
        samples.append((time.perf_counter() - begin) * 1000)
    return samples


def run(quick: bool) -> list:
    entries = QUICK_ENTRIES if quick else FULL_ENTRIES
    where = os.environ.get("MEIDE_BENCH_SUPERMARKET_DIR")
    with tempfile.TemporaryDirectory(prefix="meide-bench-supermarket-", dir=where) as folder:
        opened = store.open_store(folder)
        try:
            return _measure(opened, entries, quick)
        finally:
            opened.close()


def _measure(opened, entries, quick):
    gc.disable()
    try:
        build_ledger(opened, entries)
        _residents(opened)
    finally:
        gc.freeze()
        gc.enable()
    ledger = Ledger(opened, default_catalogue.demo_catalogue(opened))
    registry = Registry(opened)
    market = Supermarket(opened, ledger, registry)
    repeat = 100 if quick else 300
    with clock.frozen(dt.datetime(YEAR, 12, 31, 10)):
        soap = market.goods.add(name="洗衣皂", points=1, stock=100_000, actor="bench")
        towel = market.goods.add(name="毛巾", points=1, stock=100_000, limit=(50, "month"),
                                 actor="bench")
        payers = [number + 1 for number in range(RESIDENTS)
                  if ledger.balance(f"resident:{number + 1}") >= 10][:repeat * 3]
        for i in range(5):          # warm-up: first inserts after the bulk load
            market.redeem(payers[-1 - i], {soap: 1}, actor="bench", key=f"warm:{i}")
        stock = opened.table("bench_stock")
        soap_row = store.where("item") == "soap"

        def bare(i):                # the ledger debit and a stock write, nothing else
            with opened.transaction():
                ledger.redeem(_account(payers[i] - 1), 1, reason="兑换", source=f"o:{i}",
                              actor="bench", key=f"bare:{i}")
                stock.upsert({"item": "soap", "left": i}, soap_row)

        def redeem(i):
            market.redeem(payers[repeat + i], {soap: 1, towel: 1}, actor="bench",
                          key=f"counter:{i}")

        def repeat_click(i):
            market.redeem(payers[repeat + i], {soap: 1, towel: 1}, actor="bench",
                          key=f"counter:{i}")

        # Interleaved, so the disk's varying fsync time falls on both sides alike.
        base, counter = [], []
        for i in range(repeat):
            base += _samples(lambda _: bare(i), 1)
            counter += _samples(lambda _: redeem(i), 1)
        again = _samples(repeat_click, repeat)
    size = label(entries)
    baseline = result(f"ledger.redeem + stock write, one transaction @{size}", "ms", base)
    return [
        baseline,
        result(f"counter redemption (2 goods, limit check, order) @{size}", "ms", counter,
               baseline=baseline, target=("median", TARGET_MS),
               note="durable: one journal record, one fsync"),
        result(f"repeated click (idempotency key hit) @{size}", "ms", again,
               note="returns the first order; writes nothing"),
    ]


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), ensure_ascii=False, indent=1))
