"""The template editor: staff change a printed document's template with a live, sandboxed preview."""

import html
import threading

import panel as pn
import param
from panel.io.state import set_curdoc

from ..i18n import _
from ..kernel.documents import all_kinds
from ..printing import printer
from ..printing.documents import KINDS
from ..printing.documents import kind as document_kind
from ..printing.editable import EDITOR_ROLES, WORKERS, TemplateRefused, check_source
from . import display
from .jobs import Job, _served


def may_edit(actor) -> bool:
    return actor is not None and bool(actor.roles & EDITOR_ROLES)


class TemplateEditor(pn.viewable.Viewer):
    """Pick a document kind, edit its template, see the sample document re-drawn as you type."""

    templates = param.Parameter(doc="The EditableTemplates store the versions live in.")
    actor = param.Parameter(doc="The signed-in Actor; only subdistrict administrators may save.")
    kind = param.Selector(default="notice", objects=list(KINDS), doc="The document kind edited "
                                                                    "(any registered kind).")
    source = param.String(default="", doc="The template text in the editor.")
    threaded = param.Boolean(default=False, doc="Draw previews in a thread even outside a served "
                                                "session (tests); in a served one they always are.")

    def __init__(self, **params):
        # The worker processes edited templates render in start now, not at the first preview.
        WORKERS.warm()
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
        # Saving tries the template on the sample data, which may take a template's time limit:
        # off the server's event loop, like every long operation.
        self.job = Job(buttons=[self.save_button])
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self.preview = pn.pane.HTML(sizing_mode="stretch_width", height=620)
        self.history = pn.Column(sizing_mode="stretch_width")
        self._lock = threading.Lock()
        self._wanted = None         # (kind, source) the drawing thread is to preview next
        self._drawer = None         # the thread drawing previews, while there is one
        self._drawn = threading.Event()
        self._drawn.set()
        self._load()

    def _sample_context(self, kind=None):
        kind = kind or self.kind
        return printer.context(kind, document_kind(kind).sample())

    @param.depends("kind", watch=True)
    def _load(self):
        self.source = self.templates.source(self.kind)
        self._draw_history()

    @param.depends("source", watch=True)
    def _preview(self):
        """Redraw the preview for the text as it is now. A template may run for its time limit,
        so in a served session it is drawn in a thread of the editor's own while the event loop
        serves every other session; text typed meanwhile is drawn next, in its latest state."""
        session = pn.state.curdoc if _served() else None
        if session is None and not self.threaded:
            self._show(*self._draw(self.kind, self.source))
            return
        with self._lock:
            self._wanted = (self.kind, self.source)
            if self._drawer is not None:
                return
            self._drawn.clear()
            self._drawer = threading.Thread(target=self._draw_wanted, args=(session,),
                                            name="meide-template-preview", daemon=True)
            self._drawer.start()

    def wait_for_preview(self, timeout: float | None = None) -> bool:
        """Block until the preview shows the latest text (True), or timeout seconds pass."""
        return self._drawn.wait(timeout)

    def _draw_wanted(self, session):
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    self._drawer = None
                    self._drawn.set()
                    return
            drawn = self._draw(*wanted)
            with self._lock:
                stale = self._wanted is not None    # newer text came: that one is shown
            if not stale:
                _in_session(session, lambda drawn=drawn: self._show(*drawn))

    def _draw(self, kind, source):
        """(page, None) for a template that renders on the sample data, else (None, the alert
        saying why)."""
        try:
            check_source(source, kind)
            # The print's own pipeline on the sample, the source as if saved: what prints.
            return printer.preview(kind, source), None
        except TemplateRefused as refused:
            return None, display.alert(str(refused), "warning")
        except Exception as error:      # in the drawing thread: said, and the next one drawn
            return None, display.failure(error)

    def _show(self, page, refusal):
        if refusal is not None:
            self.feedback.objects = [refusal]
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
        kind, source, actor = self.kind, self.source, self.actor.username
        self.job.start(lambda report: self.templates.save(kind, source, actor,
                                                          self._sample_context(kind)),
                       finished=self._saved, failed=self._refused)

    def _saved(self, version):
        self.feedback.objects = [display.alert(_("Saved as version {version}.").format(
            version=version), "success")]
        self._draw_history()

    def _refused(self, error):
        if not isinstance(error, TemplateRefused):
            return display.failure(error)
        self.feedback.objects = [display.alert(str(error), "warning")]
        return None

    def _rollback(self, version):
        if not may_edit(self.actor):
            return
        kind, actor = self.kind, self.actor.username
        self.job.start(lambda report: self.templates.rollback(kind, version, actor,
                                                              self._sample_context(kind)),
                       finished=lambda restored: self._load(), failed=self._refused)

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
                         self.save_button, self.job, self.feedback, self.preview,
                         display.heading(_("Versions"), 3), self.history,
                         sizing_mode="stretch_width")



def _in_session(session, change):
    """Make change in the session, on its event loop (Panel's rule for changes from a thread);
    right here when there is no session (tests)."""
    if session is None:
        change()
        return
    try:
        with set_curdoc(session):
            pn.state.execute(change, schedule=True)
    except Exception:
        # The browser left and its session was closed: nobody to show the preview to.
        display.log.info("a template preview finished after its session closed", exc_info=True)
