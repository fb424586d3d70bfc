"""Who is at the screen: the signed-in Actor, the page guard of its sign-in, the language."""

import weakref

import panel as pn
from panel.io.state import set_curdoc

from .. import i18n, runtime
from ..i18n import _
from .signin import REQUEST_SIGNIN

CHECK_MS = 1000          # how often an open page asks whether its sign-in is still live


def _session_key():
    # Panel sets curdoc (a context variable) around every callback of a session, on whichever
    # thread runs it; outside a served session it is None and i18n falls back to its context.
    return pn.state.curdoc


i18n.use_sessions(_session_key)


def page_request():
    """The HTTP request of the page this session was built for (None outside a served one)."""
    context = getattr(pn.state.curdoc, "session_context", None)
    return getattr(context, "request", None)


def signin_id():
    """The id of the live sign-in the page was requested with, or None.

    It is what meide.views.signin.get_user found on the request (Bokeh keeps the request for
    the session it builds); the session cookie itself is kept out of the session (`meide
    serve` passes --exclude-cookies), since Bokeh would copy it into the page's session token,
    which page scripts can read."""
    return getattr(page_request(), REQUEST_SIGNIN, None)


def current_actor():
    """The Actor signed in to this session, or None (no sign-in, unknown or disabled account).

    Never a default: without a signed-in staff member the console shows no data at all.
    """
    # Our own server-side session, not pn.state.user: Panel reports any browser sending an
    # `is_guest` cookie as the user "guest".
    username = runtime.get_signin().resolve(signin_id())
    return runtime.actor_for(username) if username else None


# The guard of each open page, by its Bokeh document (gone with the document).
_guards = weakref.WeakKeyDictionary()


class SessionGuard:
    """Ends a page once its sign-in has ended (signed out in another tab, expired, the account
    disabled or its password set again): `on_end` replaces what the page shows by the sign-in
    message, then the browser reloads the page, which the server answers with the sign-in
    screen. Checked every CHECK_MS, and by the websocket guard (meide.views.server) before
    each message the browser sends is handled."""

    def __init__(self, sid, on_end, every_tick=None, document=None, location=None):
        self.sid = sid
        self.on_end = on_end
        self.every_tick = every_tick
        self.document = document
        self.location = location
        self.ended = False
        self.periodic = None

    def live(self) -> bool:
        return not self.ended and runtime.get_signin().resolve(self.sid) is not None

    def allows(self, sid) -> bool:
        """Whether a message sent with sign-in sid may reach this page: its own, still live."""
        return sid == self.sid and self.live()

    def check(self):
        """The periodic check: end the page if its sign-in has ended, else let it catch up."""
        if self.ended:
            return
        if not self.live():
            self.end()
        elif self.every_tick is not None:
            self.every_tick()

    def end(self):
        """Show the sign-in message instead of the page (once), and send the browser to sign in."""
        if self.ended:
            return
        self.ended = True
        if self.periodic is not None:
            self.periodic.stop()
        with set_curdoc(self.document):
            self.on_end()
            if self.location is not None:
                # Reloaded, the address is answered by the sign-in screen (the session is dead)
                # and comes back to this page after signing in again.
                self.location.reload = True


def guard(on_end, every_tick=None):
    """Guard the page being built for this served session (None outside one): on_end() shows
    that it has ended; every_tick(), if given, runs on the same one-second tick while the
    sign-in is live (a page catching up with other sessions' changes)."""
    document = pn.state.curdoc
    if document is None or document.session_context is None:
        return None
    made = SessionGuard(signin_id(), on_end, every_tick, document, pn.state.location)
    _guards[document] = made
    made.periodic = pn.state.add_periodic_callback(made.check, period=CHECK_MS)
    return made


def guard_of(document):
    """The guard of an open page's document, or None (a public page has none)."""
    return _guards.get(document)


def sign_in_required():
    """What the console shows to a browser nobody has signed in on."""
    return pn.pane.Alert(_("Please sign in with your staff account to use Meide. If you have no "
                           "account, ask your subdistrict administrator."), alert_type="warning")


def signed_out():
    """What a page shows once its sign-in has ended, while the browser goes to sign in."""
    return pn.pane.Alert(_("You are signed out: you signed out in another window, the sign-in "
                           "expired, or an administrator changed the account. Please sign in "
                           "again."), alert_type="warning")


def address_choices(args: dict = None) -> dict:
    """{'page': …, 'locale': …} as asked in this session's address (?page=…&locale=…; args:
    its query as Bokeh gives it, {name: [bytes, ...]}), those given; an unknown language is
    left out (the page name is checked when it is shown)."""
    args = (pn.state.session_args or {}) if args is None else args
    asked = {}
    for name in ("page", "locale"):
        values = args.get(name) or []
        if values:
            asked[name] = values[-1].decode("utf-8", "replace")
    if asked.get("locale") not in i18n.LANGUAGES:
        asked.pop("locale", None)
    return asked
