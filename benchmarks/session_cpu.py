"""The server CPU one console session costs: sessions opened one after another, each timed
by the server process's CPU seconds (a figure that stays steady while other work shares the
machine, unlike wall-clock load times).

    python benchmarks/session_cpu.py [--sessions 12] [--data FOLDER] [--page /console]

The data folder (default /tmp/meide-session-cpu) holds the console benchmark's 10,000-resident
demo with 141 deeds waiting for the officer, built on first use and kept. --hold SECONDS then
keeps opening sessions while a profiler looks (it prints the server's process id).
"""

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_console import OFFICER, prepare, serving  # noqa: E402
from protocol_session import ProtocolSession  # noqa: E402

DEEDS = 141                     # as many as the console benchmark's rounds leave waiting
RESIDENTS = 10_000


def server_process(base: str) -> psutil.Process:
    """The process listening on the served port (meide serve execs into panel serve)."""
    port = int(base.rsplit(":", 1)[1])
    for connection in psutil.net_connections("tcp"):
        if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port:
            return psutil.Process(connection.pid)
    raise RuntimeError(f"nothing listens on {port}")


def cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


async def measure(base: str, password: str, sessions: int, path: str) -> list:
    process = server_process(base)
    session = ProtocolSession(base)
    await session.sign_in(OFFICER, password)
    for _warm in range(3):                   # the first sessions import and cache; not counted
        await session.open(path)
    costs = []
    for _number in range(sessions):
        await asyncio.sleep(0.3)             # let the previous session's cleanup settle
        before = cpu(process)
        await session.open(path)
        await asyncio.sleep(0.2)             # work scheduled after document_ready
        costs.append(cpu(process) - before)
    session.close()
    return costs


async def measure_clicks(base: str, password: str, clicks: int) -> list:
    """Server CPU seconds of each 核实通过 click, from the click until its success arrived."""
    process = server_process(base)
    session = ProtocolSession(base)
    await session.sign_in(OFFICER, password)
    costs = []
    for number in range(1, clicks + 1):
        await session.open(f"/console?page=record:good_deed:{number}")
        await asyncio.sleep(0.3)
        before = cpu(process)
        await session.click("核实通过")
        await session.until_text("alert-success")
        await asyncio.sleep(0.2)
        costs.append(cpu(process) - before)
    session.close()
    return costs


async def hold_open(base: str, password: str, path: str, hold: float):
    """Keep opening sessions for `hold` seconds, for a profiler to watch the server."""
    process = server_process(base)
    session = ProtocolSession(base)
    await session.sign_in(OFFICER, password)
    print(f"holding: py-spy record -p {process.pid}", flush=True)
    end = time.monotonic() + hold
    while time.monotonic() < end:
        await session.open(path)
    session.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--data", type=Path, default=Path("/tmp/meide-session-cpu"))
    parser.add_argument("--page", default="/console")
    parser.add_argument("--hold", type=float, default=0.0,
                        help="then keep opening sessions for this many seconds (to profile)")
    parser.add_argument("--clicks", type=int, default=0,
                        help="measure this many 核实通过 clicks instead (on a copy of the data)")
    args = parser.parse_args()
    folder = args.data / "data"
    if not (folder / "DEMO-ACCOUNTS.txt").exists():
        prepare(folder, DEEDS, RESIDENTS)
    password = next(line.split("\t")[2] for line in
                    (folder / "DEMO-ACCOUNTS.txt").read_text("utf-8").splitlines()
                    if line.startswith(OFFICER + "\t"))
    if args.clicks:
        # Clicks verify deeds: on a copy, so the kept folder stays as the benchmark builds it.
        with tempfile.TemporaryDirectory(prefix="meide-session-cpu-") as scratch:
            copy = Path(scratch) / "data"
            shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("LOCK"))
            with serving(copy) as base:
                costs = asyncio.run(measure_clicks(base, password, args.clicks))
        report("click", costs)
        return
    with serving(folder) as base:
        costs = asyncio.run(measure(base, password, args.sessions, args.page))
        if args.hold:
            asyncio.run(hold_open(base, password, args.page, args.hold))
    report("session", costs)


def report(what: str, costs: list):
    print(f"server CPU per {what} (ms):", " ".join(f"{c * 1000:.0f}" for c in costs))
    # The kernel counts CPU time in 10 ms ticks: the mean is the finer figure, the median the
    # steadier one when other work shares the machine.
    print(f"median {statistics.median(costs) * 1000:.0f} ms, mean "
          f"{statistics.mean(costs) * 1000:.1f} ms over {len(costs)} {what}s")


if __name__ == "__main__":
    main()
