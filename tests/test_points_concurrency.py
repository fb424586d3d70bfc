"""Many threads awarding and redeeming against the same accounts never overdraw and reconcile."""

import random
import threading
from collections import Counter

import store
from meide.points import (CapExceeded, Catalogue, IdempotencyConflict, InsufficientBalance,
                          Ledger, Rule)
from meide.points.ledger import TABLE
from tests.points_support import (ALICE, BOB, catalogue, frozen_clock, ledger,  # noqa: F401
                                  opened)

THREADS, ROUNDS = 8, 40


def _run_threads(worker):
    failures = []

    def guarded(number):
        try:
            worker(number)
        except BaseException as exc:       # surface a thread's failure in the test
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures


def test_threads_awarding_and_redeeming_never_overdraw_and_always_reconcile(ledger, opened,
                                                                             catalogue):
    catalogue.define(Rule("STEADY", "常规加分", "测试", 2))
    stock = opened.table("stock")
    stock.insert({"item": "soap", "left": 10_000})
    orders = opened.table("orders")
    made = Counter()            # account -> points of entries the threads saw succeed
    lock = threading.Lock()

    def worker(number):
        rng = random.Random(number)
        for i in range(ROUNDS):
            account = rng.choice((ALICE, BOB))
            choice = rng.random()
            try:
                if choice < 0.35:
                    entry = ledger.award(account, "STEADY", quantity=rng.randint(1, 3),
                                         reason="r", actor=f"t{number}", key=f"t{number}:{i}")
                elif choice < 0.5:
                    entry = ledger.award(account, "NEIGHBOUR_HELP", reason="r", source="s",
                                         actor=f"t{number}", key=f"t{number}:{i}")
                elif choice < 0.6:
                    # A double click arriving from two sessions at once: one effect only.
                    entry = ledger.award(ALICE, "STEADY", reason="r", actor="shared",
                                         key=f"shared:{i}")
                    with lock:
                        if made["shared:" + str(i)]:
                            continue
                        made["shared:" + str(i)] = 1
                else:
                    points = rng.randint(1, 8)
                    with opened.transaction():
                        entry = ledger.redeem(account, points, reason="兑换", source="order",
                                              actor=f"t{number}", key=f"t{number}:{i}")
                        left = stock.get(store.where("item") == "soap")["left"]
                        stock.update({"left": left - points}, store.where("item") == "soap")
                        orders.insert({"entry": entry.id, "points": points})
                        if rng.random() < 0.2:
                            raise RuntimeError("打印机卡纸")     # the whole redemption rolls back
            except (InsufficientBalance, CapExceeded, RuntimeError):
                continue
            assert ledger.balance(account.key) >= 0
            with lock:
                made[entry.account] += entry.points

    _run_threads(worker)

    docs = opened.table(TABLE).all()
    scanned = Counter()
    for doc in docs:
        scanned[doc["account"]] += doc["points"]
    for account in (ALICE, BOB):
        assert ledger.balance(account.key) == scanned[account.key] == made[account.key] >= 0
    assert len({doc["key"] for doc in docs}) == len(docs)
    redeemed = -sum(doc["points"] for doc in docs if doc["op"] == "redeem")
    assert 10_000 - stock.get(store.where("item") == "soap")["left"] == redeemed
    assert sum(order["points"] for order in orders.all()) == redeemed
    help_points = Counter(doc["account"] for doc in docs if doc.get("rule") == "NEIGHBOUR_HELP")
    assert all(count * 3 <= 6 for count in help_points.values())     # the day cap held


def test_concurrent_retries_of_one_key_make_one_entry(ledger, opened):
    barrier = threading.Barrier(THREADS)
    seen = []

    def worker(number):
        barrier.wait()
        for _ in range(5):
            try:
                seen.append(ledger.award(ALICE, "NEIGHBOUR_HELP", reason="r", source="s",
                                         actor="a", key="one-click").id)
            except IdempotencyConflict:
                raise AssertionError("the same request must not conflict") from None

    _run_threads(worker)
    assert len(set(seen)) == 1 and len(seen) == THREADS * 5
    assert ledger.balance(ALICE.key) == 3


def test_balances_agree_after_reopening_a_store_written_by_threads(ledger, opened):
    def worker(number):
        for i in range(10):
            ledger.award(BOB if i % 2 else ALICE, "CLASS_QIAOSHOU", reason="课堂",
                         actor="a", key=f"c{number}:{i}")

    try:
        _run_threads(worker)
    except AssertionError:
        pass        # month caps stop some of them; what was written must still reconcile
    before = dict(ledger.totals.spendable)
    path = opened.path
    opened.close()
    with store.open_store(path) as again:
        assert Ledger(again, Catalogue(again)).totals.spendable == before
