"""Under load: the last item goes to exactly one counter; stock never negative; every order is
matched by exactly one ledger entry and balances reconcile."""

import threading
from collections import Counter

import store
from meide.supermarket import OutOfStock, SupermarketError

from .registry_support import add_resident
from .supermarket_support import new_key, world  # noqa: F401

THREADS, PER_THREAD = 20, 50


def run_threads(count, work):
    barrier = threading.Barrier(count)
    failures = []

    def body(number):
        barrier.wait()
        try:
            work(number)
        except Exception as exc:      # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=body, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_two_counters_and_the_last_towel_exactly_one_succeeds(world):
    world.give(world.zhang, 100)
    world.give(world.li, 100)
    outcomes = []

    def counter(number):
        resident = (world.zhang, world.li)[number]
        try:
            outcomes.append(world.market.redeem(resident, {world.towel: 1}, actor="clerk1",
                                                key=new_key()))
        except OutOfStock as exc:
            outcomes.append(exc)

    assert run_threads(2, counter) == []
    orders = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, OutOfStock)]
    assert len(orders) == 1 and len(refused) == 1
    assert "已兑完" in str(refused[0]) and "另一个柜台" in str(refused[0])
    assert world.market.goods.get(world.towel)["stock"] == 0
    assert world.balance(world.zhang) + world.balance(world.li) == 185


def test_a_double_click_from_two_threads_redeems_once(world):
    world.give(world.zhang, 100)
    key = new_key()
    results = []
    assert run_threads(8, lambda n: results.append(
        world.market.redeem(world.zhang, {world.soap: 1}, actor="clerk1", key=key))) == []
    assert {order.doc_id for order in results} == {results[0].doc_id}
    assert world.balance(world.zhang) == 90


def test_stress_many_counters_never_oversell_and_always_reconcile(world):
    residents = [add_resident(world.registry, name=f"测试居民{n}", phone=f"1380000{n:04d}",
                              room=f"{n + 100}") for n in range(THREADS)]
    for resident in residents:
        world.give(resident, 400)
    world.market.stock.restock(world.soap, 300, actor="admin")      # 320: fewer than asked
    world.market.goods.update(world.towel, actor="admin", limit=(5, "day"))
    world.market.stock.restock(world.towel, 500, actor="admin")
    refused = Counter()

    def counter(number):
        resident = residents[number]
        for i in range(PER_THREAD):
            basket = {world.soap: 1 + i % 2} if i % 3 else {world.towel: 1}
            key = new_key()
            try:
                world.market.redeem(resident, basket, actor="clerk1", key=key)
                if i % 7 == 0:      # a retried request
                    world.market.redeem(resident, basket, actor="clerk1", key=key)
            except SupermarketError as exc:
                refused[type(exc).__name__] += 1

    assert run_threads(THREADS, counter) == []
    assert world.store.check().ok, world.store.check().problems
    orders = world.market.redemptions.orders.all()
    ledger = world.store.table("ledger")
    redeems = ledger.search(store.where("op") == "redeem")
    assert len(orders) + sum(refused.values()) == THREADS * PER_THREAD
    assert refused and set(refused) <= {"OutOfStock", "LimitExceeded", "NotEnoughPoints"}
    # Every order matched by exactly one ledger entry, and no entry without its order.
    assert sorted(o["entry"] for o in orders) == sorted(e.doc_id for e in redeems)
    for order in orders:
        entry = ledger.get(doc_id=order["entry"])
        assert entry["points"] == -order["total"] and entry["key"] == f"supermarket:{order['key']}"
    sold = Counter()
    for order in orders:
        for line in order["lines"]:
            sold[line["goods"]] += line["quantity"]
    assert world.market.goods.get(world.soap)["stock"] == 320 - sold[world.soap] >= 0
    assert world.market.goods.get(world.towel)["stock"] == 501 - sold[world.towel] >= 0
    for resident in residents:
        spent = sum(o["total"] for o in orders if o["resident"] == resident)
        assert world.balance(resident) == 400 - spent >= 0
        assert sum(line["quantity"] for o in orders if o["resident"] == resident
                   for line in o["lines"] if line["goods"] == world.towel) <= 5
