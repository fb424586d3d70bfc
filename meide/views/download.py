"""A download button whose callback may decline, and whose files are audited as exports."""

import asyncio
import inspect
import threading

import panel as pn
import param

from ..audit import audit_log


class Download(pn.widgets.FileDownload):
    """FileDownload that sends nothing when its callback returns None, and audits what it sends.

    Panel's own raises on None, so a refused or failed print (already explained on the page)
    would also reach the server log as a traceback (which the browser tests fail on). Panel
    1.9's public API has no way for a callback to decline: `callback`, `file`, `filename` and
    `embed` all end in FileDownload._sync_data, which raises ValueError for None, and a raising
    callback is logged the same way. So this one private method is extended (not replaced):
    tests/test_views_download.py pins what it relies on, so a Panel upgrade that changes it
    fails there first. Likewise _transfer, for an async callback (off_the_loop) clicked outside
    a server and outside any task (tests, scripts): Panel would run it on a new event loop it
    never closes, or schedule it on a parked one; this runs it at once with asyncio.run, in a
    thread of its own.
    """

    audit = param.Parameter(default=None, doc="(store, actor): each file sent is written to "
                            "the store's audit log as an export by that actor; None: not audited.")
    # Server-side only: not a property of the browser's model.
    _rename = {**pn.widgets.FileDownload._rename, "audit": None}

    @param.depends("_clicks", watch=True)
    def _transfer(self):
        document = pn.state.curdoc
        if (self.callback is not None and inspect.iscoroutinefunction(self.callback)
                and not (document and document.session_context) and not _inside_a_task()):
            # In a thread of its own: a loop may be "running" in this one without running any
            # task of ours (Playwright's sync API parks its loop so), and would never send.
            worker = threading.Thread(target=asyncio.run, args=(self._async_sync_data(),))
            worker.start()
            worker.join()
            return
        super()._transfer()

    def _sync_data(self, fileobj):
        if fileobj is None:
            return
        super()._sync_data(fileobj)
        if self.audit is not None:
            opened_store, actor = self.audit
            audit_log(opened_store).record(actor.username, "export", note=self.filename)


def off_the_loop(render, finish):
    """An async Download callback: render() (blocking: a staff-edited template goes through the
    confined worker pool and may take seconds) runs in a worker thread, so the server's event
    loop keeps answering the other sessions; finish(result, error) then runs back on the loop
    (it may change the page) and returns the file to send, or None.

    Panel runs a coroutine callback as a task (FileDownload._transfer → state.execute); outside
    a server (tests) it is run to completion at once, as a plain callback would be.
    """
    async def callback():
        try:
            result = await asyncio.to_thread(render)
        except Exception as exc:        # shown on the page by finish, as the plain one did
            return finish(None, exc)
        return finish(result, None)
    return callback


def _inside_a_task() -> bool:
    """Whether this code runs in a task of a running event loop (which will run ours too)."""
    try:
        return asyncio.current_task() is not None
    except RuntimeError:
        return False
