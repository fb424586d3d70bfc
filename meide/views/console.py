"""The staff console: one navigation over the inbox, the catalogue, the forms, lists and records."""

import html

import panel as pn
import param

from .. import i18n, runtime
from ..i18n import _
from ..kernel import catalog
from . import display, session
from .catalogue import Catalogue
from .form import RecordForm
from .inbox import Inbox
from .listing import Listing
from .record import RecordPage
from .signin import LOGOUT_URL
from .template_editor import TemplateEditor, may_edit

INBOX, START, TEMPLATES = "inbox", "start", "templates"
SIGN_OUT_CSS = "a { color: #b71c1c; font-size: 14px; line-height: 36px; white-space: nowrap; }"


class Console(pn.viewable.Viewer):
    """Pages are named by `page`: 'inbox', 'start', 'form:<slug>', 'list:<slug>' or
    'record:<slug>:<id>'; the language switch redraws everything in the chosen language."""

    runner = param.Parameter(doc="The kernel Runner all pages read and act through.")
    actor = param.Parameter(default=None, doc="The signed-in Actor; None shows only the sign-in "
                                              "message and no data.")
    page = param.String(default=INBOX, doc="The page shown (see the class docstring).")
    locale = param.Selector(default=i18n.DEFAULT_LOCALE, objects=list(i18n.LANGUAGES),
                            doc="The UI language of this session.")

    def __init__(self, **params):
        params.setdefault("locale", i18n.current_locale())
        super().__init__(**params)
        i18n.set_locale(self.locale)
        self.view = None
        self._header = pn.Row(sizing_mode="stretch_width")
        self._navigation = pn.Column(width=220)
        self._main = pn.Column(sizing_mode="stretch_width")
        self._draw()

    @classmethod
    def for_session(cls):
        """The console of the browser session being served (the process's runner, its clock)."""
        runtime.start_ticker()
        console = cls(runner=runtime.get_runner(), actor=session.current_actor())
        if pn.state.location is not None and console.actor is not None:
            # ?page=…&locale=… in the address open that page in that language (bookmarks, links).
            pn.state.location.sync(console, {"page": "page", "locale": "locale"})
        return console

    # -- drawing -------------------------------------------------------------------------------

    @param.depends("locale", watch=True)
    def _switch_language(self):
        i18n.set_locale(self.locale)
        self._draw()

    def _draw(self):
        self.language = pn.widgets.RadioButtonGroup(
            options={name: code for code, name in i18n.LANGUAGES.items()}, value=self.locale,
            color="light")
        self.language.param.watch(lambda event: setattr(self, "locale", event.new), "value")
        who = "" if self.actor is None else f"{self.actor.name} · " + _(", ").join(
            _(role) for role in sorted(self.actor.roles))
        # Shown even to an account disabled since sign-in: ending the session is always allowed.
        words = html.escape(_("Sign out"))
        sign_out = pn.pane.HTML(f"<a href='{LOGOUT_URL}'>{words}</a>", stylesheets=[SIGN_OUT_CSS])
        self._header.objects = [display.heading(_('Meide virtue credit'), 1),
                                pn.Spacer(), display.text(who), self.language, sign_out]
        self.nav_buttons = {}
        if self.actor is None:
            self._navigation.objects = []
            self._main.objects = [session.sign_in_required()]
            return
        entries = [(INBOX, _("Home / waiting for me")), (START, _("Start"))]
        # Every workflow has a list; what it lists is limited to the actor's scope on the server.
        entries += [(f"list:{cls.slug}", display.title(cls)) for cls in catalog.all_workflows()]
        if may_edit(self.actor):
            entries.append((TEMPLATES, _("Document templates")))
        for page, label in entries:
            button = pn.widgets.Button(label=label, color="light", sizing_mode="stretch_width")
            button.on_click(lambda event, page=page: setattr(self, "page", page))
            self.nav_buttons[page] = button
        self._navigation.objects = list(self.nav_buttons.values())
        self._show()

    @param.depends("page", watch=True)
    def _show(self):
        if self.actor is None:
            return
        try:
            self.view = self._view_for(self.page)
        except Exception as exc:
            self.view = None
            self._main.objects = [display.failure(exc)]
            return
        for page, button in self.nav_buttons.items():
            button.color = "primary" if page == self.page else "light"
        self._main.objects = [self.view]

    def _view_for(self, page: str):
        kind, _sep, rest = page.partition(":")
        if kind == START:
            view = Catalogue(actor=self.actor)
            view.param.watch(lambda event: self._go(f"form:{event.new}"), "chosen")
        elif kind == "form":
            view = RecordForm(runner=self.runner, actor=self.actor, slug=rest)
            view.param.watch(lambda event: self._created(rest, event.new), "record_id")
        elif kind == "list":
            view = Listing(runner=self.runner, actor=self.actor, slug=rest)
            view.param.watch(self._open, "opened")
        elif kind == TEMPLATES and may_edit(self.actor):
            view = TemplateEditor(templates=runtime.get_templates(), actor=self.actor)
        elif kind == "record":
            slug, _sep, record_id = rest.rpartition(":")
            view = RecordPage(runner=self.runner, actor=self.actor, slug=slug,
                              record_id=int(record_id))
        else:
            view = Inbox(runner=self.runner, actor=self.actor)
            view.param.watch(self._open, "opened")
        return view

    def _go(self, page):
        if not page.endswith(":"):
            self.page = page

    def _created(self, slug, record_id):
        if record_id is None:
            return
        form = self.view
        self.page = f"record:{slug}:{record_id}"
        # The new record's page opens with the form's confirmation above it.
        if isinstance(self.view, RecordPage) and form is not None:
            self.view.feedback.objects = list(form.feedback.objects)

    def _open(self, event):
        if event.new:
            self.page = f"record:{event.new[0]}:{event.new[1]}"

    def __panel__(self):
        return pn.Column(self._header, pn.Row(self._navigation, self._main,
                                               sizing_mode="stretch_width"),
                         sizing_mode="stretch_width")
