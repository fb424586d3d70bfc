"""Store benchmarks: durable inserts against SQLite and stock TinyDB, opening, memory and lookups."""

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from common import label, result, temp_folder, timed

TABLE = "ledger"
ACCOUNTS = 20_000           # 50 ledger entries per account at 1M documents
FILL_BATCH = 50_000
FULL = {"sizes": (1_000, 10_000, 100_000, 1_000_000), "inserts": 200,
        "tinydb_inserts": {1_000: 51, 10_000: 21, 100_000: 9},
        "lookups": 1000, "scans": 21, "opens": 3}
QUICK = {"sizes": (1_000, 10_000), "inserts": 50, "tinydb_inserts": {1_000: 21, 10_000: 9},
         "lookups": 200, "scans": 9, "opens": 3}
TARGET_SIZE = 1_000_000     # the targets are stated at 1M documents
MIB = 2**20
REASONS = ("社区清洁志愿服务 2 小时", "Helped an elderly neighbour with the weekly shopping",
           "垃圾分类督导（晚班）", "Redeemed: 5 kg rice at the community shop",
           "Blood donation at the district hospital", "更正：借用工具逾期归还")
RULES = ("VOL", "CLEAN", "CARE", "EDU", "REDEEM", "FIX")


class Ledger:
    """Deterministic ledger-like documents of about 200 JSON bytes each."""

    def __init__(self, seed=20240517):
        self.rng = random.Random(seed)
        self.made = 0

    def doc(self) -> dict:
        rng, self.made = self.rng, self.made + 1
        seconds = 1_715_900_000 + self.made * 7
        return {
            "account": f"R{rng.randrange(ACCOUNTS):06d}",
            "points": rng.choice((1, 2, 5, 10, -20, -50)),
            "rule": f"{rng.choice(RULES)}-{rng.randrange(100):03d}",
            "version": rng.randrange(1, 5),
            "reason": rng.choice(REASONS),
            "actor": f"staff:{rng.randrange(200):03d}",
            "time": time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(seconds)),
            "key": f"{rng.getrandbits(128):032x}",
        }

    def take(self, count: int) -> list:
        return [self.doc() for _ in range(count)]

    def batches(self, count: int):
        # Batches, not one list: a million documents held twice would double the parent's memory.
        while count > 0:
            yield self.take(min(count, FILL_BATCH))
            count -= FILL_BATCH


# -- the three backends ------------------------------------------------------------------------

class OurStore:
    name = "store"

    def __init__(self, folder: Path):
        import store
        self.store_module = store
        self.db = store.open_store(folder)
        # SQLite's reference table has the same indexes.
        self.db.add_index(TABLE, "account")
        self.db.add_index(TABLE, "key")
        self.table = self.db.table(TABLE)

    def count(self):
        return len(self.table)

    def fill(self, docs):
        # One insert_multiple is one journal record: a million documents cost a few dozen fsyncs.
        self.table.insert_multiple(docs)

    def insert(self, doc):
        self.table.insert(doc)

    def by_account(self, account):
        return self.table.search(self.store_module.where("account") == account)

    def by_key(self, key):
        return self.table.search(self.store_module.where("key") == key)

    def by_time(self, moment):
        return self.table.search(self.store_module.where("time") == moment)

    def close(self):
        self.db.close()


class Sqlite:
    """The reference: WAL, synchronous=FULL, one transaction per insert, index on account."""

    name = "sqlite"
    COLUMNS = ("account", "points", "rule", "version", "reason", "actor", "time", "key")

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path, isolation_level=None)     # autocommit: 1 txn per insert
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, account TEXT, "
                          "points INTEGER, rule TEXT, version INTEGER, reason TEXT, actor TEXT, "
                          "time TEXT, key TEXT)")
        self.conn.execute(f"CREATE INDEX {TABLE}_account ON {TABLE}(account)")
        self.conn.execute(f"CREATE INDEX {TABLE}_key ON {TABLE}(key)")
        self.sql_insert = (f"INSERT INTO {TABLE} ({', '.join(self.COLUMNS)}) "
                           f"VALUES ({', '.join('?' * len(self.COLUMNS))})")

    def _row(self, doc):
        return tuple(doc[column] for column in self.COLUMNS)

    def fill(self, docs):
        self.conn.execute("BEGIN")
        self.conn.executemany(self.sql_insert, map(self._row, docs))
        self.conn.execute("COMMIT")
        # Start the timed inserts from an empty WAL, as a long-running server would mostly be.
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def insert(self, doc):
        self.conn.execute(self.sql_insert, self._row(doc))

    def by_account(self, account):
        return self.conn.execute(f"SELECT * FROM {TABLE} WHERE account = ?", (account,)).fetchall()

    def by_key(self, key):
        return self.conn.execute(f"SELECT * FROM {TABLE} WHERE key = ?", (key,)).fetchall()

    def by_time(self, moment):
        return self.conn.execute(f"SELECT * FROM {TABLE} WHERE time = ?", (moment,)).fetchall()

    def close(self):
        self.conn.close()


