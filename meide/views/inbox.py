"""The inbox: records across workflows on which the signed-in person can act now."""

import panel as pn
import param

from ..i18n import _, ngettext
from .rows import RecordRows


class Inbox(pn.viewable.Viewer):
    """runner.inbox(actor), oldest first, a page at a time, each with an open button."""

    runner = param.Parameter(doc="The kernel Runner whose inbox() is shown.")
    actor = param.Parameter(doc="The signed-in Actor whose waiting records are shown.")
    page = param.Integer(default=0, bounds=(0, None), doc="Which page (from 0).")
    page_size = param.Integer(default=20, bounds=(1, 200), doc="Records per page.")
    total = param.Integer(default=0, doc="How many records wait (read-only, set on refresh).")
    opened = param.Tuple(default=None, allow_None=True, length=2,
                         doc="(slug, record id) of the record the person chose to open.")

    def __init__(self, **params):
        super().__init__(**params)
        self.rows = RecordRows(runner=self.runner, show_workflow=True,
                               empty=_("Nothing is waiting for you."))
        self.rows.param.watch(lambda event: setattr(self, "opened", event.new), "opened")
        # The heading, the count and the page buttons are drawn by the lines' own component:
        # the home page is what every session loads first, and each model costs that load.
        self.rows.lines.heading = _("Waiting for me")
        self.rows.lines.param.watch(lambda event: self._turn(event.new), "turned")
        self.refresh()

    def _turn(self, step):
        self.page = max(0, self.page + step)

    @param.depends("page", "page_size", watch=True)
    def refresh(self):
        waiting = self.runner.inbox(self.actor)
        self.total = len(waiting)
        start = self.page * self.page_size
        self.rows.records = waiting[start:start + self.page_size]
        self.rows.lines.status = ngettext(
            "{n} record waits for you.", "{n} records wait for you.", self.total).format(
            n=self.total)
        self.rows.lines.page_buttons(self.page > 0, start + self.page_size < self.total,
                                     (_("Previous page"), _("Next page")))

    def __panel__(self):
        return self.rows
