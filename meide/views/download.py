"""A download button whose callback may decline, and whose files are audited as exports."""

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
    fails there first.
    """

    audit = param.Parameter(default=None, doc="(store, actor): each file sent is written to "
                            "the store's audit log as an export by that actor; None: not audited.")
    # Server-side only: not a property of the browser's model.
    _rename = {**pn.widgets.FileDownload._rename, "audit": None}

    def _sync_data(self, fileobj):
        if fileobj is None:
            return
        super()._sync_data(fileobj)
        if self.audit is not None:
            opened_store, actor = self.audit
            audit_log(opened_store).record(actor.username, "export", note=self.filename)
