"""Crash soak: the app's engine under mixed load is SIGKILLed at random moments and restarted.

After every kill the data folder must open and check clean, hold every acknowledged award,
redemption, workflow transition and import, and hold no half-applied one: an order without its
ledger debit or stock decrement (or the reverse), a verified record without its points (or with
them twice), part of an imported roster. The quick run (a few kills) is part of the suite; the
soak (`./manage.sh soak`, 1,000 kills by default, MEIDE_SOAK_KILLS to change) is marked slow.

Every KILLS_PER_FOLDER kills the soak moves on to a fresh copy of the same demo folder: each
check (and the worker's start) re-reads the whole folder, so on one ever-growing folder a cycle
got slower and slower (measured: ~2-3 s on the fresh folder, ~10 s once it held ~800 kills' worth
of writes, 22 MB, mostly the store's check() replaying the journal), while per folder every check
stays as thorough and the cycle time bounded. The kill count reported is the total over all
folders. The worker compacts the store far sooner than a served app would
(soak_worker.COMPACT_BYTES), so restarts also read a snapshot plus journal, and a kill may land
in a compaction (counted).
"""

import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

import store
from meide.kernel.records import table_name
from meide.points import Catalogue, Ledger
from meide.registry import Registry
from meide.supermarket import Supermarket
from meide.supermarket.goods import TABLE as GOODS
from meide.supermarket.redemption import ORDERS
from store.replay import read_snapshot_generation
from store.snapshot import SNAPSHOT_NAME

sys.path.insert(0, str(Path(__file__).parent))
from soak_worker import GOODS_NAME, INITIAL_STOCK  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).with_name("soak_worker.py")
QUICK_KILLS = 6
QUICK_KILLS_PER_FOLDER = 3      # so the quick run moves to a fresh folder once, too
KILLS_PER_FOLDER = 100
PROGRESS_EVERY = 50
SOAK_KILLS = int(os.environ.get("MEIDE_SOAK_KILLS", "1000"))


@pytest.fixture(scope="module")
def pristine_folder(tmp_path_factory):
    """The demo folder each stretch of the soak starts from a copy of (no worker opens it)."""
    folder = tmp_path_factory.mktemp("soak") / "data"
    subprocess.run([sys.executable, "-m", "meide.cli", "demo", "--data", str(folder),
                    "--residents", "200", "--entries", "2000"], check=True, cwd=ROOT,
                   capture_output=True)
    with store.open_store(folder) as opened:
        market = Supermarket(opened, Ledger(opened, Catalogue(opened)),
                             Registry(opened, actor="soak"))
        market.goods.add(name=GOODS_NAME, points=1, stock=INITIAL_STOCK, actor="soak")
    return folder


