"""A download button whose callback may decline: the page shows why, nothing is sent or logged."""

import panel as pn


class Download(pn.widgets.FileDownload):
    """FileDownload that sends nothing when its callback returns None.

    Panel's own raises on None, so a refused or failed print (already explained on the page)
    would also reach the server log as a traceback.
    """

    def _sync_data(self, fileobj):
        if fileobj is not None:
            super()._sync_data(fileobj)
