"""The template editor: staff change a printed document's template with a live, sandboxed preview."""

import html

import panel as pn
import param

from ..i18n import _
from ..kernel.documents import all_kinds
from ..printing import printer
from ..printing.documents import KINDS
from ..printing.documents import kind as document_kind
from ..printing.editable import EDITOR_ROLES, TemplateRefused, check_source, render_edited
from . import display


def may_edit(actor) -> bool:
    return actor is not None and bool(actor.roles & EDITOR_ROLES)


class TemplateEditor(pn.viewable.Viewer):
    """Pick a document kind, edit its template, see the sample document re-drawn as you type."""

    templates = param.Parameter(doc="The EditableTemplates store the versions live in.")
    actor = param.Parameter(doc="The signed-in Actor; only subdistrict administrators may save.")
    kind = param.Selector(default="notice", objects=list(KINDS), doc="The document kind edited "
                                                                    "(any registered kind).")
    source = param.String(default="", doc="The template text in the editor.")

    def __init__(self, **params):
        kinds = all_kinds()     # printing's own and every workflow's documents
        # On the class: the registry is the process's, and a kind asked for must be valid already.
        type(self).param.kind.objects = [made.slug for made in kinds]
        super().__init__(**params)
        self.editor = pn.widgets.CodeEditor(language="html", sizing_mode="stretch_width",
                                            height=420)
        self.editor.link(self, value="source", bidirectional=True)
        self.chooser = pn.widgets.Select(options={_(made.label): made.slug for made in kinds},
                                         value=self.kind, width=240)
        self.chooser.link(self, value="kind", bidirectional=True)
        self.save_button = pn.widgets.Button(label=_("Save as a new version"), color="primary",
                                             disabled=not may_edit(self.actor))
        self.save_button.on_click(self._save)
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self.preview = pn.pane.HTML(sizing_mode="stretch_width", height=620)
        self.history = pn.Column(sizing_mode="stretch_width")
        self._load()

    def _sample_context(self):
        return printer.context(self.kind, document_kind(self.kind).sample())

    @param.depends("kind", watch=True)
    def _load(self):
        self.source = self.templates.source(self.kind)
        self._draw_history()

    @param.depends("source", watch=True)
    def _preview(self):
        try:
            check_source(self.source, self.kind)
            page = render_edited(self.kind, self.source, self._sample_context())
        except TemplateRefused as refused:
            self.feedback.objects = [display.alert(str(refused), "warning")]
            return
        self.feedback.objects = []
        # The document is a whole HTML page with its own styles: an iframe keeps them apart.
        self.preview.object = (f"<iframe srcdoc=\"{html.escape(page, quote=True)}\" "
                               "style='width:100%;height:600px;border:1px solid #ccc'></iframe>")

    def _save(self, event=None):
        if not may_edit(self.actor):
            self.feedback.objects = [display.alert(_("Only subdistrict administrators may change "
                                                     "templates."), "warning")]
            return
        try:
            version = self.templates.save(self.kind, self.source, self.actor.username,
                                          self._sample_context())
        except TemplateRefused as refused:
            self.feedback.objects = [display.alert(str(refused), "warning")]
            return
        self.feedback.objects = [display.alert(_("Saved as version {version}.").format(
            version=version), "success")]
        self._draw_history()

    def _rollback(self, version):
        if not may_edit(self.actor):
            return
        try:
            self.templates.rollback(self.kind, version, self.actor.username,
                                    self._sample_context())
        except TemplateRefused as refused:
            self.feedback.objects = [display.alert(str(refused), "warning")]
            return
        self._load()

    def _draw_history(self):
        rows = []
        for saved in reversed(self.templates.versions(self.kind)):
            button = pn.widgets.Button(label=_("Restore version {version}").format(
                version=saved["version"]), disabled=not may_edit(self.actor), color="light")
            button.on_click(lambda event, v=saved["version"]: self._rollback(v))
            rows.append(pn.Row(display.text(f"{saved['version']} · {saved['saved_by']} · "
                                            f"{display.moment(saved['saved_at'])} · "
                                            f"{saved.get('note', '')}"), button))
        self.history.objects = rows or [display.text(_("The shipped template is in use."))]

    def __panel__(self):
        return pn.Column(display.heading(_("Document templates")), self.chooser, self.editor,
                         self.save_button, self.feedback, self.preview,
                         display.heading(_("Versions"), 3), self.history,
                         sizing_mode="stretch_width")

