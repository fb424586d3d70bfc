"""Soak worker: the served app's engine under mixed load, each operation announced, then acked.

Usage: soak_worker.py FOLDER SEED. Opens FOLDER through meide.runtime (the wiring `meide serve`
uses: one store, registry, ledger and kernel runner per process) and runs until killed
(tests/test_soak.py SIGKILLs it): awards, credit-supermarket redemptions, 好人好事 workflow
transitions and roster imports. Each operation prints {"begin": …} before the call and
{"ack": …} after it returned, one flushed JSON line each; a refused operation prints
{"refused": …} and must have left nothing behind. The store compacts once its journal passes
COMPACT_BYTES (and half the snapshot), not the served app's 64 MB, so that compactions happen
within a soak and kills land in them too.
"""

import csv
import json
import os
import random
import sys
import tempfile
from pathlib import Path

MAX_SECONDS = 300       # never outlive a harness that died without killing us
GOODS_NAME = "浸泡测试洗衣皂"
INITIAL_STOCK = 10 ** 6
COMPACT_BYTES = 256 * 1024


def say(**message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main(folder, seed):
    os.environ["MEIDE_DATA"] = folder
    import signal
    signal.alarm(MAX_SECONDS)
    import store.storage
    store.storage.COMPACT_MIN_BYTES = COMPACT_BYTES
    from meide import runtime
    from meide.demo.people import write_roster
    from meide.kernel.permissions import actor_from_staff
    from meide.errors import MeideError
    from meide.registry.importer import import_roster
    from meide.supermarket import Supermarket

    rng = random.Random(seed)
    services = runtime.get_services()
    runner = runtime.get_runner()
    registry, ledger = services.registry, services.ledger
    staff = {name: actor_from_staff(registry.staff.by_username(name))
             for name in ("wangge", "beimen", "chaoshi")}
    grid = staff["wangge"]
    adults = [doc for doc in registry.residents.list(None) if not doc.get("minor")]
    # Awards and redemptions go to anyone in the subdistrict: over one grid's few residents the
    # rules' daily caps refuse nearly every award after the first few kills. A 网格员 reports
    # good deeds of their own grid only.
    everyone = [doc.doc_id for doc in adults]
    residents = [doc.doc_id for doc in adults if doc.get("grid") == grid.grid]
    market = Supermarket(runtime.get_store(), ledger, registry)
    soap = next(doc.doc_id for doc in market.goods.list(None) if doc["name"] == GOODS_NAME)
    say(ready=os.getpid())
    refusals = MeideError            # refused with a message for staff: the soak goes on
    scratch = Path(tempfile.mkdtemp(prefix="soak-roster-"))
    n = 0
    while True:
        n += 1
        token = f"{seed}-{n}"
        roll = rng.random()
        resident = rng.choice(everyone if roll < 0.75 else residents)
        try:
            if roll < 0.45:
                key = f"soak:award:{token}"
                say(begin=n, op="award", key=key)
                ledger.award(services.account("resident", resident), "WASTE_SORTING" if
                             rng.random() < 0.5 else "NEIGHBOUR_HELP", reason="浸泡测试",
                             actor="soak", key=key, evidence=["签到表.jpg"])
                say(ack=n, op="award", key=key)
            elif roll < 0.75:
                key = f"soak:order:{token}"
                say(begin=n, op="redeem", key=key)
                market.redeem(resident, {soap: rng.choice((1, 1, 2))}, actor="chaoshi", key=key)
                say(ack=n, op="redeem", key=key)
            elif roll < 0.97:
                say(begin=n, op="good_deed")
                record = runner.start("good_deed", grid, {
                    "resident": resident, "deed_date": "2026-11-01", "category": "GOOD_DEED",
                    "deed": f"浸泡测试的好事 {token}", "witness": "", "story_title": "",
                    "story_text": "", "photo": ""}, key=f"soak:start:{token}")
                say(ack=n, op="start", record=record.id)
                say(begin=n, op="verify", record=record.id)
                runner.apply("good_deed", record.id, "verify", staff["beimen"],
                             key=f"soak:verify:{token}")
                say(ack=n, op="verify", record=record.id)
            else:
                path = scratch / f"{token}.csv"
                write_roster(registry, path, 3, seed=rng.getrandbits(40))
                ids = roster_ids(path)
                say(begin=n, op="import", ids=ids)
                import_roster(registry, "residents", path)
                say(ack=n, op="import", ids=ids)
        except refusals as exc:
            say(refused=n, reason=str(exc)[:200])


def roster_ids(path) -> list:
    """The ID numbers of a roster file written by meide.demo.write_roster."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = next(i for i, row in enumerate(rows) if "身份证号" in row)
    column = rows[header].index("身份证号")
    return [row[column] for row in rows[header + 1:] if len(row) > column and row[column]]


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