class StockTinyDB:
    """TinyDB as shipped: JSONStorage reads and rewrites (and fsyncs) the whole file per write."""

    name = "tinydb-json"

    def __init__(self, path: Path):
        self.db = TinyDB(path, storage=JSONStorage)
        self.table = self.db.table(TABLE)

    def fill(self, docs):
        self.table.insert_multiple(docs)

    def insert(self, doc):
        self.table.insert(doc)

    def close(self):
        self.db.close()


# -- durable single inserts --------------------------------------------------------------------

def insert_results(size, ours, lite, stock, ledger, cfg) -> list:
    """Grow the tables to size, then time single durable inserts in each."""
    tinydb_inserts = cfg["tinydb_inserts"].get(size)
    for batch in ledger.batches(size - ours.count()):
        ours.fill(batch)
        lite.fill(batch)
        if tinydb_inserts:
            stock.fill(batch)
    ours_times, lite_times = [], []
    # Alternate the two so that the machine's noise lands on both alike.
    for doc in ledger.take(cfg["inserts"]):
        ours_times.append(timed(ours.insert, doc) * 1e3)
        lite_times.append(timed(lite.insert, doc) * 1e3)
    at = label(size)
    reference = result(f"insert @{at}: sqlite", "ms", lite_times, note=_doc_note(size, cfg))
    target = ("ratio", 2.0) if size == TARGET_SIZE else None
    records = [reference,
               result(f"insert @{at}: store", "ms", ours_times, baseline=reference, target=target)]
    if tinydb_inserts:
        stock_times = [timed(stock.insert, doc) * 1e3 for doc in ledger.take(tinydb_inserts)]
        records.append(result(f"insert @{at}: tinydb-json", "ms", stock_times,
                              baseline=reference))
    return records


def _doc_note(size, cfg):
    if size != cfg["sizes"][0]:
        return None
    sample = Ledger(seed=3).take(1000)
    average = sum(len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
                  for doc in sample) / len(sample)
    return f"documents average {average:.0f} JSON bytes"


# -- lookups -----------------------------------------------------------------------------------

def lookup_results(size, ours, lite, cfg) -> list:
    """Indexed searches (one document by idempotency key; an account's ~50 entries) and an
    unindexed full scan, each against SQLite with the same indexes."""
    rng = random.Random(7)
    at = label(size)
    samples = [ours.table.get(doc_id=rng.randrange(1, ours.count()))
               for _ in range(cfg["lookups"])]
    ours_times, lite_times, found = _alternate(ours.by_key, lite.by_key,
                                               [doc["key"] for doc in samples])
    reference = result(f"lookup by key (indexed) @{at}: sqlite", "ms", lite_times, note=found)
    records = [reference, result(f"lookup by key (indexed) @{at}: store", "ms", ours_times,
                                 baseline=reference, target=("median", 0.1))]
    # Distinct accounts, so that TinyDB's query cache never answers instead of the index.
    accounts = [f"R{number:06d}" for number in rng.sample(range(ACCOUNTS), cfg["lookups"])]
    ours_times, lite_times, found = _alternate(ours.by_account, lite.by_account, accounts)
    reference = result(f"lookup by account (indexed) @{at}: sqlite", "ms", lite_times, note=found)
    records += [reference, result(f"lookup by account (indexed) @{at}: store", "ms", ours_times,
                                  baseline=reference,
                                  note="each result is a TinyDB Document copy (about 3 µs)")]
    moments = [doc["time"] for doc in samples[:cfg["scans"]]]
    ours_times, lite_times, found = _alternate(ours.by_time, lite.by_time, moments)
    reference = result(f"lookup by time (unindexed scan) @{at}: sqlite", "ms", lite_times,
                       note=found)
    records += [reference, result(f"lookup by time (unindexed scan) @{at}: store", "ms",
                                  ours_times, baseline=reference)]
    return records


def _alternate(ours_lookup, lite_lookup, values):
    ours_times, lite_times, hits = [], [], 0
    for value in values:
        ours_times.append(timed(ours_lookup, value) * 1e3)
        lite_times.append(timed(lite_lookup, value) * 1e3)
        # A wrong answer would make the timing meaningless; compare the counts as we go.
        found = len(ours_lookup(value))
        assert found == len(lite_lookup(value)), value
        hits += found
    # Lookup time grows with the documents returned, so say how many that was.
    return ours_times, lite_times, f"{hits / len(values):.1f} documents per lookup"


