"""Records as rows with an open button: what the inbox and the lists show."""

import panel as pn
import param

from ..i18n import _
from . import display
from .button_rows import ButtonRows


class RecordRows(pn.viewable.Viewer):
    """One line per record (number, summary, state, last change) and a button to open it."""

    runner = param.Parameter(doc="The kernel Runner, for the workflows and the services.")
    records = param.List(default=[], doc="The records shown (one page, already scoped).")
    show_workflow = param.Boolean(default=False, doc="Name each record's workflow (the inbox).")
    empty = param.String(default="", doc="What to say when there are no records.")
    opened = param.Tuple(default=None, allow_None=True, length=2,
                         doc="(slug, record id) of the record whose button was clicked.")

    def __init__(self, **params):
        super().__init__(**params)
        self.lines = ButtonRows(sizing_mode="stretch_width")
        self.lines.param.watch(self._chosen, "chosen")
        self._render()

    @param.depends("records", "show_workflow", "empty", watch=True)
    def _render(self):
        self._refs, rows = {}, []
        for record in self.records:
            cls = self.runner.workflow(record.slug)
            parts = [display.title(cls)] if self.show_workflow else []
            parts += [display.number(record), display.summary(self.runner, record),
                      display.state_label(cls, record.state),
                      _("updated {moment}").format(moment=display.moment(
                          record.doc.get("updated_at")))]
            key = f"{record.slug}:{record.id}"
            self._refs[key] = (record.slug, record.id)
            rows.append((key, " · ".join(parts), _("Open")))
        self.lines.param.update(rows=rows, empty=self.empty)

    def open(self, ref):
        """What clicking the open button of the record ref = (slug, id) does."""
        self.lines.choose(f"{ref[0]}:{ref[1]}")

    def _chosen(self, event):
        self.opened = None          # opening the same record twice must fire again
        self.opened = self._refs[event.new]

    def __panel__(self):
        # The lines alone: one model (what waits, headings and page buttons are drawn by it too).
        return self.lines
