"""The ticker: what the served process runs every interval so that due timed stages (公示) advance."""

import asyncio
import logging
import threading

log = logging.getLogger(__name__)


class Ticker:
    """tick() as a task for the server's scheduler (Panel's pn.state.schedule_task, see
    meide.views.session.keep_ticking), which calls `run` at once (a server restarted after a
    notice period ended catches up straight away) and then every `interval` seconds.

    A failing tick is logged and tried again next time; a tick still running when the next is
    due is not doubled (that one is skipped).
    """

    def __init__(self, tick, interval: float = 60.0):
        self.tick = tick
        self.interval = interval
        self.ticks = 0
        self._running = threading.Lock()

        async def run():
            # In a worker thread: applying due stages (their effects award points and print
            # notices) takes the time it takes, and the server's event loop serves every
            # session meanwhile. (Panel's own `threaded=True` needs config.nthreads, and Panel
            # 1.9 schedules the runs after the first without it: io/state.py _scheduled_cb.)
            await asyncio.to_thread(self.tick_once)

        # One function object for the life of the ticker: the scheduler recognises a task
        # scheduled again (by every new session) by its name and this callback.
        self.run = run

    def tick_once(self) -> list:
        """Call tick() unless a tick is running; what it fired ([] if skipped or failed)."""
        if not self._running.acquire(blocking=False):
            return []
        try:
            fired = self.tick()
            if fired:
                log.info("timed stages advanced: %s", fired)
            return fired
        except Exception:
            # One record's failing effect must not stop the clock for all the others.
            log.exception("tick failed; trying again in %s s", self.interval)
            return []
        finally:
            self.ticks += 1
            self._running.release()
