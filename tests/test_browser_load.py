"""20 browser contexts working at once: each signs in, opens the inbox and a list, and acts;
no console error, no server traceback, every action found in the store afterwards."""

import asyncio
import concurrent.futures
import contextlib
import re
import shutil

import pytest

import store
from meide.engine import Engine
from meide.kernel import actor_from_staff, records
from meide.registry import Registry, Scope

from .browser import CHROMIUM, CHROMIUM_ARGS, _environment, server_tracebacks

pytestmark = pytest.mark.browser

SESSIONS = 20
TIMEOUT_MS = 180_000       # 20 sessions share one server process (on a busy CI machine too)
# Who works in each context: officers verify a deed each, grid workers resubmit a returned
# one, the others (subdistrict, building head, clerk, reviewer) open a record and read it.
ROLES = (["beimen"] * 8 + ["wangge"] * 4 + ["jiedao"] * 2 + ["louzhang"] * 2
         + ["chaoshi"] * 2 + ["pingshen"] * 2)
ACTIONS = {"beimen": ("verify", "核实通过", "verified"),
           "wangge": ("resubmit", "重新提交", "reported")}
OUTSIDE = {"chaoshi"}        # scoped to 翰林街社区; the deeds are in 北门社区


def prepare(folder) -> list:
    """Before serving: one good deed per context in wangge's grid, reported by wangge; those
    for grid workers sent back by the officer (so that 重新提交 is theirs to take)."""
    with contextlib.closing(store.open_store(folder)) as opened:
        registry = Registry(opened)
        runner = Engine(opened).runner
        worker = actor_from_staff(registry.staff.by_username("wangge"))
        officer = actor_from_staff(registry.staff.by_username("beimen"))
        residents = registry.residents.list(Scope(1, worker.community, worker.grid))
        numbers = []
        for session, username in enumerate(ROLES):
            record = runner.start("good_deed", worker, {
                "resident": residents[session % len(residents)].doc_id,
                "deed_date": "2026-10-01", "category": "GOOD_DEED",
                "deed": f"并发测试第{session}件好事"}, key=f"load:{session}")
            if username == "wangge":
                runner.apply("good_deed", record.id, "send_back", officer, comment="请补充见证人",
                             key=f"load-back:{session}")
            numbers.append(record.id)
        return numbers


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("load") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    numbers = prepare(folder)
    with serve_app(folder) as app:
        app.numbers = numbers
        yield app


async def work(browser, app, username, number) -> list:
    """One person's session; returns the page's console errors and uncaught exceptions."""
    from playwright.async_api import expect

    context = await browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(f"{username}: uncaught {exc}"))
    page.on("console", lambda message: message.type == "error"
            and errors.append(f"{username}: {message.text} ({message.location.get('url')})"))
    # A request the browser itself cancelled (net::ERR_ABORTED: the page navigated on while a
    # stylesheet of the page it left was still loading) is no failure of the server's.
    page.on("requestfailed", lambda request: "ERR_ABORTED" not in (request.failure or "")
            and errors.append(f"{username}: {request.url} failed ({request.failure})"))
    try:
        account = app.account(username)
        await page.goto(app.url("/console"))
        await page.get_by_label("用户名").fill(username)
        await page.get_by_label("密码").fill(account.password)
        await page.get_by_role("button", name="登录").click()
        await expect(page.get_by_role("heading", name="待办", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        await page.locator(".meide-navigation button").filter(has_text="好人好事").click()
        await expect(page.get_by_role("heading", name="好人好事")).to_be_visible(
            timeout=TIMEOUT_MS)
        await page.goto(app.url(f"/console?page=record:good_deed:{number}"))
        # The clerk works in another community: the deed is not theirs to see.
        shown = page.get_by_text("不在您的管辖范围内") if username in OUTSIDE else \
            page.get_by_role("heading", name=re.compile(f"第 {number} 号"))
        await expect(shown).to_be_visible(timeout=TIMEOUT_MS)
        if username in ACTIONS:
            _name, label, _state = ACTIONS[username]
            await page.get_by_role("button", name=label, exact=True).click()
            await expect(page.locator("div.alert.alert-success")).to_contain_text(
                "办理完成", timeout=TIMEOUT_MS)
        await page.wait_for_timeout(500)      # let the last updates arrive before closing
    except Exception as exc:
        headings = await page.get_by_role("heading").all_inner_texts()
        raise AssertionError(f"{username} at {page.url} seeing {headings}: {exc}") from exc
    finally:
        await context.close()
    return errors


async def crowd(app) -> list:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS)
        try:
            done = await asyncio.gather(*(work(browser, app, username, number)
                                          for username, number in zip(ROLES, app.numbers)),
                                        return_exceptions=True)
        finally:
            await browser.close()
    return done


def test_twenty_contexts_work_at_once_without_errors(served_app, tmp_path):
    assert len(ROLES) == SESSIONS and len(set(ROLES)) == 6
    # The async API in a thread of its own: the session's sync Playwright owns this thread.
    home = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / ".config")}
    with concurrent.futures.ThreadPoolExecutor(1) as pool, _environment(home):
        outcomes = pool.submit(asyncio.run, crowd(served_app)).result()
    failures = [str(outcome) for outcome in outcomes if isinstance(outcome, BaseException)]
    assert failures == [], "\n\n".join(failures)
    errors = [error for errors in outcomes for error in errors]
    assert errors == [], "\n".join(sorted(set(errors))[:20])
    with served_app.read_store() as opened:
        for username, number in zip(ROLES, served_app.numbers):
            record = records.load(opened, "good_deed", number)
            if username in ACTIONS:
                transition, _label, state = ACTIONS[username]
                assert record.state == state, (username, number)
                last = records.history(opened, "good_deed", number)[-1]
                assert (last["transition"], last["actor"]) == (transition, username)
    assert server_tracebacks(served_app.log.read_text("utf-8", "replace")) == []

