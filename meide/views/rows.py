"""Records as rows with an open button: what the inbox and the lists show."""

import html

import panel as pn
import param

from ..i18n import _
from . import display


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
        self._view = pn.Column(sizing_mode="stretch_width")
        self.open_buttons = {}
        self._render()

    @param.depends("records", "show_workflow", "empty", watch=True)
    def _render(self):
        self.open_buttons, rows = {}, []
        for record in self.records:
            cls = self.runner.workflow(record.slug)
            parts = [display.title(cls)] if self.show_workflow else []
            parts += [display.number(record), display.summary(self.runner, record),
                      display.state_label(cls, record.state),
                      _("updated {moment}").format(moment=display.moment(
                          record.doc.get("updated_at")))]
            button = pn.widgets.Button(label=_("Open"), color="primary", width=80)
            button.on_click(lambda event, ref=(record.slug, record.id): self._open(ref))
            self.open_buttons[(record.slug, record.id)] = button
            rows.append(pn.Row(button, pn.pane.HTML(html.escape(" · ".join(parts))),
                               sizing_mode="stretch_width"))
        if not rows and self.empty:
            rows = [display.text(self.empty)]
        self._view.objects = rows

    def _open(self, ref):
        self.opened = None          # opening the same record twice must fire again
        self.opened = ref

    def __panel__(self):
        return self._view
