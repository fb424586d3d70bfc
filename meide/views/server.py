"""`panel serve` as Meide runs it: security headers on every response, each websocket message checked."""

import sys

import tornado.web
from bokeh.server.urls import per_app_patterns
from panel.command.serve import Serve
from panel.io.server import WSHandler

from . import session
from .signin import REQUEST_SIGNIN, get_user

# Nothing is loaded from another origin (offices may have no internet, and a page should not
# leak where staff go). The tightest policy the pages render under in Chromium without a
# violation (tests/test_browser_security_headers.py): Bokeh's page bootstraps with inline
# scripts and sets styles inline; Panel evaluates code it builds at runtime on most pages
# ('unsafe-eval'), loads its modules through blob: URLs (es-module-shims fetches them), and
# the template editor's Ace runs its worker from a blob:.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self' blob:",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


class SecurityHeaders(tornado.web.OutputTransform):
    """Tornado applies an application's transforms to every response it sends (pages, static
    files, the sign-in page, redirects, errors, the websocket handshake): these headers go on
    each."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        return status_code, headers, chunk


class GuardedWSHandler(WSHandler):
    """Panel's websocket handler, asking before each message whether the sign-in the page was
    opened with is still live. A message for a page whose sign-in has ended is dropped and the
    page ends (it shows the sign-in screen); Bokeh and Panel have no hook of their own there."""

    def on_message(self, fragment):
        user = get_user(self)              # this websocket's own cookie, checked again now
        document = self.connection.session.document if self.connection is not None else None
        page_guard = session.guard_of(document) if document is not None else None
        if page_guard is not None:
            allowed = user is not None and page_guard.allows(getattr(self.request,
                                                                     REQUEST_SIGNIN, None))
        else:
            allowed = user is not None     # a public page (a visitor is a user) or none yet
        if allowed:
            return super().on_message(fragment)
        if page_guard is not None:
            document.add_next_tick_callback(page_guard.end)
        else:
            self.close()
        return None


class MeideServe(Serve):
    """Panel's serve command, its tornado application given the security headers."""

    def customize_kwargs(self, args, server_kwargs):
        kwargs = super().customize_kwargs(args, server_kwargs)
        kwargs["transforms"] = [*kwargs.get("transforms", ()), SecurityHeaders]
        return kwargs


def install_websocket_guard():
    """Serve every app's websocket with GuardedWSHandler (Bokeh reads this table when the server
    is made)."""
    for number, (route, handler, *rest) in enumerate(per_app_patterns):
        if route == "/ws" and not issubclass(handler, GuardedWSHandler):
            per_app_patterns[number] = (route, GuardedWSHandler, *rest)


def main(argv=None):
    """`python -m meide.views.server ARGS`: `panel serve ARGS` with Meide's guards."""
    import argparse

    install_websocket_guard()
    parser = argparse.ArgumentParser(prog="panel serve")
    command = MeideServe(parser=parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return command.invoke(args)


if __name__ == "__main__":
    sys.exit(0 if main() in (None, True) else 1)
