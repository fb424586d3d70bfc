"""Helpers shared by the bench_*.py modules: timing, temp folders and the result record."""

import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def timed(fn, *args) -> float:
    """Seconds taken by one call of fn(*args)."""
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def label(count: int) -> str:
    """1000 -> '1k', 1000000 -> '1M': short sizes for result names."""
    for factor, suffix in ((1_000_000, "M"), (1_000, "k")):
        if count >= factor and count % factor == 0:
            return f"{count // factor}{suffix}"
    return str(count)


@contextmanager
def temp_folder(prefix: str):
    """A scratch folder under $TMPDIR (or /tmp), removed afterwards even when a benchmark fails."""
    with tempfile.TemporaryDirectory(prefix=f"meide-bench-{prefix}-",
                                     ignore_cleanup_errors=True) as path:
        yield Path(path)


def result(name, unit, samples, *, baseline=None, target=None, note=None) -> dict:
    """One benchmark figure: the median of samples, compared with a baseline result if given.

    target is (what, limit): ("ratio", 2.0) means median/baseline <= 2, ("median", 5.0) means
    median <= 5 in unit. Samples are already in unit.
    """
    samples = list(samples)
    record = {"name": name, "unit": unit, "median": statistics.median(samples), "n": len(samples)}
    if baseline is not None:
        record["baseline"] = baseline["name"]
        record["baseline_median"] = baseline["median"]
        record["ratio"] = record["median"] / baseline["median"] if baseline["median"] else None
    if target is not None:
        what, limit = target
        value = record.get(what)
        record["target"] = {"of": what, "max": limit}
        record["met"] = value is not None and value <= limit
    if note:
        record["note"] = note
    return record


def target_text(record) -> str:
    """'ratio ≤ 2' or '≤ 5 s' for a result's target; '' when it has none.

    Besides {"of", "max"} a bare number is read as a limit on the median, and text is shown as is.
    """
    target = record.get("target")
    if target is None or target == "":
        return ""
    if isinstance(target, (int, float)):
        target = {"of": "median", "max": target}
    if not isinstance(target, dict):
        return str(target)
    if target.get("of") == "ratio":
        return f"ratio ≤ {target['max']:g}"
    return f"≤ {target['max']:g} {record.get('unit', '')}"
