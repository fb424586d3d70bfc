"""A record page: values, state, due date, signatures, objections, documents, history, actions."""

import html
import io
import uuid
import zipfile

import panel as pn
import param

from ..children.public_names import for_public
from ..reports import printouts
from ..i18n import N_, _
from ..kernel import documents
from ..kernel.errors import RecordChanged
from ..kernel.fields import form_fields
from ..kernel.runner import objection_consequences
from ..printing import honours, printer
from ..printing.editable import EditableTemplates
from . import diagram, display, outputs
from .download import Download, off_the_loop
from .file_names import file_stem, record_file_stem
from .form import field_input
from .history import history_html
from .jobs import Job

OBJECTION_STATUS = {"open": N_("Awaiting decision"), "upheld": N_("Upheld"),
                    "dismissed": N_("Dismissed")}
TEXT_CSS = "p, li { font-size: 14px; }"
HONOURS = "honours"     # the 榜样光荣榜 offered by a record on the honour board (not issued)
# Seconds an action may take before the page shows a busy bar: a 核实通过 takes milliseconds
# and shows none; closing a quarter over 100,000 accounts ranks them for seconds.
BUSY_AFTER = 0.5
HONOURS_TITLE = N_("Role model honour board")


def document_title(cls, kind: str) -> str:
    """The translated name of a document kind cls issues: the title its IssueDocument declares
    (what the paper, the printing page and the template editor call it too)."""
    return _(documents.document_kind(cls, kind).title)


def printed_file(printed, widget=None) -> io.BytesIO:
    """What a download button sends for a print: the PDF, the PNG of a one-page document, or
    the pages' PNGs zipped together (the widget's file name follows)."""
    if printed.format == "pdf":
        return io.BytesIO(printed.content)
    stem = widget.filename.rsplit(".", 1)[0]
    if len(printed.content) == 1:
        widget.filename = stem + ".png"
        return io.BytesIO(printed.content[0])
    widget.filename = stem + ".zip"
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for number, page in enumerate(printed.content, 1):
            archive.writestr(f"{number}.png", page)
    return packed


def _typed(instance, field):
    """A field's value as its widget takes it (a date as a date), None when empty."""
    value = getattr(instance, field, None)
    return None if value in ("", None) else value


