"""The ticker calls tick() at once and then every interval, and survives a failing tick."""

import threading

from meide.ticker import Ticker


def test_the_ticker_ticks_at_once_and_again():
    calls, done = [], threading.Event()

    def tick():
        calls.append(1)
        if len(calls) == 3:
            done.set()
        return []
    ticker = Ticker(tick, interval=0.01)
    ticker.start()
    assert done.wait(5)
    ticker.stop()
    assert not ticker.is_alive()


def test_a_failing_tick_does_not_stop_the_clock(caplog):
    calls, done = [], threading.Event()

    def tick():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("本月积分已达上限")
        done.set()
        return [("good_deed", 1, "approve")]
    ticker = Ticker(tick, interval=0.01)
    ticker.start()
    assert done.wait(5)
    ticker.stop()
    assert "tick failed" in caplog.text
