"""A download button whose callback may decline: the page shows why, nothing is sent or logged."""

import panel as pn


class Download(pn.widgets.FileDownload):
    """FileDownload that sends nothing when its callback returns None.

    Panel's own raises on None, so a refused or failed print (already explained on the page)
    would also reach the server log as a traceback (which the browser tests fail on). Panel
    1.9's public API has no way for a callback to decline: `callback`, `file`, `filename` and
    `embed` all end in FileDownload._sync_data, which raises ValueError for None, and a raising
    callback is logged the same way. So this one private method is extended (not replaced):
    tests/test_views_download.py pins what it relies on, so a Panel upgrade that changes it
    fails there first.
    """

    def _sync_data(self, fileobj):
        if fileobj is not None:
            super()._sync_data(fileobj)
