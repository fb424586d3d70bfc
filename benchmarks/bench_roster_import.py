"""Roster import in the console: a 10,000-row roster checked (dry run) and imported through the
registry page's import panel, driven in Python without a browser, against the CLI's import of
the same roster in the same run.

Run alone with `python benchmarks/bench_roster_import.py [--quick]`; benchmarks/run.py calls
run(). Each sample builds a fresh demo store; a 社区管理员 (beimen) uploads the roster, the page
checks it, then imports it (writing every row, audited, and refreshing the list): end to end,
as a staff member waits for it. The baseline is import_roster itself, as `meide import` runs it.
"""

import json
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

import store  # noqa: E402
from common import label, result, temp_folder  # noqa: E402
from meide.demo.people import build_demo, write_roster  # noqa: E402
from meide.registry import Registry  # noqa: E402
from meide.registry.importer import import_roster  # noqa: E402

TARGET_S = 15


def _sample(rows: int, seed: int, console: bool) -> float:
    with temp_folder("roster-import") as folder:
        with store.open_store(folder / "data") as opened:
            build_demo(opened, residents=200, seed=seed)
            registry = Registry(opened)
            roster = folder / "roster.xlsx"
            write_roster(registry, roster, rows, seed=1000 + seed)
            if not console:
                start = time.perf_counter()
                report = import_roster(registry, "residents", roster, community="北门社区")
                elapsed = time.perf_counter() - start
            else:
                elapsed, report = _console(registry.acting_as("beimen"), roster)
            assert report.applied and report.created == rows, report.summary()
            return elapsed


def _console(registry, roster):
    from meide.views.registry_page import RegistryPage
    page = RegistryPage(registry=registry)
    panel = page.roster_import
    panel.upload.param.update(value=roster.read_bytes(), filename=roster.name)
    start = time.perf_counter()
    assert panel.check() and panel.job.wait(600)
    assert panel.report.ok, panel.report.summary()
    assert panel.import_residents() and panel.job.wait(600)
    return time.perf_counter() - start, panel.report


def run(quick: bool = False) -> list:
    rows = 1_000 if quick else 10_000
    repeats = 1 if quick else 3
    cli, console = [], []
    for seed in range(repeats):     # interleaved: a shared machine's load falls on both alike
        cli.append(_sample(rows, seed, console=False))
        console.append(_sample(rows, seed, console=True))
    baseline = result(f"roster import {label(rows)} rows, CLI (import_roster)", "s", cli)
    figure = result(f"roster import {label(rows)} rows, console (check + import)", "s", console,
                    baseline=baseline, target=("median", TARGET_S) if not quick else None,
                    note="a 社区管理员's upload: the page's dry run, then its import and list "
                         "refresh; fresh demo store per sample")
    for record in (baseline, figure):
        for key in ("target", "met", "baseline", "baseline_median", "ratio"):
            record.setdefault(key, None)
    return [baseline, figure]


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), ensure_ascii=False, indent=2))