class RecordPage(pn.viewable.Viewer):
    """One record as the signed-in person may see and act on it.

    Every button carries an idempotency key made when the page was drawn: a double click, or a
    click that arrives after the page changed, acts once. The page is redrawn (with new keys)
    after each successful action. Every action runs as a Job, in a worker thread when served:
    a transition with heavy effects (closing a quarter ranks every account) shows a busy bar
    after BUSY_AFTER seconds and never holds up other sessions.
    """

    runner = param.Parameter(doc="The kernel Runner every action goes through.")
    actor = param.Parameter(doc="The signed-in Actor; what they may do decides the buttons.")
    slug = param.String(default="", doc="The record's workflow.")
    record_id = param.Integer(default=None, allow_None=True, doc="The record shown.")
    version = param.Integer(default=0, doc="Bumped after each change, so the page is redrawn.")

    def __init__(self, **params):
        super().__init__(**params)
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self.job = Job(delay=BUSY_AFTER)
        # One Column for the whole page (feedback, job, then the record): each model costs the
        # session's first load.
        self._body = pn.Column(sizing_mode="stretch_width")
        self._info = pn.pane.HTML("", stylesheets=[display.TABLE_CSS, TEXT_CSS],
                                  sizing_mode="stretch_width")
        self._history = pn.pane.HTML("", stylesheets=[display.TABLE_CSS, TEXT_CSS],
                                     sizing_mode="stretch_width")
        self._spent = set()
        self.record = None
        self._render()

    # -- drawing -------------------------------------------------------------------------------

    @param.depends("slug", "record_id", "version", watch=True)
    def _render(self):
        self.action_buttons, self.decide_buttons, self.decision_comments = {}, {}, {}
        self.consequence_choices = {}       # objection number → the upheld consequence picked
        self.transition_inputs = {}         # transition → {field: widget} filled in beside it
        self.editable_inputs = {}           # field the state leaves editable → its widget
        self.object_button = self.objection_reason = self.save_button = None
        self.document_downloads, self.honour_downloads = {}, {}
        self.file_downloads = {}            # output declared as a file → its download
        self.comment = pn.widgets.TextAreaInput(
            label=_("Comment"), placeholder=_("Your opinion or reason (kept in the history)"),
            rows=2, sizing_mode="stretch_width")
        try:
            self.record = self.runner.get(self.slug, self.record_id, self.actor)
        except Exception as exc:
            self.record = None
            self._body.objects = [self.feedback, self.job, display.failure(exc)]
            return
        cls = self.runner.workflow(self.slug)
        record = self.record
        heading = _("{workflow} {number}: {summary}").format(
            workflow=display.title(cls), number=display.number(record),
            summary=display.summary(self.runner, record))
        # What is only read is two HTML panes changed in place; only the controls are new
        # models: each model costs the server and the browser, after every click.
        info = [display.heading_html(heading, 2), display.text_html(_("Status: {state}").format(
            state=display.state_label(cls, record.state)))]
        if record.due:
            info.append(display.text_html(display.due_text(cls, record)))
        info.append(self._values(cls, record))
        info += self._outputs(cls, record)
        info += self._signatures(cls, record)
        info += self._objections(cls, record)
        info.append(diagram.figure_html(cls, record.state))    # dot runs once per workflow
        self._info.object = "".join(info)
        self._history.object = display.heading_html(_("History"), 3) + history_html(
            self.runner, self.slug, self.runner.history(self.slug, record.id, self.actor))
        controls = (self._deciding(cls, record) + self._actions(cls, record)
                    + self._objecting(cls, record) + self._documents(cls, record))
        self._body.objects = [self.feedback, self.job, self._info, *controls, self._history]

    def _values(self, cls, record):
        """The fields that hold a value (an empty one is not used by this record's kind or not
        reached yet in its state), or whose emptiness means something (no community: the whole subdistrict)."""
        rows = [[display.field_label(p), display.value_text(self.runner.services, p,
                                                            record.values.get(p.name))]
                for p in form_fields(cls) if display.has_value(p, record.values.get(p.name))]
        return display.table_html([_("Item"), _("Content")], rows)

    def _outputs(self, cls, record):
        """What the workflow worked out (its declared outputs, the points it gave or took),
        shown before anyone signs."""
        parts = (outputs.outputs_html(cls, record)
                 + outputs.points_html(self.runner.services, record))
        return [display.heading_html(_("Worked out"), 3), *parts] if parts else []

    def _signatures(self, cls, record):
        parts = []
        for name, signed in record.signatures.items():
            transition = cls.declaration().transitions.get(name)
            if transition is None or not signed:
                continue
            needed = transition.quorum.needed(transition.roles) if transition.quorum else 1
            lines = [_("{name} ({role}), {moment}").format(
                name=s.get("name", s["actor"]), role=_(s.get("role", "")),
                moment=display.moment(s.get("at"))) for s in signed]
            parts.append(display.text_html(_("Signatures for “{action}”: {signed} of {needed}")
                                           .format(action=_(transition.label),
                                                   signed=len(signed), needed=needed)))
            parts.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                         + "</ul>")
        return parts

    def _objections(self, cls, record):
        if not record.objections:
            return []
        rows = [[o["id"], o.get("by_name", o["by"]), display.moment(o.get("at")), o["reason"],
                 _(OBJECTION_STATUS.get(o["status"], o["status"])), o.get("decision", "")]
                for o in record.objections]
        return [display.heading_html(_("Objections"), 3),
                display.table_html([_("No."), _("Raised by"), _("Time"), _("Reason"),
                                    _("Status"), _("Decision")], rows)]

    def _deciding(self, cls, record):
        """For each open objection, to those who may decide: the decision, and one way to
        uphold it with its consequence chosen (back to review, back for revision…)."""
        parts = []
        consequences = [step for step in objection_consequences(cls, record.state)
                        if self.actor.roles & set(step.roles)]
        if not consequences:
            return parts
        for objection in record.open_objections():
            number = objection["id"]
            comment = pn.widgets.TextInput(label=_("Decision on objection {number}").format(
                number=number), sizing_mode="stretch_width")
            row = [comment]
            if len(consequences) > 1:
                choice = pn.widgets.Select(
                    label=_("If upheld"), options={_(step.label): step.name
                                                   for step in consequences})
                self.consequence_choices[number] = choice
                row.append(choice)
            upheld = self._button(_("Objection upheld"), "warning",
                                  lambda key, n=number: self._decide(n, True, key))
            dismissed = self._button(_("Objection dismissed"), "default",
                                     lambda key, n=number: self._decide(n, False, key))
            self.decision_comments[number] = comment
            self.decide_buttons[(number, True)], self.decide_buttons[(number, False)] = (
                upheld, dismissed)
            parts.append(pn.Row(*row, upheld, dismissed, sizing_mode="stretch_width"))
        return parts

    def _actions(self, cls, record):
        allowed = self.runner.actions(record, self.actor, guards=True)
        return (self._shortfalls(record) + self._available(cls, record, allowed)
                + self._unavailable(record))

    def _shortfalls(self, record) -> list:
        """A step the place's staff can never complete (too few possible signers), said now."""
        lines = self.runner.shortfalls(record)
        return [display.alert(_("Cannot be completed with the staff accounts there now: {what}")
                              .format(what=_("; ").join(lines)), "warning")] if lines else []

    def _unavailable(self, record) -> list:
        """Each step of this state the signed-in user may not take, and why (the kernel's words)."""
        lines = [reason if step.label in reason else
                 _("{action}: {reason}").format(action=_(step.label), reason=reason)
                 for step, reason in self.runner.unavailable(record, self.actor)]
        if not lines:
            return []
        return [display.heading(_("What you cannot do here, and why"), 3),
                *(display.text(line) for line in lines)]

    def _available(self, cls, record, allowed) -> list:
        editable = self._editable(cls, record)
        if not allowed and not editable:
            return [display.text(_("Nothing here waits for you."))]
        for transition in allowed:
            name = _(transition.label)
            if transition.quorum is not None:
                signed = len(record.signatures.get(transition.name, []))
                name = _("Sign “{action}” ({signed} of {needed} signed)").format(
                    action=name, signed=signed,
                    needed=transition.quorum.needed(transition.roles))
            self.action_buttons[transition.name] = self._button(
                name, display.button_color(transition.style),
                lambda key, t=transition.name: self._apply(t, key))
        # What the actions ask for (marked *), one box per field however many actions ask for
        # it (维持 and 冲正 both take the 复核意见); each button sends the ones it asks for, and
        # the fields the state leaves editable.
        instance = self.runner.instance(record)
        asked = {}
        for transition in allowed:
            for field in transition.inputs:
                if field not in asked and field not in self.editable_inputs:
                    asked[field] = field_input(cls, cls.param[field], self.runner.services,
                                               self.actor, value=_typed(instance, field),
                                               required=True)
            self.transition_inputs[transition.name] = {
                f: asked.get(f) or self.editable_inputs[f] for f in transition.inputs}
        if any(t.comment_required for t in allowed):
            self.comment.placeholder = _("Some actions need a comment: write your reason here")
        hints = [display.text(reason) for t in allowed
                 if (reason := self.runner.guard_refusal(t, record))]
        parts = [*editable, display.heading(_('Your actions'), 3), *asked.values(), *hints]
        if allowed:
            parts += [self.comment, pn.Row(*self.action_buttons.values())]
        return parts

    def _editable(self, cls, record) -> list:
        """The fields this state leaves editable, as boxes holding their values, and a button
        saving them (any action taken here sends them too)."""
        state = cls.declaration().states.get(record.state)
        if state is None or not state.editable or not self.runner.may_edit(record, self.actor):
            return []
        instance = self.runner.instance(record)
        self.editable_inputs = {
            field: field_input(cls, cls.param[field], self.runner.services, self.actor,
                               value=_typed(instance, field)) for field in state.editable}
        self.save_button = self._button(_("Save changes"), "default", self._save)
        return [display.heading(_("Can still be changed"), 3), *self.editable_inputs.values(),
                self.save_button]

    def _objecting(self, cls, record):
        if not objection_consequences(cls, record.state):
            return []
        self.objection_reason = pn.widgets.TextAreaInput(
            label=_("Objection"), placeholder=_("What is wrong, and why"), rows=2,
            sizing_mode="stretch_width")
        self.object_button = self._button(_("Raise an objection"), "danger", self._object)
        return [display.heading(_('Public notice'), 3),
                self.objection_reason, self.object_button]

    def _documents(self, cls, record):
        """Each document the record's effects issued, as the frozen copy printed, and the honour
        board of each honour it published, as it stands now: PDF and PNG."""
        rows = (self._issued(cls, record) + self._files(cls, record)
                + self._honour_boards(cls, record))
        return [display.heading(_("Documents"), 3), *rows] if rows else []

    def _files(self, cls, record):
        """Each output declared as a file (a lottery's entrant list), its exact text."""
        self.file_downloads = {}
        for name, output in cls.declaration().outputs.items():
            text = record.outputs.get(name)
            if output.file and isinstance(text, str) and text:
                self.file_downloads[name] = Download(
                    filename=record_file_stem(cls, record.id, _(output.label)) + "."
                    + output.file.rsplit(".", 1)[-1], embed=False,
                    audit=(self.runner.store, self.actor),
                    label=_("{document} (text file)").format(document=_(output.label)),
                    callback=lambda text=text: io.BytesIO(text.encode("utf-8")))
        return [pn.Row(button, sizing_mode="stretch_width")
                for button in self.file_downloads.values()]

    def _issued(self, cls, record):
        self.document_downloads = {}
        issued = documents.issued(self.runner.store, self.slug, record.id)
        if not issued:
            return []
        signer = documents.issuer(self.runner.services, record.scope)
        templates = EditableTemplates(self.runner.store)
        rows = []
        kinds = [document["kind"] for document in issued]
        for document in issued:
            title = document_title(cls, document["kind"])
            # The day tells apart two copies of one document (a plaque issued again).
            on = document["issued_at"][:10] if kinds.count(document["kind"]) > 1 else None
            kind = documents.document_kind(cls, document["kind"])
            context = documents.template_context(cls, dict(document), issuer=signer)
            if kind.public:     # a child's name masked unless the programme allows it
                context = for_public(self.runner.services.registry, context)
            self.document_downloads[document.doc_id] = self._downloads(
                title, record_file_stem(cls, record.id, title, on),
                lambda format, k=kind, c=context: printer.render(k, c, format,
                                                                 templates=templates))
            rows.append(pn.Row(display.text(_("{document}, issued {moment}").format(
                document=title, moment=display.moment(document["issued_at"]))),
                *self.document_downloads[document.doc_id], sizing_mode="stretch_width"))
        return rows

    def _honour_boards(self, cls, record):
        """The role models' honour board of the community and year of each honour the record
        published: every role model honoured there that year, printed when asked for."""
        self.honour_downloads = {}
        registry, templates = self.runner.services.registry, EditableTemplates(self.runner.store)
        rows = []
        for entry in honours.of_record(self.runner.store, self.slug, record.id):
            year = int(entry["at"][:4])
            community_id = (entry.get("scope") or {}).get("community")
            community = registry.communities.get(community_id) if community_id else None
            title = _(HONOURS_TITLE)
            self.honour_downloads[entry.doc_id] = self._downloads(
                title, file_stem(title, community["name"] if community else "", year),
                lambda format, y=year, c=community: printer.render(
                    "board", printouts.honours_board(registry, y, c), format,
                    templates=templates))
            rows.append(pn.Row(display.text(_("{document} of {place}, {year}").format(
                document=title, place=community["name"] if community else "", year=year)),
                *self.honour_downloads[entry.doc_id], sizing_mode="stretch_width"))
        return rows

    def _downloads(self, title, stem, make):
        """A PDF and a PNG download of the document make(format) prints."""
        audit = (self.runner.store, self.actor)
        pdf = Download(
            filename=f"{stem}.pdf", embed=False, audit=audit,
            label=_("{document} (PDF)").format(document=title),
            callback=self._print(make, "pdf"))
        png = Download(
            filename=f"{stem}.png", embed=False, audit=audit,
            label=_("{document} (image)").format(document=title))
        png.callback = self._print(make, "png", png)
        return pdf, png

    def _print(self, make, format, widget=None):
        """A download button's callback: the document printed off the event loop."""
        def finish(printed, exc):
            if exc is not None:
                self.feedback.objects = [display.failure(exc)]
                return None
            return printed_file(printed, widget)
        return off_the_loop(lambda: make(format), finish)

    def _button(self, name, kind, act):
        key = f"click:{uuid.uuid4().hex}"
        button = pn.widgets.Button(label=name, color=kind)
        button.on_click(lambda event: self._attempt(act, key))
        return button

    # -- acting --------------------------------------------------------------------------------

    def _attempt(self, act, key):
        """Run one click once: its key is spent only when the kernel accepted it."""
        if key in self._spent:
            return
        buttons = [*self.action_buttons.values(), *self.decide_buttons.values(),
                   *(b for b in (self.object_button, self.save_button) if b)]
        for button in buttons:
            button.disabled = True

        def failed(exc):
            if isinstance(exc, RecordChanged):
                self._redraw_keeping_typed()     # show what the other person did
            else:
                for button in buttons:
                    button.disabled = False
            self.feedback.objects = [display.failure(exc)]

        def finished(done):
            self._spent.add(key)
            self.feedback.objects = [display.alert(done, "success")]
            self.version += 1

        # The kernel call runs in the worker; what the page shows changes in the session.
        self.job.start(lambda report: act(key), finished=finished, failed=failed)

    def _apply(self, transition, key):
        before = self.record.state
        changes = {field: widget.value for field, widget in self.editable_inputs.items()}
        changes.update({field: widget.value
                        for field, widget in self.transition_inputs.get(transition, {}).items()})
        record = self.runner.apply(self.slug, self.record_id, transition, self.actor,
                                   comment=self.comment.value, changes=changes or None, key=key,
                                   seen=self._seen)
        cls = self.runner.workflow(self.slug)
        if cls.declaration().transitions[transition].quorum and record.state == before:
            return _("Signed. Waiting for the other signers.")
        return _("Done: now “{state}”.").format(state=display.state_label(cls, record.state))

    def _save(self, key):
        changes = {field: widget.value for field, widget in self.editable_inputs.items()}
        self.runner.edit(self.slug, self.record_id, self.actor, changes, key=key,
                         seen=self._seen)
        return _("Saved.")

    def _decide(self, number, upheld, key):
        choice = self.consequence_choices.get(number)
        self.runner.decide(self.slug, self.record_id, number, self.actor, upheld=upheld,
                           comment=self.decision_comments[number].value,
                           consequence=choice.value if choice and upheld else None, key=key,
                           seen=self._seen)
        return _("The objection was upheld.") if upheld else _("The objection was dismissed.")

    def _object(self, key):
        self.runner.object(self.slug, self.record_id, self.actor, self.objection_reason.value,
                           key=key, seen=self._seen)
        return _("Your objection was recorded; the notice waits until it is decided.")

    def refresh_if_changed(self):
        """Redraw when another session changed the record (called every second while shown),
        keeping what was typed beside the buttons; never while this page's own action runs."""
        if self.record is None or self.job.running:
            return
        if self.runner.sequence(self.slug, self.record_id) == self._seen:
            return
        self._redraw_keeping_typed()
        self.feedback.objects = [display.alert(_(
            "Someone else has just changed this record; it now shows what they did."), "info")]

    def _redraw_keeping_typed(self):
        """Redraw from the store; what was typed beside the buttons (not the editable fields,
        which show what is stored now) is put back in the new boxes."""
        typed = {field: widget.value for inputs in self.transition_inputs.values()
                 for field, widget in inputs.items() if field not in self.editable_inputs}
        comment = self.comment.value
        self.version += 1
        for inputs in self.transition_inputs.values():
            for field, widget in inputs.items():
                if field in typed:
                    widget.value = typed[field]
        self.comment.value = comment

    @property
    def _seen(self):
        """The record's sequence number as this page shows it (a change since is refused)."""
        return self.record.doc.get("seq", 0)

    def __panel__(self):
        return self._body
