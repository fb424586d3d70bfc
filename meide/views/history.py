"""A record's history as a table: when, who, what was done, the comment and what changed."""

import panel as pn
import param

from ..i18n import N_, _
from ..kernel import SYSTEM
from ..kernel.fields import form_fields
from . import display

ACTIONS = {"start": N_("Started"), "object": N_("Objection raised"),
           "upheld": N_("Objection upheld"), "dismissed": N_("Objection dismissed")}


def action_text(cls, entry) -> str:
    """What a history entry did, in words (transition labels from the current declaration)."""
    action = entry.get("action")
    if action == "transition":
        return display.transition_label(cls, entry.get("transition", ""), entry.get("label", ""))
    if action == "sign":
        return _("Signed: {action}").format(
            action=display.transition_label(cls, entry.get("transition", "")))
    if action == "decide":
        return _(ACTIONS["upheld" if entry.get("upheld") else "dismissed"])
    return _(ACTIONS.get(action, action or ""))


def changes_text(runner, cls, changes) -> str:
    fields = {p.name: p for p in form_fields(cls)}
    parts = []
    for name, value in (changes or {}).items():
        parameter = fields.get(name)
        label = display.field_label(parameter) if parameter else name
        text = display.value_text(runner.services, parameter, value) if parameter else str(value)
        parts.append(_("{field}: {value}").format(field=label, value=text))
    return _("; ").join(parts)


def actor_text(entry) -> str:
    if entry.get("actor") == SYSTEM.username:
        return _(SYSTEM.name)
    return entry.get("actor_name") or entry.get("actor", "")


class HistoryTable(pn.viewable.Viewer):
    """Every history entry of one record, oldest first (the history is append-only)."""

    runner = param.Parameter(doc="The kernel Runner, for the workflow and the services.")
    slug = param.String(default="", doc="The record's workflow.")
    entries = param.List(default=[], doc="History entries as runner.history() returns them.")

    def __init__(self, **params):
        super().__init__(**params)
        self._view = pn.Column(sizing_mode="stretch_width")
        self._render()

    @param.depends("entries", "slug", watch=True)
    def _render(self):
        if not self.slug:
            self._view.objects = []
            return
        cls = self.runner.workflow(self.slug)
        rows = [[display.moment(entry.get("at")), actor_text(entry), action_text(cls, entry),
                 entry.get("comment") or "", changes_text(self.runner, cls, entry.get("changes"))]
                for entry in self.entries]
        self._view.objects = [display.table(
            [_("Time"), _("By"), _("Action"), _("Comment"), _("Changes")], rows,
            empty=_("No history yet."))]

    def __panel__(self):
        return self._view
