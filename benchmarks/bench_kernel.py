"""Workflow transitions at size: apply (guard, history, one effect) with 100,000 records stored."""

import datetime as dt
import time

import param

import store
from common import label, result, temp_folder
from meide import clock
from meide.kernel import Actor, IssueDocument, Runner, State, Transition, Workflow, catalog
from meide.kernel.records import HISTORY_TABLE, table_name

WORKER = Actor("grid1", "网格员", {"网格员"}, community="北门社区")
OFFICER = Actor("officer1", "社区干部", {"社区管理员"}, community="北门社区")


class BenchDeed(Workflow):
    """A report verified by an officer: a guard, a history line and one effect per transition."""

    slug = "bench_deed"
    title = "性能测试"
    start_roles = ("网格员",)
    required = ("story",)
    story = param.String(default="", doc="事迹。", label="事迹")
    states = [State("reported", "待核实"), State("verified", "已核实", final=True)]
    transitions = [Transition("verify", "核实", "reported", "verified", roles=("社区管理员",),
                              approves=True, guard="has_story")]
    effects = {"verified": [IssueDocument(kind="notice", title="公示")]}

    def has_story(self, services):
        """事迹不能为空"""
        return bool(self.story)


def _prefill(opened, count):
    now = clock.now().isoformat()
    records, history = [], []
    for number in range(1, count + 1):
        records.append({"state": "reported", "values": {"story": f"事迹{number}"},
                        "scope": {"community": "北门社区", "grid": None}, "version": 1,
                        "created_by": "grid1", "created_at": now, "updated_at": now, "seq": 1,
                        "entered": 1, "signatures": {}, "objections": [], "due": None})
        history.append({"ref": f"bench_deed:{number}", "slug": "bench_deed", "record": number,
                        "seq": 1, "action": "start", "actor": "grid1", "at": now, "key": None})
    with opened.transaction():
        for start in range(0, count, 10_000):
            opened.table(table_name("bench_deed")).insert_multiple(records[start:start + 10_000])
            opened.table(HISTORY_TABLE).insert_multiple(history[start:start + 10_000])


def run(quick: bool) -> list:
    count = 10_000 if quick else 100_000
    samples = 50 if quick else 200
    results = []
    with temp_folder("kernel") as folder, clock.frozen(dt.datetime(2026, 10, 1, 9)):
        with store.open_store(folder / "data") as opened:
            runner = Runner(opened)
            runner.workflow("bench_deed")
            _prefill(opened, count)
            insert_times, apply_times = [], []
            bare = opened.table("bench_bare")
            for number in range(1, samples + 1):
                start = time.perf_counter()
                bare.insert({"state": "verified", "story": f"事迹{number}", "actor": "officer1"})
                insert_times.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                runner.apply("bench_deed", number, "verify", OFFICER, comment="属实")
                apply_times.append((time.perf_counter() - start) * 1000)
            baseline = result(f"store insert (durable), {label(count)} records", "ms",
                              insert_times)
            results.append(baseline)
            results.append(result(f"workflow transition (guard, history, effect), "
                                  f"{label(count)} records", "ms", apply_times,
                                  baseline=baseline, target=("median", 5.0)))
    catalog.unregister("bench_deed")
    return results
