"""The staff console: one navigation over the inbox, the catalogue, the forms, lists and records."""

from urllib.parse import urlencode

import panel as pn
import param

from .. import i18n, runtime
from ..i18n import _
from . import display, pages, scheduler, session
from .navigation import Navigation
from .record import RecordPage
from .signin import LOGOUT_URL
from .template_editor import may_edit

INBOX = pages.INBOX
CONSOLE_URL, COUNTER_URL = "/console", "/counter"
TEMPLATES_URL = "/templates"


class Console(pn.viewable.Viewer):
    """Pages are named by `page`, an address in the table of pages (meide.views.pages): 'inbox',
    'start', 'form:<slug>', 'list:<slug>', 'record:<slug>:<id>'…; a change of `locale` redraws
    everything in that language (the navigation links to the page shown in the other language:
    ?locale= in the address)."""

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
        # The navigation column also names the app, who is signed in, the other languages and
        # signing out: every model costs each session's first load, so no header panes.
        # The class lets browser tests walk every navigation entry, whoever adds one.
        self.navigation = Navigation(width=220, css_classes=["meide-navigation"])
        self.navigation.param.watch(lambda event: setattr(self, "page", event.new), "chosen")
        # The page shown is the Row's second object (no Column around it: one model less).
        self._body = pn.Row(self.navigation, pn.Spacer(), sizing_mode="stretch_width")
        self._draw()

    @classmethod
    def for_session(cls):
        """The console of the browser session being served (the process's runner, its clock)."""
        scheduler.keep_ticking()
        actor = session.current_actor()
        # The page and language asked for in the address are built first (not the inbox, then
        # them): what the address names is checked by the table of pages like any other page.
        asked = {} if actor is None else session.address_choices()
        console = cls(runner=runtime.get_runner(), actor=actor, **asked)
        if console.actor is not None:
            # Each second the sign-in is checked (so is every message the browser sends) and,
            # while it is live, the page shown may catch up with other sessions' changes.
            session.guard(console.signed_out, every_tick=console.refresh)
        if pn.state.location is not None and console.actor is not None:
            # Later changes of ?page=…&locale=… (history, links) show that page in that language.
            pn.state.location.sync(console, {"page": "page", "locale": "locale"})
        return console

    # -- drawing -------------------------------------------------------------------------------

    @param.depends("locale", watch=True)
    def _switch_language(self):
        i18n.set_locale(self.locale)
        self._draw()

    def _draw(self):
        self._draw_header()
        if self.actor is None:
            self.navigation.sections, self.navigation.links = [], []
            self._main = session.sign_in_required()
            return
        self.navigation.sections = pages.navigation(self.actor)
        # The credit supermarket counter is its own app (one page per counter PC); so is the
        # template editor, the one page loading the code editor's half-megabyte script.
        self.navigation.links = [(_("Credit supermarket counter"), COUNTER_URL)] + (
            [(_("Document templates"), TEMPLATES_URL)] if may_edit(self.actor) else [])
        self._show()

    def _draw_header(self):
        who = "" if self.actor is None else f"{self.actor.name} · " + _(", ").join(
            _(role) for role in sorted(self.actor.roles))
        # The other language is a link to this page in it: a new session, drawn in it from the
        # start (switching is rare; a widget for it cost every session a model).
        page = self._header_page = self.page if self.actor is not None else INBOX
        languages = [(name, f"{CONSOLE_URL}?" + urlencode({"page": page, "locale": code}))
                     for code, name in i18n.LANGUAGES.items() if code != self.locale]
        # Signing out is shown even to an account disabled since sign-in.
        self.navigation.param.update(title=_("Meide virtue credit"), who=who,
                                     account=languages + [(_("Sign out"), LOGOUT_URL)])

    @property
    def _main(self):
        """What the page area shows: the page's view, an error, or the sign-in message."""
        return self._body.objects[1]

    @_main.setter
    def _main(self, shown):
        self._body[1] = shown

    @param.depends("page", watch=True)
    def _show(self):
        if self.actor is None:
            return
        try:
            self.view = pages.build(self, self.page)
            self._main = self.view
        except Exception as exc:
            self.view = None
            self._main = display.failure(exc)
        # Marked after the page is in place: a marked entry means its page is shown.
        self.navigation.page = self.page
        if self._header_page != self.page:
            self._draw_header()          # the language links name the page shown

    def signed_out(self):
        """The sign-in has ended: no actor, no page, only the message saying so."""
        self.actor, self.view = None, None
        self._draw()
        self._main = session.signed_out()

    def refresh(self):
        """Let the page shown catch up with changes made in other sessions (if it can)."""
        catch_up = getattr(self.view, "refresh_if_changed", None)
        if catch_up is not None:
            catch_up()

    # -- what pages call to send the person on ------------------------------------------------

    def go(self, page):
        """Show page (an address ending in ':' names no record yet and is ignored)."""
        if not page.endswith(":"):
            self.page = page

    def created(self, slug, record_id):
        """A form created record_id: show its page, the form's confirmation above it."""
        if record_id is None:
            return
        form = self.view
        self.page = f"record:{slug}:{record_id}"
        # The new record's page (a sign-in sheet page holds one) opens with the form's
        # confirmation above it.
        shown = getattr(self.view, "record_page", self.view)
        if isinstance(shown, RecordPage) and form is not None:
            shown.feedback.objects = list(form.feedback.objects)

    def open_record(self, event):
        """A list or the inbox opened event.new = (slug, record id)."""
        if event.new:
            self.page = f"record:{event.new[0]}:{event.new[1]}"

    def __panel__(self):
        return self._body
