"""A record's history as a table: when, who, what was done, the comment and what changed."""

from ..i18n import N_, _
from ..kernel import SYSTEM
from ..kernel.fields import form_fields
from . import display

ACTIONS = {"start": N_("Started"), "object": N_("Objection raised"), "edit": N_("Edited"),
           "upheld": N_("Objection upheld"), "dismissed": N_("Objection dismissed"), "note": N_("Note")}


def action_text(cls, entry) -> str:
    """What a history entry did, in words (transition labels from the current declaration)."""
    action = entry.get("action")
    if action == "transition":
        return display.transition_label(cls, entry.get("transition", ""), entry.get("label", ""))
    if action == "sign":
        return _("Signed: {action}").format(
            action=display.transition_label(cls, entry.get("transition", "")))
    if action == "decide":
        decided = _(ACTIONS["upheld" if entry.get("upheld") else "dismissed"])
        # An upheld objection names the consequence chosen (back to review, for revision…).
        return _("{decision}: {action}").format(decision=decided, action=_(entry["label"])) \
            if entry.get("label") else decided
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


def history_html(runner, slug: str, entries: list) -> str:
    """The history entries of a record of workflow slug as an HTML table (display.TABLE_CSS)."""
    cls = runner.workflow(slug)
    rows = [[display.moment(entry.get("at")), actor_text(entry), action_text(cls, entry),
             entry.get("comment") or "", changes_text(runner, cls, entry.get("changes"))]
            for entry in entries]
    return display.table_html([_("Time"), _("By"), _("Action"), _("Comment"), _("Changes")],
                              rows, empty=_("No history yet."))
