"""A workflow's records: filter by state, search the text, turn pages (all on the server)."""

import panel as pn
import param

from ..i18n import _, ngettext
from . import display
from .rows import RecordRows


class Listing(pn.viewable.Viewer):
    """runner.search(slug, actor, state, text, offset, limit): one page of scoped records."""

    runner = param.Parameter(doc="The kernel Runner whose search() is shown.")
    actor = param.Parameter(doc="The signed-in Actor; only records in their scope are listed.")
    slug = param.String(default="", doc="The workflow listed.")
    state = param.String(default="", doc="Only records in this state ('' for all states).")
    text = param.String(default="", doc="Only records whose values contain this text.")
    page = param.Integer(default=0, bounds=(0, None), doc="Which page (from 0).")
    page_size = param.Integer(default=20, bounds=(1, 200), doc="Records per page.")
    total = param.Integer(default=0, doc="How many records match (set on refresh).")
    opened = param.Tuple(default=None, allow_None=True, length=2,
                         doc="(slug, record id) of the record the person chose to open.")

    def __init__(self, **params):
        super().__init__(**params)
        self.workflow = self.runner.workflow(self.slug)
        states = {_("All states"): ""}
        states.update({_(s.label): s.name for s in self.workflow.declaration().states.values()})
        self.state_filter = pn.widgets.Select(label=_("Status"), options=states, value=self.state,
                                              width=180)
        self.search_box = pn.widgets.TextInput(label=_("Search"), value=self.text,
                                               placeholder=_("Words in the record"), width=260)
        self.state_filter.param.watch(lambda event: self._filter(state=event.new), "value")
        self.search_box.param.watch(lambda event: self._filter(text=event.new), "value")
        self.rows = RecordRows(runner=self.runner, empty=_("No records match."))
        self.rows.param.watch(lambda event: setattr(self, "opened", event.new), "opened")
        # The count and the page buttons are drawn by the lines' component (fewer models).
        self.rows.lines.param.watch(lambda event: self._turn(event.new), "turned")
        self.refresh()

    def _filter(self, **criteria):
        # A new filter starts again on the first page; one refresh for both changes.
        self.param.update(page=0, **criteria)

    def _turn(self, step):
        self.page = max(0, self.page + step)

    @param.depends("state", "text", "page", "page_size", watch=True)
    def refresh(self):
        total, records = self.runner.search(
            self.slug, self.actor, state=self.state or None, text=self.text,
            offset=self.page * self.page_size, limit=self.page_size)
        self.total = total
        self.rows.records = records
        pages = max(1, -(-total // self.page_size))
        self.rows.lines.status = ngettext(
            "{n} record, page {page} of {pages}", "{n} records, page {page} of {pages}",
            total).format(n=total, page=self.page + 1, pages=pages)
        self.rows.lines.page_buttons(self.page > 0, self.page + 1 < pages,
                                     (_("Previous page"), _("Next page")))

    def __panel__(self):
        return pn.Column(display.heading(display.title(self.workflow), 2),
                         pn.Row(self.state_filter, self.search_box), self.rows,
                         sizing_mode="stretch_width")
