"""The served process's scheduled work: the ticker, run by Panel's scheduler (pn.state.schedule_task)."""

import datetime as dt

import panel as pn

from .. import runtime

TICK_TASK = "meide-ticker"


def keep_ticking():
    """Schedule the process's ticker on the server: at once, then every its interval. Every
    session calls this; Panel schedules a task once per process and name."""
    ticker = runtime.get_ticker()
    pn.state.schedule_task(TICK_TASK, ticker.run, period=dt.timedelta(seconds=ticker.interval))
