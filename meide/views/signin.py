"""The sign-in pages and Bokeh's auth hooks: a Chinese login form, a first password, logout."""

import re
from urllib.parse import urlencode, urlsplit

import tornado.web
from markupsafe import Markup

from .. import runtime
from ..errors import MeideError
from ..i18n import _
from ..printing.environment import render
from ..registry.signin import SignInRefused

COOKIE = runtime.SIGNIN_COOKIE
COOKIE_DAYS = 1            # the server-side session expires sooner; this only bounds the cookie
LOGIN_URL = "/login"
LOGOUT_URL = "/logout"
# Where get_user leaves, on the request of a page, the live sign-in it found: the session the
# page builds reads it there (Bokeh hands sessions that request), never from a cookie Bokeh
# copies into the page's session token, which page scripts can read.
REQUEST_SIGNIN = "meide_signin"


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
    """Bokeh calls this for every page and websocket (and Meide's websocket guard for every
    message): the signed-in username, the anonymous VISITOR on the public /verify app, or None
    (Bokeh then sends the browser to sign in)."""
    sid = session_id(handler)
    username = runtime.get_signin().resolve(sid)
    setattr(handler.request, REQUEST_SIGNIN, sid if username else None)
    path = handler.request.path or ""
    if username is None and (PUBLIC_APP.match(path) or PUBLIC_FILES.match(path)):
        return VISITOR
    return username


def login_url(next_url: str) -> str:
    """The sign-in page, coming back to next_url afterwards."""
    return f"{LOGIN_URL}?" + urlencode({"next": safe_next(next_url)})


def _texts() -> dict:
    return {"title": _("Meide · sign in"), "product": _("Meide virtue credit"),
            "heading": _("Staff sign-in"), "username": _("User name"),
            "password": _("Password"), "submit": _("Sign in"),
            "note": _("Forgot your password? Ask the subdistrict administrator to reset it. "
                      "On a shared computer, sign out when you are done.")}


def _password_texts() -> dict:
    return {"title": _("Meide · set your password"), "product": _("Meide virtue credit"),
            "heading": _("Set your own password"),
            "lead": _("This password was set for you by an administrator. Before you start, "
                      "choose a new one that only you know (at least 8 characters)."),
            "new_password": _("New password"), "again": _("New password again"),
            "submit": _("Save and continue"),
            "note": _("On a shared computer, sign out when you are done.")}


class LoginHandler(tornado.web.RequestHandler):
    """GET shows the form (or, right after a first sign-in, the form setting a new password);
    POST checks the password and sets the session cookie, or sets the new password."""

    def get(self):
        # A visitor with no session has no password to change: the form needs no data folder.
        sid = session_id(self)
        username = runtime.get_signin().pending(sid) if sid else None
        if username is not None:
            self._password_page(next_url=self.get_argument("next", "/"), username=username)
            return
        self._page(next_url=self.get_argument("next", "/"))

    def post(self):
        self.check_xsrf_cookie()
        if self.get_argument("step", "") == "password":
            self._change_password()
            return
        username = self.get_argument("username", "")
        next_url = self.get_argument("next", "/")
        signin = runtime.get_signin()
        try:
            sid = signin.begin(username, self.get_argument("password", ""),
                               client=self.request.remote_ip or "")
        except SignInRefused as refused:
            self.set_status(401)
            self._page(next_url=next_url, username=username, error=str(refused))
            return
        self.set_secure_cookie(COOKIE, sid, expires_days=None, httponly=True,
                               samesite="Strict")
        if signin.pending(sid) is not None:
            # The password was set by someone else: its owner sets their own first.
            self.redirect(login_url(next_url))
            return
        self.redirect(safe_next(next_url))

    def _change_password(self):
        next_url = self.get_argument("next", "/")
        sid = session_id(self)
        signin = runtime.get_signin()
        username = signin.pending(sid)
        try:
            signin.change_password(sid, self.get_argument("new_password", ""),
                                   self.get_argument("again", ""))
        except SignInRefused as refused:
            self.clear_cookie(COOKIE)
            self.set_status(401)
            self._page(next_url=next_url, error=str(refused))
            return
        except MeideError as problem:
            self.set_status(400)
            self._password_page(next_url=next_url, username=username, error=str(problem))
            return
        self.redirect(safe_next(next_url))

    def _page(self, *, next_url, username="", error=""):
        self.set_header("Cache-Control", "no-store")
        self.write(render("signin/login.html", lang="zh-CN", t=_texts(), action=LOGIN_URL,
                          username=username, next=safe_next(next_url), error=error,
                          xsrf=Markup(self.xsrf_form_html())))

    def _password_page(self, *, next_url, username, error=""):
        self.set_header("Cache-Control", "no-store")
        self.write(render("signin/password.html", lang="zh-CN", t=_password_texts(),
                          action=LOGIN_URL, username=username, next=safe_next(next_url),
                          error=error, xsrf=Markup(self.xsrf_form_html())))


class LogoutHandler(tornado.web.RequestHandler):
    """Ends the session on the server and forgets the cookie: every open page of it shows the
    sign-in screen within a second (meide.views.session)."""

    def get(self):
        runtime.get_signin().end(session_id(self))
        self.clear_cookie(COOKIE)
        self.redirect(LOGIN_URL)
