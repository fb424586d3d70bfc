"""A long operation run in a worker thread while its session shows its progress and outcome.

Panel runs a session's callbacks on the server's one event loop: a 30-second print run inside
a click callback would freeze every other session. A Job runs the work in a thread of its own;
the work reports through a plain callable, report(done, total) (engine code stays free of
Panel), and what the session sees changes on its event loop (pn.state.execute), as Panel
requires for changes made outside a session callback.

    job = Job(buttons=[start_button])
    job.start(lambda report: print_many(..., progress=report),
              finished=lambda printed: _("{count} certificates are ready").format(...))
"""

import contextvars
import html
import threading
import time
from typing import ClassVar

import panel as pn
import param
from panel.io.state import set_curdoc

from ..i18n import _
from . import display

INDETERMINATE = -1      # Progress.value while the total is unknown: an animated bar


class Job(pn.viewable.Viewer):
    """One operation at a time: a second start while one runs is refused and says so.

    Outside a served session (unit tests, notebooks) there is no event loop to keep free, so
    the work runs inline unless `threaded` is set; in a served session it always runs in a
    worker thread.
    """

    buttons = param.List(default=[], doc="Widgets disabled while an operation runs (its start "
                                         "button): a second click cannot even be made.")
    delay = param.Number(default=0.0, bounds=(0, None), doc="Seconds an operation runs before "
                         "its progress is shown: quick ones then flash nothing (record actions).")
    threaded = param.Boolean(default=False, doc="Run in a worker thread even outside a served "
                                                "session (the tests of this module).")
    running = param.Boolean(default=False, doc="An operation is under way.")
    done = param.Integer(default=0, doc="Units of work finished so far (certificates, rows).")
    total = param.Integer(default=0, doc="Units of work in all; 0 while unknown.")

    # Seconds between progress updates sent to the browser: 1,000 certificates make 1,000
    # reports, and a message per report would only queue up behind the work.
    REPORT_EVERY: ClassVar[float] = 0.25

    def __init__(self, **params):
        super().__init__(**params)
        self.bar = pn.indicators.Progress(value=INDETERMINATE, max=100, active=True,
                                          bar_color="primary", visible=False,
                                          sizing_mode="stretch_width")
        self.line = pn.pane.HTML("", visible=False, css_classes=["meide-job-progress"])
        self.outcome = pn.Column(sizing_mode="stretch_width")
        # The bar, its line and the outcome join the page the first time they have something to
        # show: an idle job (every record page has one) costs a session's first load no models.
        self._layout = pn.Column(sizing_mode="stretch_width")
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._sent = 0.0            # when progress was last sent to the browser
        self._session = None        # the served document the operation belongs to
        self._timer = None

    # -- starting ------------------------------------------------------------------------------

    def start(self, work, finished=None, failed=None) -> bool:
        """Run work(report) unless an operation is running (then say so and return False).

        report(done, total) may be called from the work as often as it likes. When the work
        returns, finished(result) runs in the session; what it returns (text, a pane, or None)
        is shown as the outcome. When it raises, failed(exc) runs instead, or the error is shown
        in display.failure's words: never lost.
        """
        with self._lock:
            if self.running:
                refused = True
            else:
                refused = False
                self._idle.clear()
                self.running = True
        if refused:
            self.outcome.objects = [display.alert(
                _("The previous operation is still running: wait for it to finish."),
                "warning")]
            self._place(self.outcome)
            return False
        self._session = pn.state.curdoc if _served() else None
        self._sent = 0.0
        self.param.update(done=0, total=0)
        for widget in self.buttons:
            widget.disabled = True
        self.outcome.objects = []
        self.bar.value = INDETERMINATE
        self.line.object = html.escape(_("Working…"))
        self._show(self.delay == 0)
        if self._session is None and not self.threaded:
            self._run(work, finished, failed)
            return True
        if self.delay:
            self._timer = threading.Timer(self.delay, self._in_session,
                                          args=(lambda: self._show(True),))
            self._timer.daemon = True
            self._timer.start()
        worker = threading.Thread(target=contextvars.copy_context().run,
                                  args=(self._run, work, finished, failed),
                                  name="meide-job", daemon=True)
        worker.start()
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no operation runs (True), or timeout seconds pass (False)."""
        return self._idle.wait(timeout)

    # -- while it runs (the worker thread) ----------------------------------------------------

    def report(self, done: int, total: int | None = None):
        """Progress from the work: done of total units (total None: done is a fraction 0–1)."""
        share = total is None
        if share:
            done, total = round(done * 100), 100
        done, total = max(0, int(done)), max(0, int(total))
        now = time.monotonic()
        if now - self._sent < self.REPORT_EVERY and done < total:
            return
        self._sent = now
        self._in_session(lambda: self._progress(done, total, share))

    def _run(self, work, finished, failed):
        try:
            # The session's document named explicitly: outside its callbacks Panel would fall
            # back on Bokeh's process-wide current document, which may be another session's.
            # Translations (meide.i18n) are then looked up for this session.
            with set_curdoc(self._session):
                result = work(self.report)
        except Exception as exc:
            # Bound now: Python unbinds `exc` when the except block ends, before the session
            # gets to run the lambda.
            self._in_session(lambda caught=exc: self._end(failed, caught, error=True))
        else:
            self._in_session(lambda: self._end(finished, result))

    # -- what the session shows (its event loop) ----------------------------------------------

    def _in_session(self, change):
        """Make change in the session: on its event loop when served, else right here."""
        if self._session is None:
            change()
            return
        try:
            with set_curdoc(self._session):
                pn.state.execute(change, schedule=True)
        except Exception:
            # The browser left and its session was closed: the work itself is done (an import
            # committed); there is nobody to show it to.
            display.log.info("a job finished after its session closed", exc_info=True)
            self._idle.set()

    def _show(self, shown: bool):
        if shown and self.running:
            self._place(self.bar, self.line)
        self.bar.visible = self.line.visible = shown and self.running

    def _place(self, *parts):
        """Put parts on the page (bar, line, outcome, in that order) unless they are there."""
        wanted = (*parts, *self._layout.objects)
        placed = [part for part in (self.bar, self.line, self.outcome)
                  if any(part is other for other in wanted)]
        if len(placed) != len(self._layout.objects):
            self._layout.objects = placed

    def _progress(self, done, total, share=False):
        if not self.running:
            return
        self.param.update(done=done, total=total)
        self.bar.value = min(100, done * 100 // total) if total else INDETERMINATE
        if not total:
            words = _("Working…")
        elif done >= total:
            words = _("Done {done}/{total}; finishing…")
        elif share:
            words = _("Done {percent}%")
        else:
            words = _("Done {done}/{total}")
        self.line.object = html.escape(words.format(done=done, total=total,
                                                    percent=done * 100 // total if total else 0))

    def _end(self, then, value, error=False):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        try:
            shown = then(value) if then is not None else (
                display.failure(value) if error else None)
        except Exception as exc:           # the follow-up itself failed: still said, not lost
            shown = display.failure(exc)
        if isinstance(shown, str):
            shown = display.alert(shown, "success")
        # The bar and its line leave the page, their text cleared: a hidden "finishing…" must
        # not linger beside the outcome (a visibility change can be lost in the same update).
        self.bar.visible = self.line.visible = False
        self.line.object = ""
        for widget in self.buttons:
            widget.disabled = False
        self.outcome.objects = [shown] if shown is not None else []
        self._layout.objects = [self.outcome] if shown is not None else []
        with self._lock:
            self.running = False
        self._idle.set()

    def __panel__(self):
        return self._layout


def _served() -> bool:
    """Whether a callback of a served browser session is running (not a test or notebook)."""
    document = pn.state.curdoc
    return document is not None and document.session_context is not None
