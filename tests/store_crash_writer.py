"""Crash-harness writer: random store writes, each announced on stdout, then acknowledged."""

# Usage: store_crash_writer.py FOLDER SEED. Runs until killed (tests/test_store_crash.py SIGKILLs
# it). Each operation prints {"begin": n, "effects": [...]} before the store call and {"ack": n,
# "ids": [...]} after it returned, one flushed JSON line each. The effects describe the change in
# primitive steps the harness replays on its model; "ids" are the ids the call's inserts returned.

import json
import random
import sys
import time

import store
import store.storage
from store import Query, decrement, increment

INITIAL_STOCK = 10 ** 9
MAX_ITEMS = 150         # beyond these sizes writes that add become writes that take away,
MAX_ORDERS = 150        # so a long run's store, and each check after a kill, stay small
MAX_SECONDS = 300       # a safety net: never outlive a harness that died without killing us
q = Query()


class Abandon(Exception):
    """Raised inside a transaction to roll it back on purpose."""


def no_ids(write):
    """A call for writes that insert nothing: run write, report no ids."""
    def call():
        write()
        return []
    return call


def say(**message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


class Writer:
    def __init__(self, folder, seed):
        self.rng = random.Random(seed)
        self.prefix = f"{seed}-"
        self.serial = 0
        self.s = store.open_store(folder)
        for table, field in (("items", "uid"), ("orders", "rid"), ("ledger", "rid")):
            self.s.add_index(table, field)
        self.items, self.stock, self.orders, self.ledger = (
            self.s.table(name) for name in ("items", "stock", "orders", "ledger"))
        # The writer's view of the store, read afresh at every start and kept by the acks.
        self.item_ids = {doc.doc_id: doc["uid"] for doc in self.items}
        self.order_ids = {doc["rid"]: doc.doc_id for doc in self.orders}
        self.ledger_ids = {doc["rid"]: doc.doc_id for doc in self.ledger}
        stock = self.stock.all()
        self.stock_id = stock[0].doc_id if stock else None
        say(ready=True, recovered=self.s.recovered)

    def unique(self):
        self.serial += 1
        return f"{self.prefix}{self.serial}"

    def pad(self):
        return "x" * self.rng.choice((0, 5, 40, 300, 3000))

    def run(self):
        deadline = time.monotonic() + MAX_SECONDS
        n = 0
        while time.monotonic() < deadline:
            n += 1
            if self.stock_id is None:
                op = self.init_stock
            else:
                op = self.rng.choices(self.OPERATIONS, self.WEIGHTS)[0].__get__(self)
            effects, call, remember = op()
            say(begin=n, effects=effects)
            ids = call()
            say(ack=n, ids=ids)
            remember(ids)

    # -- operations: each returns (effects, call, remember) ------------------------------------

    def init_stock(self):
        doc = {"item": "rice", "qty": INITIAL_STOCK}
        return ([["insert", "stock", doc]], lambda: [self.stock.insert(doc)],
                lambda ids: setattr(self, "stock_id", ids[0]))

    def insert(self):
        if len(self.item_ids) > MAX_ITEMS:
            return self.remove()
        docs = [{"uid": self.unique(), "v": 0, "pad": self.pad()}
                for _ in range(self.rng.choice((1, 1, 1, 3)))]
        if len(docs) == 1:
            call = lambda: [self.items.insert(docs[0])]     # noqa: E731
        else:
            call = lambda: self.items.insert_multiple(docs)     # noqa: E731
        return [["insert", "items", doc] for doc in docs], call, self.remember_items(docs)

    def remember_items(self, docs):
        def remember(ids):
            for doc_id, doc in zip(ids, docs):
                self.item_ids[doc_id] = doc["uid"]
        return remember

    def pick_item(self):
        return self.rng.choice(sorted(self.item_ids)) if self.item_ids else None

    def update(self):
        doc_id = self.pick_item()
        if doc_id is None:
            return self.insert()
        fields = {"v": self.rng.randrange(10 ** 6), "pad": self.pad()}
        uid = self.item_ids[doc_id]
        if self.rng.random() < 0.5:
            call = no_ids(lambda: self.items.update(fields, doc_ids=[doc_id]))
        else:
            call = no_ids(lambda: self.items.update(fields, q.uid == uid))
        return [["update", "items", doc_id, fields]], call, lambda ids: None

    def bump(self):
        doc_id = self.pick_item()
        if doc_id is None:
            return self.insert()
        return ([["add", "items", doc_id, "v", 1]],
                no_ids(lambda: self.items.update(increment("v"), doc_ids=[doc_id])),
                lambda ids: None)

    def remove(self):
        doc_id = self.pick_item()
        if doc_id is None:
            return self.insert()
        uid = self.item_ids[doc_id]
        if self.rng.random() < 0.5:
            call = no_ids(lambda: self.items.remove(doc_ids=[doc_id]))
        else:
            call = no_ids(lambda: self.items.remove(q.uid == uid))
        return ([["remove", "items", doc_id]], call,
                lambda ids: self.item_ids.pop(doc_id))

    def upsert(self):
        doc_id = self.pick_item()
        if doc_id is not None and self.rng.random() < 0.5:
            uid = self.item_ids[doc_id]
            fields = {"uid": uid, "v": -1}
            return ([["update", "items", doc_id, fields]],
                    no_ids(lambda: self.items.upsert(fields, q.uid == uid)), lambda ids: None)
        doc = {"uid": self.unique(), "v": -1}
        return ([["insert", "items", doc]], lambda: self.items.upsert(doc, q.uid == doc["uid"]),
                self.remember_items([doc]))

    def redeem(self):
        # The multi-table write of DESIGN.md §3: order, stock and ledger together or not at all.
        if len(self.order_ids) > MAX_ORDERS:
            return self.refund()
        rid = self.unique()
        order, entry = {"rid": rid, "qty": 1}, {"rid": rid, "amount": -5}
        nested = self.rng.random() < 0.3

        def call():
            with self.s.transaction():
                order_id = self.orders.insert(order)
                self.stock.update(decrement("qty"), doc_ids=[self.stock_id])
                if nested:      # an inner part that fails and is rolled back alone
                    try:
                        with self.s.transaction():
                            self.items.insert({"uid": self.unique(), "v": "abandoned"})
                            self.stock.update(decrement("qty"), doc_ids=[self.stock_id])
                            raise Abandon
                    except Abandon:
                        pass
                ledger_id = self.ledger.insert(entry)
            return [order_id, ledger_id]

        def remember(ids):
            self.order_ids[rid], self.ledger_ids[rid] = ids

        return ([["insert", "orders", order], ["add", "stock", self.stock_id, "qty", -1],
                 ["insert", "ledger", entry]], call, remember)

    def refund(self):
        if not self.order_ids:
            return self.redeem()
        rid = self.rng.choice(sorted(self.order_ids))

        def call():
            with self.s.transaction():
                self.orders.remove(q.rid == rid)
                self.stock.update(increment("qty"), doc_ids=[self.stock_id])
                self.ledger.remove(q.rid == rid)
            return []

        def remember(ids):
            del self.order_ids[rid], self.ledger_ids[rid]

        return ([["remove", "orders", self.order_ids[rid]],
                 ["add", "stock", self.stock_id, "qty", 1],
                 ["remove", "ledger", self.ledger_ids[rid]]], call, remember)

    def abandoned(self):
        # A transaction that fails after writing to every table: nothing of it may remain.
        doc_id = self.pick_item()

        def call():
            try:
                with self.s.transaction():
                    self.orders.insert({"rid": self.unique(), "qty": 1})
                    self.stock.update(decrement("qty"), doc_ids=[self.stock_id])
                    if doc_id is not None:
                        self.items.update({"v": "abandoned"}, doc_ids=[doc_id])
                        self.items.remove(doc_ids=[doc_id])
                    self.items.insert({"uid": self.unique(), "v": "abandoned"})
                    self.ledger.insert({"rid": "abandoned", "amount": -5})
                    raise Abandon
            except Abandon:
                return []
            raise AssertionError("the transaction did not fail")

        return [], call, lambda ids: None

    def batch(self):
        # Several item changes as one transaction.
        chosen = self.rng.sample(sorted(self.item_ids), min(3, len(self.item_ids)))
        updates = [(doc_id, {"v": self.rng.randrange(10 ** 6)}) for doc_id in chosen[:2]]
        removed = chosen[2:]
        doc = {"uid": self.unique(), "v": 0, "pad": self.pad()}
        effects = ([["update", "items", doc_id, fields] for doc_id, fields in updates]
                   + [["remove", "items", doc_id] for doc_id in removed]
                   + [["insert", "items", doc]])

        def call():
            with self.s.transaction():
                for doc_id, fields in updates:
                    self.items.update(fields, doc_ids=[doc_id])
                self.items.remove(doc_ids=removed)
                return [self.items.insert(doc)]

        def remember(ids):
            for doc_id in removed:
                self.item_ids.pop(doc_id)
            self.item_ids[ids[0]] = doc["uid"]

        return effects, call, remember

    def compact(self):
        return [], no_ids(self.s.compact), lambda ids: None

    OPERATIONS = [insert, update, bump, remove, upsert, redeem, refund, abandoned, batch, compact]
    WEIGHTS = [20, 15, 5, 10, 5, 15, 6, 5, 6, 2]


def main():
    folder, seed = sys.argv[1], int(sys.argv[2])
    # Compact by itself every few dozen writes too, so kills land inside automatic compactions.
    store.storage.COMPACT_MIN_BYTES = 32 * 1024
    Writer(folder, seed).run()


if __name__ == "__main__":
    main()
