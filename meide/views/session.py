"""Who is at the screen: the signed-in username as an Actor, and the language kept per session."""

import panel as pn
from tornado.web import decode_signed_value

from .. import i18n, runtime
from ..i18n import _
from .signin import COOKIE, COOKIE_DAYS


def _session_key():
    # Panel sets curdoc (a context variable) around every callback of a session, on whichever
    # thread runs it; outside a served session it is None and i18n falls back to its context.
    return pn.state.curdoc


i18n.use_sessions(_session_key)


def current_actor():
    """The Actor signed in to this session, or None (no sign-in, unknown or disabled account).

    Never a default: without a signed-in staff member the console shows no data at all.
    """
    # Our own session cookie, not pn.state.user: Panel reports any browser sending an
    # `is_guest` cookie as the user "guest".
    raw = (pn.state.cookies or {}).get(COOKIE)
    secret = pn.config.cookie_secret
    if not raw or not secret:
        return None
    sid = decode_signed_value(secret, COOKIE, raw, max_age_days=COOKIE_DAYS)
    username = runtime.get_signin().resolve(sid.decode("ascii") if sid else None)
    return runtime.actor_for(username) if username else None


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


def sign_in_required():
    """What the console shows to a browser nobody has signed in on."""
    return pn.pane.Alert(_("Please sign in with your staff account to use Meide. If you have no "
                           "account, ask your subdistrict administrator."), alert_type="warning")
