"""The staff console under 20 concurrent browser sessions on the 10,000-resident demo: first load
to interactive and an action's round trip, against the login page and a lone session's action."""

import asyncio
import contextlib
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import store
from common import result, temp_folder
from meide.kernel import Runner, actor_from_staff
from meide.kernel.registry_services import RegistryServices
from meide.points import Catalogue, Ledger
from meide.registry import Registry, Scope

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SESSIONS = 20
TIMEOUT_MS = 180_000
OFFICER = "beimen"          # 社区管理员: the one demo role that may take 核实通过


def meide(*args):
    script = Path(sys.executable).with_name("meide")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "meide.cli"]
    return [*command, *args]


def prepare(folder: Path, residents: int) -> list:
    """The demo at size, plus one reported good deed per session for the officer to verify."""
    subprocess.run(meide("demo", "--data", str(folder), "--residents", str(residents),
                         "--entries", "0"), check=True, capture_output=True, timeout=1800)
    with contextlib.closing(store.open_store(folder)) as opened:
        registry = Registry(opened)
        runner = Runner(opened, RegistryServices(registry, Ledger(opened, Catalogue(opened))))
        worker = actor_from_staff(registry.staff.by_username("wangge"))
        grid = registry.residents.list(Scope(1, worker.community, worker.grid))
        return [runner.start("good_deed", worker, {
            "resident": grid[number % len(grid)].doc_id, "deed_date": "2026-10-01",
            "category": "GOOD_DEED", "deed": f"性能测试第{number}件好事"},
            key=f"bench-console:{number}").id for number in range(SESSIONS + 1)]


@contextlib.contextmanager
def serving(folder: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (folder.parent / "server.log").open("wb") as log:
        process = subprocess.Popen(meide("serve", "--data", str(folder), "--port", str(port),
                                         "--address", "127.0.0.1"), stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(base + "/login", timeout=2):
                    break
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(20)


def fetch_login(base: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(base + "/login", timeout=30) as answer:
        answer.read()
    return (time.perf_counter() - start) * 1000


async def session(browser, base, password, number, barrier) -> tuple:
    """Sign in, then (timed) load the console until the inbox shows, and (timed) click 核实通过
    on one deed until the success message shows. barrier lines the sessions up before timing."""
    from playwright.async_api import expect

    context = await browser.new_context(locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    try:
        await page.goto(base + "/login")
        await page.get_by_label("用户名").fill(OFFICER)
        await page.get_by_label("密码").fill(password)
        await page.get_by_role("button", name="登录").click()
        await expect(page.get_by_role("heading", name="待办")).to_be_visible(timeout=TIMEOUT_MS)
        await barrier.wait()
        start = time.perf_counter()
        await page.goto(base + "/console")
        await expect(page.get_by_role("heading", name="待办")).to_be_visible(timeout=TIMEOUT_MS)
        first_load = (time.perf_counter() - start) * 1000
        await page.goto(f"{base}/console?page=record:good_deed:{number}")
        verify = page.get_by_role("button", name="核实通过", exact=True)
        await expect(verify).to_be_visible(timeout=TIMEOUT_MS)
        start = time.perf_counter()
        await verify.click()
        await expect(page.locator("div.alert.alert-success")).to_be_visible(timeout=TIMEOUT_MS)
        return first_load, (time.perf_counter() - start) * 1000
    finally:
        await context.close()


async def sessions(base, password, numbers) -> list:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS)
        try:
            # Everyone signs in first; the timed part starts for all sessions at once.
            barrier = asyncio.Barrier(len(numbers))
            return await asyncio.gather(*(session(browser, base, password, number, barrier)
                                          for number in numbers))
        finally:
            await browser.close()


def run(quick: bool) -> list:
    residents = 2_000 if quick else 10_000
    with temp_folder("console") as base:
        folder = base / "data"
        numbers = prepare(folder, residents)
        password = next(line.split("\t")[2] for line in
                        (folder / "DEMO-ACCOUNTS.txt").read_text("utf-8").splitlines()
                        if line.startswith(OFFICER + "\t"))
        with serving(folder) as url:
            fetch_login(url)                               # the first request warms the server
            login = [fetch_login(url) for _ in range(20)]
            [alone] = asyncio.run(sessions(url, password, numbers[:1]))
            crowd = asyncio.run(sessions(url, password, numbers[1:]))
    size = f"{residents:,} residents"
    page = result("login page fetched (HTTP GET, no browser)", "ms", login)
    lone = result(f"action round trip (核实通过 click → result shown), 1 session, {size}", "ms",
                  [alone[1]], note=f"first load alone: {alone[0]:.0f} ms")
    return [page,
            result(f"console first load to interactive (inbox shown), {SESSIONS} sessions at "
                   f"once, {size}", "ms", [load for load, _ in crowd], baseline=page,
                   target=("median", 3000.0),
                   note=f"slowest {max(load for load, _ in crowd):.0f} ms"),
            lone,
            result(f"action round trip (核实通过 click → result shown), {SESSIONS} sessions at "
                   f"once, {size}", "ms", [action for _, action in crowd], baseline=lone,
                   target=("median", 300.0),
                   note=f"slowest {max(action for _, action in crowd):.0f} ms; "
                        f"spread {statistics.pstdev([a for _, a in crowd]):.0f} ms")]
