"""A workflow's generated form: a widget per field, messages beside them, submit starts a record."""

import html
import uuid

import panel as pn
import param

from ..i18n import _
from ..kernel import FieldError
from ..kernel.fields import Choice, Reference, form_fields, initial, offered
from . import display
from .picker import ReferencePicker

HELP_CSS = ".meide-help { color: #666; font-size: 12px; margin-top: -4px; }"
ERROR_CSS = ".meide-error { color: #b00020; font-size: 13px; font-weight: 600; }"


# Not pn.Param: tried on the views' trial workflow (Panel 1.9.4), it gives a number box for a
# Reference (the id, where staff search residents by name), a one-line box for long text, a
# slider for a bounded whole number and the declared label untranslated and without the required
# mark; options of a Choice come from the actor's community, which it cannot know. Every field
# would need a widgets= override, so the mapping below is all that would remain of it.
def field_input(cls, parameter, services, actor, value=None, required=None):
    """The widget for one declared field, labelled in the session's language (marked * when
    required: by the declaration's required, unless said)."""
    required = parameter.name in cls.required if required is None else required
    label = display.field_label(parameter) + (" *" if required else "")
    common = dict(label=label, description=_(parameter.doc), sizing_mode="stretch_width")
    if isinstance(parameter, Choice):
        # The names offered now in the actor's community; a record's own value stays shown.
        names = offered(cls, parameter, services, getattr(actor, "community", None))
        names += [value] if value and value not in names else []
        first = parameter.default if parameter.default in names else next(iter(names), None)
        return pn.widgets.Select(options=names, value=value or first, **common)
    value = initial(parameter) if value is None else value
    if isinstance(parameter, Reference):
        return ReferencePicker(services=services, actor=actor, kind=parameter.kind, label=label,
                               value=value)
    if isinstance(parameter, param.Boolean):
        return pn.widgets.Checkbox(label=label, value=bool(value))
    if isinstance(parameter, param.Selector):
        names = getattr(parameter, "names", None) or {str(o): o for o in parameter.objects}
        options = {_(text): choice for text, choice in names.items()}
        return pn.widgets.Select(options=options, value=value, **common)
    if isinstance(parameter, param.CalendarDate):
        return pn.widgets.DatePicker(value=value, **common)
    if isinstance(parameter, param.Date):
        return pn.widgets.DatetimePicker(value=value, **common)
    if isinstance(parameter, (param.Integer, param.Number)):
        low, high = parameter.bounds or (None, None)
        whole = isinstance(parameter, param.Integer)
        widget = pn.widgets.IntInput if whole else pn.widgets.FloatInput
        return widget(value=value, start=low, end=high, **common)
    if isinstance(parameter, param.String) and parameter.name in cls.long_text:
        return pn.widgets.TextAreaInput(value=value or "", auto_grow=True, rows=4, **common)
    return pn.widgets.TextInput(value="" if value is None else str(value), **common)


def asked_later(cls) -> set:
    """Fields a later transition asks for (a draw's seed, an appeal's reason): not on the form
    that starts a record, where typing them would be too early."""
    asked = {name for step in cls.declaration().transitions.values() for name in step.inputs}
    return asked - set(cls.required)


class RecordForm(pn.viewable.Viewer):
    """Fill in and submit a new record of one workflow (generated from its Parameters)."""

    runner = param.Parameter(doc="The kernel Runner that starts the record.")
    actor = param.Parameter(doc="The signed-in Actor who starts it.")
    slug = param.String(default="", doc="The workflow whose form this is.")
    problems = param.Dict(default={}, doc="Field name → message from the last submit.")
    record_id = param.Integer(default=None, allow_None=True,
                              doc="The record this form created; set when a submit succeeds.")

    def __init__(self, **params):
        super().__init__(**params)
        self.workflow = self.runner.workflow(self.slug)
        # One key per filled-in form: a double click or a resubmit after success starts one record.
        self._key = f"form:{uuid.uuid4().hex}"
        self.inputs, self._messages, rows = {}, {}, []
        later = asked_later(self.workflow)
        for parameter in (p for p in form_fields(self.workflow) if p.name not in later):
            widget = field_input(self.workflow, parameter, self.runner.services, self.actor)
            message = pn.pane.HTML("", visible=False, stylesheets=[ERROR_CSS])
            help_text = pn.pane.HTML(f"<div class='meide-help'>{html.escape(_(parameter.doc))}"
                                     "</div>", stylesheets=[HELP_CSS], margin=(0, 10))
            self.inputs[parameter.name], self._messages[parameter.name] = widget, message
            rows.append(pn.Column(widget, help_text, message, sizing_mode="stretch_width"))
        self.submit_button = pn.widgets.Button(label=_("Submit"), color="primary")
        self.submit_button.on_click(lambda event: self.submit())
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self._layout = pn.Column(
            display.heading(display.title(self.workflow), 2),
            display.text(_("Fields marked * are required.")),
            *rows, self.submit_button, self.feedback, sizing_mode="stretch_width", max_width=720)

    def values(self) -> dict:
        """What the form holds now, by field name (the kernel cleans and checks it)."""
        return {name: widget.value for name, widget in self.inputs.items()}

    def submit(self):
        """Start the record; show each problem beside its field, or the created record."""
        self.submit_button.disabled = True
        try:
            record = self.runner.start(self.slug, self.actor, self.values(), key=self._key)
        except FieldError as exc:
            self.problems = exc.problems
            self.feedback.objects = [display.alert(_("Please correct the fields marked in red."))]
            return
        except Exception as exc:
            self.problems = {}
            self.feedback.objects = [display.failure(exc)]
            return
        finally:
            self.submit_button.disabled = False
        self.problems = {}
        self.submit_button.disabled = True       # submitted: a new record needs a new form
        self.feedback.objects = [display.alert(
            _("Submitted as {number}: {summary} ({state}).").format(
                number=display.number(record), summary=display.summary(self.runner, record),
                state=display.state_label(self.workflow, record.state)), "success")]
        self.record_id = record.id

    @param.depends("problems", watch=True)
    def _show_problems(self):
        for name, message in self._messages.items():
            text = self.problems.get(name, "")
            message.object = f"<div class='meide-error'>{html.escape(text)}</div>" if text else ""
            message.visible = bool(text)
        strays = [text for name, text in self.problems.items() if name not in self._messages]
        if strays:
            self.feedback.objects = [display.alert(_("; ").join(strays))]

    def __panel__(self):
        return self._layout
