"""Run the benchmarks (benchmarks/bench_*.py) and write benchmarks/results.json and results.md.

Each bench_<name>.py exposes run(quick: bool) -> list of result dicts, best made with
common.result(): name, unit, median, n, and when there is one baseline (its name),
baseline_median and ratio (median / baseline_median, both measured in the same run), target
({"of": "median" or "ratio", "max": limit}) and met (bool), optionally a short note.
"""

import argparse
import datetime
import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# bench modules import common by name; the project root makes `import store` work without install.
sys.path[:0] = [str(HERE), str(ROOT)]

from common import target_text  # noqa: E402


def discover() -> dict:
    """{'store': path of bench_store.py, ...} for every benchmark module, in name order."""
    return {path.stem.removeprefix("bench_"): path for path in sorted(HERE.glob("bench_*.py"))}


def select(available: dict, names: list) -> list:
    """The benchmark names to run: all, or those asked for (as 'store' or 'bench_store')."""
    if not names:
        return list(available)
    chosen = [name.removeprefix("bench_").removesuffix(".py") for name in names]
    unknown = [name for name in chosen if name not in available]
    if unknown:
        sys.exit(f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available)}")
    return chosen


def machine() -> dict:
    """Where the figures were measured; fsync costs depend on the temp folder's filesystem."""
    temp = Path(os.environ.get("TMPDIR") or "/tmp")
    return {
        "cpu": _cpuinfo_field("model name") or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory_gib": round(_meminfo_kib("MemTotal") / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "temp_folder": str(temp),
        "temp_filesystem": _filesystem(temp),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _cpuinfo_field(name):
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _meminfo_kib(name):
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _filesystem(path: Path):
    # The longest mount point containing path names its filesystem.
    best, kind = "", None
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            _device, mount, fstype = line.split()[:3]
            inside = str(path.resolve()).startswith(mount.rstrip("/") + "/") or mount == "/"
            if inside and len(mount) >= len(best):
                best, kind = mount, fstype
    except OSError:
        pass
    return kind


def _git(*args):
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def run_one(name: str, path: Path, quick: bool) -> dict:
    """Import and run one module; a failing benchmark is recorded, not fatal to the others."""
    started = time.perf_counter()
    entry = {"name": name, "results": []}
    try:
        module = importlib.import_module(path.stem)
        entry["results"] = [dict(record, bench=name) for record in module.run(quick)]
    except Exception:
        traceback.print_exc()
        entry["error"] = traceback.format_exc(limit=5).strip().splitlines()[-1]
    entry["seconds"] = round(time.perf_counter() - started, 1)
    return entry


def markdown(report: dict) -> str:
    info = report["machine"]
    lines = [
        "# Benchmark results" + (" (quick run)" if report["quick"] else ""),
        "",
        f"{info['date']} · commit {info['commit']} · {info['cpu']}, {info['usable_cores']} of "
        f"{info['cores']} cores, {info['memory_gib']} GiB · Python {info['python']} · temp "
        f"{info['temp_folder']} ({info['temp_filesystem']}) · load {info['load_average']}",
        "",
        "Medians; ratios are against the baseline measured in the same run.",
    ]
    for entry in report["benchmarks"]:
        lines += ["", f"## {entry['name']} ({entry['seconds']} s)", ""]
        if "error" in entry:
            lines += [f"**Failed:** `{entry['error']}`", ""]
        lines += [
            "| benchmark | median | n | baseline | baseline median | ratio | target | met | note |",
            "|---|---:|---:|---|---:|---:|---|---|---|",
        ]
        lines += [_row(record) for record in entry["results"]]
    return "\n".join(lines) + "\n"


def _row(record) -> str:
    met = {True: "yes", False: "**NO**"}.get(record.get("met"), "")
    ratio = record.get("ratio")
    unit = record.get("unit", "")
    cells = [
        record.get("name", "?"), _figure(record.get("median"), unit), str(record.get("n", "")),
        record.get("baseline") or "", _figure(record.get("baseline_median"), unit),
        f"{ratio:.3g}×" if isinstance(ratio, (int, float)) else "", target_text(record), met,
        record.get("note") or "",
    ]
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


def _figure(value, unit) -> str:
    # Other modules' records may carry None or text here; a report must never fail on them.
    if not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return f"{value:.3g} {unit}" if abs(value) < 1000 else f"{value:,.0f} {unit}"


def main(argv=None):
    available = discover()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: "
                                                 f"{', '.join(available)})")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer samples")
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder for results.json and results.md (default benchmarks/)")
    args = parser.parse_args(argv)
    report = {"quick": args.quick, "machine": machine(), "benchmarks": []}
    for name in select(available, args.names):
        print(f"== {name}", flush=True)
        entry = run_one(name, available[name], args.quick)
        report["benchmarks"].append(entry)
        for record in entry["results"]:
            print("  " + _row(record), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    (args.out / "results.md").write_text(markdown(report))
    print(f"wrote {args.out / 'results.json'} and {args.out / 'results.md'}")
    return 1 if any("error" in entry for entry in report["benchmarks"]) else 0


if __name__ == "__main__":
    sys.exit(main())
