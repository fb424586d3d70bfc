"""Backups taken under load: raw writers, ledger awards and supermarket redemptions in threads.

test_store.py covers one writer thread and a backup through the store's API; here several
kinds of writes run at once, the journal compacts by itself while they do, and backups are taken
both through the open store and with `meide backup` (a read-only open beside the writer). Each
one is brought back with `meide restore`, passes `meide check`, holds every write acknowledged
before it started, and is consistent: no redemption without its ledger entry and stock change.
"""

import threading
from collections import Counter

import store
import store.storage as storage_module
from meide import cli, clock
from meide.points import Catalogue, Ledger
from meide.supermarket.goods import TABLE as GOODS
from meide.supermarket.redemption import ORDERS, resident_account

from .registry_support import add_resident
from .supermarket_support import NOW, World

WRITERS, AWARDERS, COUNTERS = 3, 2, 2
GRANT, SOAP_STOCK = 100_000, 100_000


class Load:
    """Threads writing until stopped; acknowledged holds what each write returned, in order."""

    def __init__(self, world, residents):
        self.world, self.residents = world, residents
        self.lock = threading.Lock()
        self.acknowledged = []          # (kind, identity) appended only after the write returned
        self.errors = []
        self.stop = threading.Event()
        self.threads = (
            [threading.Thread(target=self._body, args=(self._write, n)) for n in range(WRITERS)]
            + [threading.Thread(target=self._body, args=(self._award, n)) for n in range(AWARDERS)]
            + [threading.Thread(target=self._body, args=(self._redeem, n))
               for n in range(COUNTERS)])

    def _body(self, work, number):
        n = 0
        try:
            while not self.stop.is_set():
                identity = work(number, n)
                with self.lock:
                    self.acknowledged.append(identity)
                n += 1
        except BaseException as exc:        # reported by the test
            self.errors.append(exc)

    def _write(self, number, n):
        self.world.store.table("load").insert({"writer": number, "n": n, "pad": "x" * 200})
        return ("load", (number, n))

    def _award(self, number, n):
        resident = self.world.resident(self.residents[number])
        key = f"award:{number}:{n}"
        self.world.ledger.award(resident_account(resident), "SEED", quantity=3, reason="负载",
                                actor="test", key=key)
        return ("award", key)

    def _redeem(self, number, n):
        key = f"counter:{number}:{n}"
        self.world.market.redeem(self.residents[number], {self.world.soap: 1}, actor="clerk1",
                                 key=key)
        return ("redeem", key)

    def count(self):
        with self.lock:
            return len(self.acknowledged)

    def wait_for(self, count):
        while self.count() < count and not self.errors:
            threading.Event().wait(0.005)


def take_backups(tmp_path, world, load):
    """Four backups during the load: (folder, what was acknowledged before it began, overlap)."""
    taken = []
    for number in range(4):
        load.wait_for(load.count() + 150)
        with load.lock:
            before = list(load.acknowledged)
        dest = tmp_path / f"backup-{number}"
        if number % 2:
            assert cli.main(["backup", str(dest), "--data", str(world.store.path)]) == 0
        else:
            world.store.backup(dest)
        taken.append((dest, before, load.count() - len(before)))
    return taken


def test_backups_under_mixed_load_restore_check_clean_and_hold_every_acknowledged_write(
        tmp_path, monkeypatch, capsys):
    # Small enough that the journal is compacted (its snapshot replaced) several times meanwhile.
    monkeypatch.setattr(storage_module, "COMPACT_MIN_BYTES", 64 * 1024)
    with clock.frozen(NOW):
        world = World(tmp_path / "data")
        residents = [world.zhang, world.li] + [
            add_resident(world.registry, name=f"负载居民{n}", phone=f"1390000{n:04d}",
                         room=f"{n + 500}") for n in range(2)]
        for resident in residents:
            world.give(resident, GRANT)
        world.market.stock.restock(world.soap, SOAP_STOCK, actor="admin")
        generation = world.store._storage.generation
        load = Load(world, residents)
        for thread in load.threads:
            thread.start()
        try:
            taken = take_backups(tmp_path, world, load)
        finally:
            load.stop.set()
            for thread in load.threads:
                thread.join()
        assert load.errors == []
        assert world.store._storage.generation >= generation + 2
        assert world.store.check().ok
        world.close()
        assert sum(overlap for _, _, overlap in taken) > 0     # writes went on during backups
        for number, (dest, before, _) in enumerate(taken):
            restored = tmp_path / f"restored-{number}"
            assert cli.main(["restore", str(dest), "--data", str(restored)]) == 0
            assert cli.main(["check", "--data", str(restored)]) == 0
            capsys.readouterr()
            check_restored(restored, before, residents, world.soap)


def check_restored(folder, before, residents, soap):
    with store.open_store(folder) as copy:
        assert copy.recovered == [] and copy.check().ok
        ledger = Ledger(copy, Catalogue(copy))
        # Every acknowledged write before the backup began is in it ...
        rows = {(doc["writer"], doc["n"]) for doc in copy.table("load")}
        keys = {doc["key"] for doc in copy.table("ledger")}
        orders = {doc["key"]: doc for doc in copy.table(ORDERS)}
        for kind, identity in before:
            if kind == "load":
                assert identity in rows
            elif kind == "award":
                assert identity in keys
            else:
                assert identity in orders
        # ... each thread's writes are a prefix (the cut is one moment) ...
        per_writer = Counter(writer for writer, _ in rows)
        assert rows == {(w, n) for w, count in per_writer.items() for n in range(count)}
        # ... and no redemption is half there: its ledger entry, its stock and the balances agree.
        redeems = {doc["key"]: doc for doc in copy.table("ledger") if doc["op"] == "redeem"}
        assert sorted(f"supermarket:{key}" for key in orders) == sorted(redeems)
        for key, order in orders.items():
            assert redeems[f"supermarket:{key}"]["points"] == -order["total"]
        sold = sum(line["quantity"] for order in orders.values() for line in order["lines"])
        assert copy.table(GOODS).get(doc_id=soap)["stock"] == 20 + SOAP_STOCK - sold
        for resident in residents:
            account = f"resident:{resident}"
            awarded = sum(doc["points"] for doc in copy.table("ledger")
                          if doc["account"] == account and doc["op"] == "award")
            spent = sum(order["total"] for order in orders.values()
                        if order["resident"] == resident)
            assert ledger.balance(account) == awarded - spent >= 0
        copy.table("load").insert({"writer": "restored", "n": 0})       # and it takes writes

