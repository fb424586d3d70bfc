"""The ticker, on Panel's scheduler, ticks at once and then every interval, survives a failing
tick and never runs two ticks at once."""

import asyncio
import concurrent.futures
import datetime as dt
import logging
import threading

import panel as pn

from meide.ticker import Ticker

TASK = "test-ticker"


def on_own_loop(coroutine):
    """Run coroutine on a new event loop in a thread of its own, as the server's loop runs; the
    test thread may already run one (Playwright's sync API keeps a loop running in it)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def scheduled(ticker, done: threading.Event) -> threading.Thread:
    """Run ticker on pn.state.schedule_task, as a served process does, until done is set; the
    thread the event loop ran in."""
    async def serve():
        pn.state.schedule_task(TASK, ticker.run, period=dt.timedelta(seconds=ticker.interval))
        try:
            while not done.is_set():
                await asyncio.sleep(0.01)
        finally:
            pn.state.cancel_task(TASK)
        return threading.current_thread()
    return on_own_loop(asyncio.wait_for(serve(), 10))


def test_the_ticker_ticks_at_once_and_again():
    calls, done = [], threading.Event()

    def tick():
        calls.append(threading.current_thread())
        if len(calls) == 3:
            done.set()
        return []
    ticker = Ticker(tick, interval=0.01)
    loop_thread = scheduled(ticker, done)
    assert len(calls) >= 3 and ticker.ticks >= 3
    # Each tick ran off the event loop's thread: sessions are served meanwhile.
    assert loop_thread not in calls


def test_a_failing_tick_does_not_stop_the_clock(caplog):
    caplog.set_level(logging.INFO, logger="meide.ticker")
    calls, done = [], threading.Event()

    def tick():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("本月积分已达上限")
        done.set()
        return [("good_deed", 1, "approve")]
    scheduled(Ticker(tick, interval=0.01), done)
    assert "tick failed" in caplog.text and "timed stages advanced" in caplog.text


def test_a_tick_due_while_one_runs_is_skipped():
    inner = []

    def tick():
        inner.append(ticker.tick_once())         # due again before this one has finished
        return [("good_deed", 1, "approve")]
    ticker = Ticker(tick, interval=60)
    assert ticker.tick_once() == [("good_deed", 1, "approve")]
    assert inner == [[]] and ticker.ticks == 1         # the skipped one did not run
    assert ticker.tick_once() == [("good_deed", 1, "approve")] and ticker.ticks == 2
