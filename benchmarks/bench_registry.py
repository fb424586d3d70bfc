"""Registry benchmark: a 10,000-row roster imported end to end, and resident search over 100,000.

Run alone with `python benchmarks/bench_registry.py [--quick]`; benchmarks/run.py calls run().
Search is timed per query (name, pinyin initials, phone tail) against a naive full scan of the
residents table in the same run; the import is timed from the .xlsx file to the committed
transaction, including validation of every row and an audit entry per record.
"""

import json
import random
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

import store  # noqa: E402
from common import result, temp_folder  # noqa: E402
from meide.demo.people import build_demo, write_roster  # noqa: E402
from meide.registry import Registry  # noqa: E402
from meide.registry.importer import import_roster  # noqa: E402

SEARCH_TARGET_MS, IMPORT_TARGET_S = 50, 15


def _complete(record: dict) -> dict:
    # Every figure carries the same keys, with None where a figure has no baseline or target.
    for key in ("target", "met", "baseline", "baseline_median", "ratio"):
        record.setdefault(key, None)
    return record


def _import_samples(rows: int, repeats: int) -> list:
    samples = []
    for repeat in range(repeats):
        with temp_folder("registry-import") as folder:
            with store.open_store(folder / "data") as opened:
                build_demo(opened, residents=200, seed=repeat)
                registry = Registry(opened)
                roster = folder / "roster.xlsx"
                write_roster(registry, roster, rows, seed=1000 + repeat)
                start = time.perf_counter()
                report = import_roster(registry, "residents", roster)
                samples.append(time.perf_counter() - start)
                assert report.created == rows, report.summary()
    return samples


def _per_query_ms(search, queries) -> list:
    samples = []
    for query in queries:
        start = time.perf_counter()
        search(query)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _search_figures(residents: int, queries: int) -> list:
    figures = []
    with temp_folder("registry-search") as folder, store.open_store(folder / "data") as opened:
        build_demo(opened, residents=residents, seed=1)
        registry = Registry(opened)
        table = registry.residents.table
        start = time.perf_counter()
        registry.search("预热")                     # builds the in-memory index
        build = time.perf_counter() - start
        rng = random.Random(5)
        picked = [table.get(doc_id=rng.randint(1, residents)) for _ in range(queries)]
        kinds = {
            "name": ([p["name"] for p in picked],
                     lambda q: table.search(store.Query().name.test(lambda v: q in v))),
            "initials": ([p["initials"] for p in picked],
                         lambda q: table.search(store.Query().initials.test(
                             lambda v: v.startswith(q)))),
            "phone tail": ([p["phone_tail"] or "1234" for p in picked],
                           lambda q: table.search(store.Query().phone.test(
                               lambda v: v.endswith(q)))),
        }
        size = f"{residents // 1000}k"
        figures.append(_complete(result(f"search index build over {size} residents", "s",
                                        [build])))
        for kind, (texts, naive) in kinds.items():
            baseline = result(f"naive full scan by {kind} over {size}", "ms",
                              _per_query_ms(naive, texts[: max(5, queries // 5)]))
            indexed = result(f"search by {kind} over {size} residents", "ms",
                             _per_query_ms(registry.search, texts), baseline=baseline,
                             target=("median", SEARCH_TARGET_MS))
            figures += [_complete(baseline), _complete(indexed)]
    return figures


def run(quick: bool = False) -> list:
    rows, repeats = (2_000, 1) if quick else (10_000, 3)
    import_samples = _import_samples(rows, repeats)
    figures = [_complete(result(f"import {rows // 1000}k-row .xlsx roster end to end", "s",
                                import_samples, target=("median", IMPORT_TARGET_S)))]
    return figures + _search_figures(10_000 if quick else 100_000, 40 if quick else 200)


if __name__ == "__main__":
    for figure in run(quick="--quick" in sys.argv):
        print(json.dumps(figure, ensure_ascii=False))