def run_and_kill(folder, rng):
    """Start the worker, SIGKILL it after a random delay; its complete output lines."""
    seed = rng.randrange(2 ** 31)
    lines, ready = [], threading.Event()
    with subprocess.Popen([sys.executable, str(WORKER), str(folder), str(seed)], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as worker:

        def read():     # drained continuously, so the worker never waits on a full pipe
            for line in worker.stdout:
                lines.append(line)
                ready.set()
            ready.set()

        reader = threading.Thread(target=read)
        reader.start()
        if rng.random() < 0.1:
            time.sleep(rng.uniform(0, 0.5))         # may land in start-up or recovery
        else:
            ready.wait(timeout=120)
            time.sleep(rng.uniform(0, 0.6))
        worker.kill()
        worker.wait()
        reader.join()
        errors = worker.stderr.read().decode(errors="replace")
    if worker.returncode != -9:
        pytest.fail(f"worker (seed {seed}) ended by itself with {worker.returncode}:\n{errors}")
    # A line cut off by the kill was never acknowledged: leave it out.
    return seed, [json.loads(line) for line in lines if line.endswith(b"\n")]


class Acknowledged:
    """What the workers acknowledged in one folder, and the operation cut by the last kill."""

    def __init__(self, stats: Counter):
        self.awards, self.orders, self.started, self.verified = set(), set(), set(), set()
        self.imported = set()
        self.stats = stats      # counts of what happened, kept over all folders

    def take(self, messages) -> dict | None:
        pending = None
        for message in messages:
            if "begin" in message:
                pending = message
            elif "ack" in message:
                op = message["op"]
                self.stats[op] += 1
                if op == "award":
                    self.awards.add(message["key"])
                elif op == "redeem":
                    self.orders.add(message["key"])
                elif op == "start":
                    self.started.add(message["record"])
                elif op == "verify":
                    self.verified.add(message["record"])
                elif op == "import":
                    self.imported.update(message["ids"])
                pending = None
            elif "refused" in message:
                self.stats["refused"] += 1
                pending = None
        return pending


def check_folder(folder, acked: Acknowledged, pending: dict | None, where: str):
    with store.open_store(folder) as opened:
        report = opened.check()
        assert report.ok, f"{where}: {report.problems}"
        ledger_docs = opened.table("ledger").all()
        by_key = {doc["key"]: doc for doc in ledger_docs}
        orders = opened.table(ORDERS).all()
        order_keys = {order["key"] for order in orders}

        assert acked.awards <= by_key.keys(), f"{where}: acknowledged awards lost"
        assert acked.orders <= order_keys, f"{where}: acknowledged orders lost"
        for order in orders:            # an order, its debit and its stock go together
            entry = by_key.get(f"supermarket:{order['key']}")
            assert entry is not None and entry["points"] == -order["total"], where
        debits = {key for key in by_key if key.startswith("supermarket:")}
        assert debits == {f"supermarket:{key}" for key in order_keys}, f"{where}: stray debit"
        soap = next(doc for doc in opened.table(GOODS).all() if doc["name"] == GOODS_NAME)
        sold = sum(line["quantity"] for order in orders for line in order["lines"]
                   if line["goods"] == soap.doc_id and order["status"] == "done")
        assert soap["stock"] + sold == INITIAL_STOCK, f"{where}: stock and orders disagree"

        records = {doc.doc_id: doc for doc in opened.table(table_name("good_deed")).all()}
        assert acked.started <= records.keys(), f"{where}: acknowledged records lost"
        for record_id in acked.verified:
            assert records[record_id]["state"] == "verified", where
        awarded = Counter(doc.get("source") for doc in ledger_docs)
        for record_id, doc in records.items():
            expected = 1 if doc["state"] == "verified" else 0
            assert awarded[f"good_deed:{record_id}"] == expected, \
                f"{where}: record {record_id} ({doc['state']}) has {awarded[f'good_deed:{record_id}']} awards"

        present = {doc.get("id_number") for doc in opened.table("residents").all()}
        assert acked.imported <= present, f"{where}: acknowledged import lost"
        if pending is not None and pending.get("op") == "import":
            found = sum(number in present for number in pending["ids"])
            assert found in (0, len(pending["ids"])), f"{where}: half an import ({found} rows)"
            if found:
                acked.imported.update(pending["ids"])

        # The running totals a restart rebuilds agree with the entries themselves.
        expected_balances = Counter()
        for doc in ledger_docs:
            expected_balances[doc["account"]] += doc["points"]
        ledger = Ledger(opened, Catalogue(opened))
        assert ledger.balances() == {k: v for k, v in expected_balances.items() if v}, where
    # Operations a kill cut off may have landed: later checks hold them to the same rules.
    if pending is not None and pending.get("op") == "redeem" and pending["key"] in order_keys:
        acked.orders.add(pending["key"])


def compaction_cut(folder) -> bool:
    """Whether the kill cut a compaction short (looked at before the folder is reopened): a
    compaction creates the next journal and a temporary snapshot before it removes the old."""
    return (len(list(folder.glob("journal-*.log"))) > 1
            or (folder / (SNAPSHOT_NAME + ".tmp")).exists())


def folder_megabytes(folder) -> float:
    return sum(path.stat().st_size for path in folder.iterdir()) / 1e6


def soak(pristine, workdir, kills, seed, per_folder=KILLS_PER_FOLDER):
    """Kill and check kills times, on a fresh copy of pristine every per_folder kills."""
    rng = random.Random(seed)
    stats, folder = Counter(), None
    stretch_started = time.monotonic()
    for cycle in range(kills):
        if cycle % per_folder == 0:
            if folder is not None:      # checked after its last kill: only its size is kept
                stats["largest folder (MB)"] = max(stats["largest folder (MB)"],
                                                   round(folder_megabytes(folder)))
                shutil.rmtree(folder)
            folder = workdir / f"data-{cycle // per_folder + 1}"
            shutil.copytree(pristine, folder)
            acked, generation = Acknowledged(stats), read_snapshot_generation(folder)
            stats["folders"] += 1
        worker_seed, messages = run_and_kill(folder, rng)
        pending = acked.take(messages)
        stats["killed mid-operation"] += pending is not None
        stats["kills in a compaction"] += compaction_cut(folder)
        check_folder(folder, acked, pending,
                     f"kill {cycle + 1} in {folder.name} (worker seed {worker_seed})")
        # Each compaction starts the next generation; read once the check's open has settled
        # which generation a cut-off compaction left.
        previous, generation = generation, read_snapshot_generation(folder)
        stats["compactions"] += generation - previous
        if (cycle + 1) % PROGRESS_EVERY == 0:       # a long soak shows how far it got, and pace
            pace = (time.monotonic() - stretch_started) / PROGRESS_EVERY
            print(f"soak: {cycle + 1} kills checked; {pace:.1f} s per kill lately, "
                  f"{folder.name} {folder_megabytes(folder):.1f} MB", flush=True)
            stretch_started = time.monotonic()
    stats["largest folder (MB)"] = max(stats["largest folder (MB)"],
                                       round(folder_megabytes(folder)))
    for op in ("award", "redeem", "start", "verify", "import", "refused"):
        stats[op] += 0      # named in the summary even when none happened
    return stats


def test_quick_soak_loses_nothing_and_applies_nothing_by_half(pristine_folder, tmp_path):
    stats = soak(pristine_folder, tmp_path, QUICK_KILLS, seed=11, per_folder=QUICK_KILLS_PER_FOLDER)
    assert stats["folders"] == 2, stats
    assert stats["award"] + stats["redeem"] + stats["verify"] > 0, stats


@pytest.mark.slow
def test_soak(pristine_folder, tmp_path):
    started = time.monotonic()
    stats = soak(pristine_folder, tmp_path, SOAK_KILLS,
                 seed=int(os.environ.get("MEIDE_SOAK_SEED", "7")))
    print(f"\nsoak: {SOAK_KILLS} kills in {time.monotonic() - started:.0f} s, a fresh folder "
          f"every {KILLS_PER_FOLDER} kills; "
          + ", ".join(f"{name} {count}" for name, count in sorted(stats.items())))
