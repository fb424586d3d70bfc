"""The sign-in pages and Bokeh's auth hooks: a Chinese login form, logout, the session cookie."""

import re
from urllib.parse import urlsplit

import tornado.web
from markupsafe import Markup

from .. import runtime
from ..i18n import _
from ..printing.environment import render
from ..registry.signin import SignInRefused

COOKIE = "meide_session"
COOKIE_DAYS = 1            # the server-side session expires sooner; this only bounds the cookie
LOGIN_URL = "/login"
LOGOUT_URL = "/logout"


def safe_next(target: str) -> str:
    """Where to go after sign-in: only a path on this server, never another site."""
    target = target or "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return "/"
    return target


def session_id(handler):
    value = handler.get_secure_cookie(COOKIE, max_age_days=COOKIE_DAYS)
    return value.decode("ascii") if value else None


# The one app anyone may open without signing in (residents check a plaque's code): its page,
# websocket and the other routes Bokeh serves per app. Every other app still needs staff.
PUBLIC_APP = re.compile(r"^/verify(/|/ws|/metadata|/autoload\.js)?$")
# Panel's own stylesheets and scripts served under the address Panel would fetch from its CDN
# (see meide.cli): public files, needed by the sign-in-free /verify page too.
PUBLIC_FILES = re.compile(rf"^/{runtime.LOCAL_CDN}/")
# Not a username staff can have (usernames have no colon): the console never resolves it.
VISITOR = "meide:visitor"


def get_user(handler):
    """Bokeh calls this for every page and websocket: the signed-in username, the anonymous
    VISITOR on the public /verify app, or None (Bokeh then sends the browser to sign in)."""
    username = runtime.get_signin().resolve(session_id(handler))
    path = handler.request.path or ""
    if username is None and (PUBLIC_APP.match(path) or PUBLIC_FILES.match(path)):
        return VISITOR
    return username


def _texts() -> dict:
    return {"title": _("Meide · sign in"), "product": _("Meide virtue credit"),
            "heading": _("Staff sign-in"), "username": _("User name"),
            "password": _("Password"), "submit": _("Sign in"),
            "note": _("Forgot your password? Ask the subdistrict administrator to reset it. "
                      "On a shared computer, sign out when you are done.")}


class LoginHandler(tornado.web.RequestHandler):
    """GET shows the form; POST checks the password and sets the session cookie."""

    def get(self):
        self._page(next_url=self.get_argument("next", "/"))

    def post(self):
        self.check_xsrf_cookie()
        username = self.get_argument("username", "")
        next_url = self.get_argument("next", "/")
        try:
            sid = runtime.get_signin().begin(username, self.get_argument("password", ""),
                                             client=self.request.remote_ip or "")
        except SignInRefused as refused:
            self.set_status(401)
            self._page(next_url=next_url, username=username, error=str(refused))
            return
        self.set_secure_cookie(COOKIE, sid, expires_days=None, httponly=True,
                               samesite="Strict")
        self.redirect(safe_next(next_url))

    def _page(self, *, next_url, username="", error=""):
        self.set_header("Cache-Control", "no-store")
        self.write(render("signin/login.html", lang="zh-CN", t=_texts(), action=LOGIN_URL,
                          username=username, next=safe_next(next_url), error=error,
                          xsrf=Markup(self.xsrf_form_html())))


class LogoutHandler(tornado.web.RequestHandler):
    """Ends the session on the server and forgets the cookie."""

    def get(self):
        runtime.get_signin().end(session_id(self))
        self.clear_cookie(COOKIE)
        self.redirect(LOGIN_URL)
