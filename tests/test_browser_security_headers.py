"""What the real server answers with: security headers on every response, nothing from another
origin, no sign-in cookie in a page's session token, and pages that render under the policy."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from bokeh.util.token import get_token_payload

from meide.views.server import SECURITY_HEADERS
from meide.views.signin import COOKIE

from .browser import expect, navigation, open_entry, sign_in

pytestmark = pytest.mark.browser


class _Stay(urllib.request.HTTPRedirectHandler):
    """Redirects are answers too: their headers are checked, not followed."""

    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A cookie-keeping HTTP client of the served app that does not follow redirects."""

    def __init__(self, app):
        self.app = app
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _Stay())

    def get(self, path, data=None):
        """(status, headers, body text) of path (POSTing data if given)."""
        encoded = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.app.url(path), encoded, timeout=30) as answer:
                return answer.status, answer.headers, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers, answer.read().decode("utf-8", "replace")

    def sign_in(self, username):
        _, _, form = self.get("/login")
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
        status, _, _ = self.get("/login", {"_xsrf": xsrf, "username": username, "next": "/console",
                                           "password": self.app.account(username).password})
        assert status == 302
        return self

    def cookie(self, name):
        return next(c.value for c in self.jar if c.name == name)


def assert_secured(headers, what):
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, f"{what}: {name} is {headers.get(name)!r}"


def test_the_policy_names_no_other_origin_and_forbids_framing():
    policy = SECURITY_HEADERS["Content-Security-Policy"]
    sources = {word for directive in policy.split(";") for word in directive.split()[1:]}
    assert sources <= {"'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "data:", "blob:"}
    assert "frame-ancestors 'none'" in policy and SECURITY_HEADERS["X-Frame-Options"] == "DENY"
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path, status", [
    ("/login", 200), ("/login?next=/console", 200), ("/console", 302), ("/counter", 302),
    ("/console/ws", 403), ("/verify", 200), ("/logout", 302), ("/no-such-page", 404),
    ("/static/js/bokeh.min.js", 200),
])
def test_every_answer_to_a_visitor_carries_the_security_headers(served_app, path, status):
    answered, headers, _ = Client(served_app).get(path)
    assert answered == status
    assert_secured(headers, path)


def test_a_refused_sign_in_carries_them_too(served_app):
    client = Client(served_app)
    _, _, form = client.get("/login")
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
    status, headers, _ = client.get("/login", {"_xsrf": xsrf, "username": "pingshen2",
                                               "password": "not-it-at-all", "next": "/"})
    assert status == 401
    assert_secured(headers, "POST /login")


@pytest.mark.parametrize("app_path", ["/console", "/counter", "/templates"])
def test_a_signed_in_page_and_every_file_it_loads_are_served_here_with_the_headers(served_app,
                                                                                   app_path):
    client = Client(served_app).sign_in("jiedao")
    status, headers, page = client.get(app_path)
    assert status == 200
    assert_secured(headers, app_path)
    loaded = set(re.findall(r'(?:src|href)="([^"]+)"', page))
    assert loaded, "the page names the scripts and styles it loads"
    for address in sorted(loaded):
        parts = urllib.parse.urlsplit(address)
        assert not parts.scheme and not parts.netloc, f"{address} is on another origin"
        status, headers, _ = client.get(urllib.parse.urljoin(app_path, address))
        assert status == 200, address
        assert_secured(headers, address)


@pytest.mark.parametrize("app_path", ["/console", "/counter", "/verify"])
def test_the_session_token_in_the_page_carries_no_sign_in_cookie(served_app, app_path):
    client = Client(served_app).sign_in("chaoshi")
    cookie = client.cookie(COOKIE)
    _, _, page = client.get(app_path)
    tokens = re.findall(r'"token":"([^"]+)"', page)
    assert tokens, "the page embeds its session token"
    for token in tokens:
        payload = get_token_payload(token)
        assert COOKIE not in payload.get("cookies", {})
        assert "Cookie" not in payload.get("headers", {})
        assert cookie.strip('"') not in repr(payload)
    assert cookie.strip('"') not in page


# The other apps, each with the heading that shows it rendered.
APPS = {"/templates": "文书模板", "/verify": "星级牌真伪查询", "/counter": "信用超市兑换柜台"}


@pytest.mark.parametrize("username, apps", [("jiedao", ["/templates", "/verify"]),
                                            ("chaoshi", ["/counter"])])
def test_pages_render_under_the_policy_without_a_violation(page, served_app, username, apps):
    # Chromium fires securitypolicyviolation for everything the policy blocks; kept on the
    # page so that each page visited can be asked.
    page.context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', event => window.__violations"
        ".push(event.violatedDirective + ' ' + event.blockedURI));")
    sign_in(page, served_app, username)
    entries = navigation(page)
    assert len(entries) > 5
    for label in entries:
        open_entry(page, label)
        assert page.evaluate("window.__violations") == [], label
    for path in apps:
        page.goto(served_app.url(path))
        expect(page.get_by_role("heading", name=APPS[path])).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path
    page.goto(served_app.url("/login"))
    assert page.evaluate("window.__violations") == []
    assert not [error for error in page.meide_errors if "Content Security Policy" in error]
    assert not page.meide_errors