# -- opening and memory ------------------------------------------------------------------------

def open_results(folder: Path, size: int, what: str, cfg) -> list:
    """Open the store in fresh processes (warm page cache): time, then peak and settled RSS."""
    probes = [_probe(folder) for _ in range(cfg["opens"])]
    at = f"{label(size)} {what}"
    base = statistics.median(p["rss_base_mib"] for p in probes)
    base = f"interpreter + store imported: {base:.0f} MiB"
    return [
        result(f"open @{at}", "s", [p["open_s"] for p in probes], target=("median", 5.0),
               note=f"{probes[0]['docs']:,} documents"),
        result(f"add_index(account) after open @{at}", "s", [p["index_s"] for p in probes]),
        result(f"RSS peak (VmHWM) open+index @{at}", "MiB", [p["rss_peak_mib"] for p in probes],
               target=("median", 1536.0)),
        result(f"RSS settled (VmRSS) open+index @{at}", "MiB",
               [p["rss_settled_mib"] for p in probes], target=("median", 1536.0), note=base),
    ]


def _probe(folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--open-probe", str(folder)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def open_probe(folder: str):
    """Run in a fresh interpreter: open the store, index it, report times and memory as JSON."""
    import gc
    import store
    base = _proc_status()
    start = time.perf_counter()
    db = store.open_store(folder)
    opened = time.perf_counter()
    db.add_index(TABLE, "account")
    indexed = time.perf_counter()
    gc.collect()
    status = _proc_status()
    print(json.dumps({"docs": len(db.table(TABLE)), "open_s": opened - start,
                      "index_s": indexed - opened, "rss_base_mib": base["VmRSS"],
                      "rss_settled_mib": status["VmRSS"], "rss_peak_mib": status["VmHWM"]}))
    db.close()


def _proc_status() -> dict:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) * 1024 / MIB
    return fields


# -- a store whose journal is long: the slowest open short of compaction -----------------------

def build_journal_fixture(folder: Path, size: int, ledger: Ledger) -> str:
    """72% of size in a snapshot, the rest as single-insert journal records; returns a label.

    Compaction runs by itself once the journal outgrows max(half the snapshot, a floor), so
    this is about the longest replay an open can meet for a store of this size.
    """
    from store.storage import COMPACT_MIN_BYTES
    ours = OurStore(folder)
    try:
        for batch in ledger.batches(size * 72 // 100):
            ours.fill(batch)
        ours.db.compact()
        limit = 0.95 * max(COMPACT_MIN_BYTES, (folder / "snapshot.json").stat().st_size // 2)
        records = 0
        with _without_fsync():
            while ours.count() < size and _journal_bytes(folder) < limit:
                for doc in ledger.take(min(1000, size - ours.count())):
                    ours.insert(doc)
                    records += 1
    finally:
        ours.close()
    return f"({label(size - records) if size - records else 0} in snapshot + {records:,} " \
           "journal records)"


@contextmanager
def _without_fsync():
    # A fixture needs no durability; without syncs 400k single commits take a minute, not hours.
    saved = os.fsync, os.fdatasync
    os.fsync = os.fdatasync = lambda fd: None
    try:
        yield
    finally:
        os.fsync, os.fdatasync = saved


def _journal_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("journal-*.log"))


# -- entry point -------------------------------------------------------------------------------

def run(quick: bool) -> list:
    cfg = QUICK if quick else FULL
    ledger = Ledger()
    records = []
    with temp_folder("store") as tmp:
        ours, lite = OurStore(tmp / "store"), Sqlite(tmp / "ledger.db")
        stock = StockTinyDB(tmp / "tinydb.json")
        try:
            for size in cfg["sizes"]:
                records += insert_results(size, ours, lite, stock, ledger, cfg)
                _progress(records)
            records += lookup_results(cfg["sizes"][-1], ours, lite, cfg)
            _progress(records)
            ours.db.compact()
        finally:
            for backend in (ours, lite, stock):
                backend.close()
        records += open_results(tmp / "store", cfg["sizes"][-1], "compacted", cfg)
        _progress(records)
    with temp_folder("journal") as tmp:
        size = cfg["sizes"][-1]
        what = build_journal_fixture(tmp / "store", size, Ledger(seed=1))
        records += open_results(tmp / "store", size, what, cfg)
    return records


def _progress(records):
    # A full run takes minutes; say how far it got.
    print(f"  ... {records[-1]['name']}: {records[-1]['median']:.3g} {records[-1]['unit']}",
          file=sys.stderr, flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--open-probe"]:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        open_probe(sys.argv[2])
    else:
        sys.exit("run benchmarks through benchmarks/run.py")
