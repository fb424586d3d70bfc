"""The ticker: one background thread per process that lets due timed stages (公示) advance."""

import logging
import threading

log = logging.getLogger(__name__)


class Ticker(threading.Thread):
    """Calls tick() every `interval` seconds, first at once (a server restarted after a notice
    period ended catches up straight away); a failing tick is logged and retried next time."""

    def __init__(self, tick, interval: float = 60.0):
        super().__init__(name="meide-ticker", daemon=True)
        self.tick = tick
        self.interval = interval
        self.ticks = 0
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            try:
                fired = self.tick()
                if fired:
                    log.info("timed stages advanced: %s", fired)
            except Exception:
                # One record's failing effect must not stop the clock for all the others.
                log.exception("tick failed; trying again in %s s", self.interval)
            self.ticks += 1
            self._stop_event.wait(self.interval)

    def stop(self, timeout: float = 5.0):
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout)
