"""The staff console: one navigation over the inbox, the catalogue, the forms, lists and records."""

import html

import panel as pn
import param

from .. import i18n, runtime
from ..i18n import _
from ..kernel import catalog
from . import display, session
from .batch_entry import BatchEntry, VolunteerActivities
from .catalogue import Catalogue
from .audit_log import AuditLogPage, may_view
from .dashboard import DashboardPage
from .form import RecordForm
from .inbox import Inbox
from .listing import Listing
from .navigation import Navigation
from .record import RecordPage
from .points_page import PointsPage
from .printing_page import PrintingPage
from .registry_page import RegistryPage
from .settings import SettingsPage, may_change_settings
from .signin import LOGOUT_URL
from .template_editor import TemplateEditor, may_edit

INBOX, START, TEMPLATES, DASHBOARD = "inbox", "start", "templates", "dashboard"
SETTINGS, AUDIT, REGISTRY, POINTS = "settings", "audit", "registry", "points"
VOLUNTEER = "volunteer"           # 'volunteer' lists activities, 'volunteer:<id>' enters a sheet
PRINTING = "printing"
COUNTER_URL = "/counter"
HEADER_CSS = """
:host { flex-grow: 1; }
div { display: flex; align-items: baseline; gap: 24px; }
h1 { margin: 8px 10px; flex-grow: 1; }
a { color: #b71c1c; font-size: 14px; white-space: nowrap; }
"""


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
        # The class lets browser tests walk every navigation entry, whoever adds one.
        self.navigation = Navigation(width=220, css_classes=["meide-navigation"])
        self.navigation.param.watch(lambda event: setattr(self, "page", event.new), "chosen")
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
        title, sign_out = _("Meide virtue credit"), _("Sign out")
        # One pane for the title, who is signed in and signing out: every model costs each
        # session's first load. Signing out is shown even to an account disabled since sign-in.
        self._header.objects = [pn.pane.HTML(
            f"<h1>{html.escape(title)}</h1><span>{html.escape(who)}</span>"
            f"<a href='{LOGOUT_URL}'>{html.escape(sign_out)}</a>",
            stylesheets=[HEADER_CSS], sizing_mode="stretch_width"), self.language]
        if self.actor is None:
            self.navigation.sections, self.navigation.links = [], []
            self._main.objects = [session.sign_in_required()]
            return
        self.navigation.sections = self._sections()
        # The credit supermarket counter is its own app (one page per counter PC).
        self.navigation.links = [(_("Credit supermarket counter"), COUNTER_URL)]
        self._show()

    def _sections(self) -> list:
        # Figures, settings and the audit log read the real registry and ledger.
        registered = hasattr(self.runner.services, "registry")
        sections = [("", [(INBOX, _("Home / waiting for me"))]
                     + ([(DASHBOARD, _("Dashboard"))] if registered else []))]
        if registered:
            sections.append((_("Records and points"), [(REGISTRY, _("Registry")),
                                                      (POINTS, _("Points"))]))
        # Every workflow has a list; what it lists is limited to the actor's scope on the server.
        sections.append((_("Workflows"), [(START, _("Start"))] + [
            (f"list:{cls.slug}", display.title(cls)) for cls in catalog.all_workflows()]
            + [(VOLUNTEER, _("Sign-in sheets"))]))
        tools = [(PRINTING, _("Printing"))] if registered else []
        if may_edit(self.actor):
            tools.append((TEMPLATES, _("Document templates")))
        if registered and may_change_settings(self.actor):
            tools.append((SETTINGS, _("Settings")))
        if registered and may_view(self.actor):
            tools.append((AUDIT, _("Audit log")))
        sections.append((_("Printing and settings"), tools))
        return [(title, entries) for title, entries in sections if entries]

    @param.depends("page", watch=True)
    def _show(self):
        if self.actor is None:
            return
        try:
            self.view = self._view_for(self.page)
            self._main.objects = [self.view]
        except Exception as exc:
            self.view = None
            self._main.objects = [display.failure(exc)]
        # Marked after the page is in place: a marked entry means its page is shown.
        self.navigation.page = self.page

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
        elif kind == VOLUNTEER:
            view = BatchEntry(runner=self.runner, actor=self.actor, record_id=int(rest)) if rest \
                else VolunteerActivities(runner=self.runner, actor=self.actor)
            if not rest:
                view.param.watch(lambda event: self._go(f"{VOLUNTEER}:{event.new}"), "opened")
        elif kind == POINTS:
            view = PointsPage(services=self.runner.services, actor=self.actor)
        elif kind == REGISTRY:
            view = RegistryPage(registry=self.runner.services.registry.acting_as(
                self.actor.username))
        elif kind == PRINTING:
            view = PrintingPage(services=self.runner.services, actor=self.actor)
        elif kind == DASHBOARD:
            view = DashboardPage(services=self.runner.services, actor=self.actor)
        elif kind == SETTINGS and may_change_settings(self.actor):
            view = SettingsPage(registry=self.runner.services.registry.acting_as(
                self.actor.username), catalogue=self.runner.services.ledger.catalogue,
                actor=self.actor)
        elif kind == AUDIT and may_view(self.actor):
            registry = self.runner.services.registry
            view = AuditLogPage(store=registry.store, registry=registry, actor=self.actor)
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
        return pn.Column(self._header, pn.Row(self.navigation, self._main,
                                               sizing_mode="stretch_width"),
                         sizing_mode="stretch_width")
