"""The inbox: records across workflows on which the signed-in person can act now."""

import panel as pn
import param

from ..i18n import N_, _, ngettext
from . import display
from .rows import RecordRows

# The orders the list can be sorted in: key -> (msgid of its button, sort key, newest first).
ORDERS = {
    "oldest": (N_("Waiting longest"), lambda record: record.doc.get("updated_at", ""), False),
    "newest": (N_("Latest first"), lambda record: record.doc.get("updated_at", ""), True),
    "kind": (N_("By kind"), lambda record: (record.slug, record.doc.get("updated_at", "")),
             False),
    "state": (N_("By state"), lambda record: (record.slug, record.state,
                                               record.doc.get("updated_at", "")), False),
}


class Inbox(pn.viewable.Viewer):
    """runner.inbox(actor), filtered by kind and words, in the order chosen, a page at a time,
    each with an open button."""

    runner = param.Parameter(doc="The kernel Runner whose inbox() is shown.")
    actor = param.Parameter(doc="The signed-in Actor whose waiting records are shown.")
    page = param.Integer(default=0, bounds=(0, None), doc="Which page (from 0).")
    page_size = param.Integer(default=20, bounds=(1, 200), doc="Records per page.")
    query = param.String(default="", doc="Words each record shown contains (in its kind, "
                                         "number, summary, state or names); '' for all.")
    kind = param.String(default="", doc="The workflow slug of the records shown; '' for all.")
    order = param.Selector(default="oldest", objects=list(ORDERS), doc="The order of the list.")
    heading = param.String(default=None, allow_None=True,
                           doc="The list's heading (None: 'Waiting for me'; '' for none).")
    total = param.Integer(default=0, doc="How many records wait (read-only, set on refresh).")
    shown = param.Integer(default=0, doc="How many of them the kind and words leave (read-only).")
    opened = param.Tuple(default=None, allow_None=True, length=2,
                         doc="(slug, record id) of the record the person chose to open.")

    def __init__(self, **params):
        super().__init__(**params)
        self.rows = RecordRows(runner=self.runner, show_workflow=True,
                               empty=_("Nothing is waiting for you."))
        self.rows.param.watch(lambda event: setattr(self, "opened", event.new), "opened")
        # The heading, the count and the page buttons are drawn by the lines' own component:
        # the home page is what every session loads first, and each model costs that load.
        self.rows.lines.heading = _("Waiting for me") if self.heading is None else self.heading
        self.rows.lines.param.watch(lambda event: self._turn(event.new), "turned")
        self.waiting = []
        self.refresh()

    def _turn(self, step):
        self.page = max(0, self.page + step)

    @param.depends("query", "kind", "order", watch=True)
    def _filtered(self):
        if self.page:
            self.page = 0           # redraws
        else:
            self.refresh()

    def _matches(self, record, words) -> bool:
        if not words:
            return True
        cls = self.runner.workflow(record.slug)
        text = " ".join((display.title(cls), display.number(record),
                         display.summary(self.runner, record),
                         display.state_label(cls, record.state),
                         *map(str, record.doc.get("names", {}).values()))).lower()
        return all(word in text for word in words)

    def listed(self) -> list:
        """The waiting records the kind and words leave, in the order chosen."""
        words = self.query.lower().split()
        records = [record for record in self.waiting
                   if (not self.kind or record.slug == self.kind) and self._matches(record, words)]
        _label, key, newest = ORDERS[self.order]
        return sorted(records, key=key, reverse=newest)

    @param.depends("page", "page_size", watch=True)
    def refresh(self):
        """Read what waits (all of it) and draw the page asked for."""
        self.waiting = self.runner.inbox(self.actor, limit=None)
        listed = self.listed()
        self.total, self.shown = len(self.waiting), len(listed)
        start = self.page * self.page_size
        self.rows.param.update(
            empty=_("Nothing is waiting for you.") if not self.total else
            _("Nothing waiting matches."), records=listed[start:start + self.page_size])
        status = ngettext("{n} record waits for you.", "{n} records wait for you.",
                          self.total).format(n=self.total)
        if self.shown != self.total:
            status = _("{waiting} {shown}").format(waiting=status, shown=ngettext(
                "{n} of them is shown.", "{n} of them are shown.", self.shown).format(
                n=self.shown))
        self.rows.lines.status = status
        self.rows.lines.page_buttons(self.page > 0, start + self.page_size < self.shown,
                                     (_("Previous page"), _("Next page")))

    def __panel__(self):
        return self.rows
