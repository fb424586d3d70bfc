"""The record page with 20 sessions in one process: its first render and a transition click,
against the bare runner.apply of the same transition.

Twenty sessions' pages live in the server process at once, each showing another record (a
好人好事 waiting for 核实通过) and holding its Bokeh models, as a served session's page does.
Each round opens the twenty pages one after another (first render: the page built and its
models made), then clicks 核实通过 on them in a shuffled order (the click: the kernel's apply,
the page redrawn and its new models made). A last figure has the twenty clicks arrive at once,
each in its own thread, as the pages' job workers would take them: each click's time then
includes waiting for the others (two cores, one interpreter lock).
"""

import datetime as dt
import random
import threading
import time

import panel as pn
from bokeh.document import Document

import store
from common import label, result, temp_folder
from meide import clock, i18n
from meide.demo.people import build_demo
from meide.engine import Engine
from meide.kernel import actor_from_staff
from meide.registry import Scope
from meide.views.record import RecordPage

SESSIONS = 20
SEED = 20261202
NOW = dt.datetime(2026, 10, 8, 10, 0)
TARGET_MS = 300.0
TRANSITION = "verify"           # 核实通过


def reported_deeds(engine, count: int) -> list:
    """count good deeds reported by the demo's grid worker, for the officer to verify."""
    worker = actor_from_staff(engine.registry.staff.by_username("wangge"))
    grid = engine.registry.residents.list(Scope(1, worker.community, worker.grid))
    return [engine.runner.start("good_deed", worker, {
        "resident": grid[number % len(grid)].doc_id, "deed_date": "2026-10-01",
        "category": "GOOD_DEED", "deed": f"性能测试第{number}件好事"},
        key=f"bench-record-page:{number}").id for number in range(count)]


def opened(engine, officer, record_id, shown: list) -> tuple:
    """(ms, page): a session's record page built with its models, as when it is first shown
    (the models are kept in shown, as a session keeps its document)."""
    start = time.perf_counter()
    page = RecordPage(runner=engine.runner, actor=officer, slug="good_deed", record_id=record_id)
    shown.append(pn.panel(page).get_root(Document()))
    return (time.perf_counter() - start) * 1000, page


def clicked(page) -> float:
    """ms for a click on 核实通过 until the page is redrawn with the record verified."""
    start = time.perf_counter()
    page.action_buttons[TRANSITION].clicks += 1
    took = (time.perf_counter() - start) * 1000
    if page.record.state != "verified":
        raise RuntimeError(f"the click did not verify record {page.record_id}: "
                           f"{[getattr(o, 'object', o) for o in page.feedback.objects]}")
    return took


def clicked_at_once(pages) -> list:
    """ms of each page's click when all of them arrive together, one thread each."""
    barrier, took = threading.Barrier(len(pages)), [None] * len(pages)

    def click(index, page):
        barrier.wait()
        took[index] = clicked(page)

    threads = [threading.Thread(target=click, args=(index, page))
               for index, page in enumerate(pages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return took


def run(quick: bool) -> list:
    residents = 2_000 if quick else 10_000
    rounds = 3 if quick else 10
    chance = random.Random(SEED)
    with temp_folder("record-page") as folder, clock.frozen(NOW), i18n.using_locale("zh_CN"):
        with store.open_store(folder / "data") as opened_store:
            build_demo(opened_store, residents=residents, seed=SEED)
            engine = Engine(opened_store)
            officer = actor_from_staff(engine.registry.staff.by_username("beimen"))
            numbers = reported_deeds(engine, SESSIONS * (2 * rounds + 1))
            bare, renders, clicks = [], [], []
            for round_ in range(rounds):
                mine = numbers[round_ * SESSIONS:(round_ + 1) * SESSIONS]
                for record_id in mine:
                    start = time.perf_counter()
                    engine.runner.apply("good_deed", record_id, TRANSITION, officer)
                    bare.append((time.perf_counter() - start) * 1000)
                mine = numbers[(rounds + round_) * SESSIONS:(rounds + round_ + 1) * SESSIONS]
                pages, shown = [], []
                for record_id in mine:
                    took, page = opened(engine, officer, record_id, shown)
                    renders.append(took)
                    pages.append(page)
                for page in chance.sample(pages, len(pages)):
                    clicks.append(clicked(page))
            last = numbers[2 * rounds * SESSIONS:(2 * rounds + 1) * SESSIONS]
            shown = []
            together = clicked_at_once([opened(engine, officer, number, shown)[1]
                                        for number in last])
    size = f"{SESSIONS} sessions, {label(residents)} residents"
    baseline = result(f"runner.apply 核实通过 (no page), {label(residents)} residents", "ms", bare)
    return [
        baseline,
        result(f"record page first render (page and its models), {size}", "ms", renders,
               baseline=baseline, target=("median", TARGET_MS)),
        result(f"transition click on the record page (apply, redraw), {size}", "ms", clicks,
               baseline=baseline, target=("median", TARGET_MS),
               note="clicks interleaved across the live pages"),
        result(f"transition click, {SESSIONS} clicks at once in {SESSIONS} threads", "ms",
               together, baseline=baseline,
               note="each click's time includes waiting for the others"),
    ]
