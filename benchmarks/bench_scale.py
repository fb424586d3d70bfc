"""Scale benchmark: a full-size subdistrict-year (`meide demo --residents 100000 --entries
1000000`) opened as the app opens it, and every everyday flow timed on it.

The folder is built once and kept in benchmarks/out/scale-<size> (ignored by git; delete it to
rebuild); its build time is reported when this run built it. The measured writes are real
durable writes to that folder, which grows by a hundred or so entries a run.
Run alone with `python benchmarks/bench_scale.py [--quick]`; benchmarks/run.py calls run().
"""

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import store  # noqa: E402
from common import label, result  # noqa: E402
from meide import clock  # noqa: E402
from meide.points import saved_totals  # noqa: E402

START = """
import json, resource, time
started = time.perf_counter()
from meide import runtime
runtime.get_store()
opened = time.perf_counter()
runtime.get_services()
print(json.dumps({"seconds": time.perf_counter() - started, "store": opened - started,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FULL = (100_000, 1_000_000)
QUICK = (5_000, 50_000)
SAMPLES = 30


def folder_for(residents: int, entries: int) -> tuple:
    """(folder, seconds it took to build now or None if it was already there)."""
    folder = HERE / "out" / f"scale-{label(residents)}-{label(entries)}"
    if (folder / "DEMO-ACCOUNTS.txt").exists():
        return folder, None
    if folder.exists():
        raise SystemExit(f"{folder} is an unfinished build: delete it and run again")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "meide.cli", "demo", "--data", str(folder),
                    "--residents", str(residents), "--entries", str(entries)], check=True,
                   cwd=HERE.parent, stdout=subprocess.DEVNULL)
    return folder, time.perf_counter() - started


def _start(folder) -> dict:
    """Seconds to a ready app (imports, store, registry, ledger) in a new process, and its RSS."""
    done = subprocess.run([sys.executable, "-c", START], cwd=HERE.parent, check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "MEIDE_DATA": str(folder)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ms(samples):
    return [s * 1000 for s in samples]


def _time(call, repeat=SAMPLES) -> list:
    samples = []
    for number in range(repeat):
        start = time.perf_counter()
        call(number)
        samples.append(time.perf_counter() - start)
    return samples


def run(quick: bool) -> list:
    residents, entries = QUICK if quick else FULL
    size = f"{label(residents)} residents, {label(entries)} entries"
    folder, built = folder_for(residents, entries)
    results = []
    if built is not None:
        results.append(result(f"build the demo ({size})", "s", [built]))

    # The app's start as `meide serve` does it (runtime.get_services in a fresh process):
    # first with the ledger replayed from every entry, then with its saved running totals.
    totals = folder / saved_totals.FILE
    aside = totals.with_name(totals.name + ".aside")
    if totals.exists():
        totals.replace(aside)
    replayed = _start(folder)
    aside.unlink(missing_ok=True)           # the start above saved fresh totals on its way out
    baseline = result(f"app start, ledger replayed from every entry ({size})", "s",
                      [replayed["seconds"]])
    saved = [_start(folder) for _ in range(3)]
    results += [baseline,
                result(f"app start with saved ledger totals ({size})", "s",
                       [run["seconds"] for run in saved], baseline=baseline,
                       target=("median", 10.0)),
                result(f"  of which opening the store ({size})", "s",
                       [run["store"] for run in saved], target=("median", 5.0)),
                result("resident memory after the start", "MiB",
                       [run["rss_mib"] for run in saved])]
    opened = store.open_store(folder)
    from meide.engine import Engine
    from meide.kernel import Runner
    from meide.kernel.permissions import actor_from_staff
    from meide.supermarket import Supermarket
    services = Engine(opened).services
    try:
        results += _flows(opened, services, Runner, actor_from_staff, Supermarket, size)
    finally:
        opened.close()
    return results


def _flows(opened, services, Runner, actor_from_staff, Supermarket, size) -> list:
    registry, ledger = services.registry, services.ledger
    runner = Runner(opened, services)
    officer = actor_from_staff(registry.staff.by_username("beimen"))
    worker = actor_from_staff(registry.staff.by_username("wangge"))
    mine = [d for d in registry.residents.list(None, grid=worker.grid) if not d.get("minor")]
    stamp = time.time_ns()
    bare = opened.table("bench_bare")
    baseline = result("bare store insert (durable)", "ms",
                      _ms(_time(lambda n: bare.insert({"n": n, "at": stamp}))))
    results = [baseline]

    def award(number):
        account = services.account("resident", mine[number % len(mine)].doc_id)
        ledger.award(account, "NEIGHBOUR_HELP", reason="规模测试", actor="bench",
                     key=f"scale:{stamp}:{number}")
    # A day of its own for each run (the folder is reused), so daily caps never refuse, and
    # later than every earlier run's, as the clock only moves forward at a counter: an entry
    # dated before the account's latest makes the ledger count its cap usage from the entries.
    later = 400 + int((time.time() - 1.7e9) // 150)
    with clock.frozen(dt.datetime.now(clock.TIMEZONE) + dt.timedelta(days=later)):
        results.append(result("award points (durable)", "ms", _ms(_time(award)),
                              baseline=baseline, target=("median", 2.0)))

        market = Supermarket(opened, ledger, registry)
        goods = market.goods.add(name=f"规模测试毛巾{stamp}", points=1, stock=10_000, actor="bench")
        rich = [d for d in mine if ledger.balance(f"resident:{d.doc_id}") >= 5] or mine

        def redeem(number):
            market.redeem(rich[number % len(rich)].doc_id, {goods: 1}, actor="bench",
                          key=f"scale-order:{stamp}:{number}")
        results.append(result("credit-supermarket redemption (durable)", "ms",
                              _ms(_time(redeem)), baseline=baseline, target=("median", 5.0)))

        def transition(number):
            record = runner.start("good_deed", worker, {
                "resident": mine[number % len(mine)].doc_id, "deed_date": "2026-11-01",
                "category": "NEIGHBOUR_HELP", "deed": f"规模测试 {number}", "witness": "",
                "story_title": "", "story_text": "", "photo": ""})
            started = time.perf_counter()
            runner.apply("good_deed", record.id, "verify", officer)
            return time.perf_counter() - started
        samples = [transition(number) for number in range(SAMPLES)]
        results.append(result("workflow transition with its points effect", "ms", _ms(samples),
                              baseline=baseline, target=("median", 5.0)))

    name = mine[0]["name"]
    results.append(result(f"registry search by name ({size})", "ms",
                          _ms(_time(lambda n: registry.search(name)))))
    start, end = dt.date(2026, 7, 1), dt.date(2026, 10, 1)
    results.append(result("quarter ranking by community", "s",
                          _time(lambda n: ledger.ranking(start, end), 5),
                          target=("median", 2.0)))
    results.append(result("a resident's statement", "ms",
                          _ms(_time(lambda n: ledger.statement(f"resident:{mine[n].doc_id}"))),
                          target=("median", 50.0)))
    from meide.reports.dashboard import Dashboard, last_months
    from meide.scope import Scope
    whole = Dashboard(services, Scope())
    results.append(result("dashboard figures, whole subdistrict", "s",
                          _time(lambda n: whole.tables(start, end, last_months(12, end)), 3),
                          target=("median", 3.0)))
    return results


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), ensure_ascii=False, indent=1))
