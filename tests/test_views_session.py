"""The acting person comes from the live sign-in get_user found on the page's request; a page ends
with its sign-in, at the next tick or the next websocket message."""

from types import SimpleNamespace

import pytest

from meide import runtime
from meide.kernel import Actor
from meide.views import server, session, signin

OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=2)


class Sessions:
    """A stand-in for SignIn: sid → username for the live ones."""

    def __init__(self, live):
        self.live = live

    def resolve(self, sid):
        return self.live.get(sid)


@pytest.fixture
def live(monkeypatch):
    sessions = Sessions({"sid-1": "officer1"})
    monkeypatch.setattr(runtime, "get_signin", lambda: sessions)
    monkeypatch.setattr(runtime, "actor_for", {"officer1": OFFICER}.get)
    return sessions.live


@pytest.fixture
def request_of_page(monkeypatch, live):
    """The page's HTTP request as the session sees it (set what get_user would leave on it)."""
    request = SimpleNamespace()
    monkeypatch.setattr(session, "page_request", lambda: request)
    return request


def handler(sid=None, path="/console"):
    """A tornado handler whose request carries the signed cookie sid."""
    return SimpleNamespace(request=SimpleNamespace(path=path),
                           get_secure_cookie=lambda name, max_age_days=None:
                           sid.encode() if sid else None)


def test_nobody_signed_in_is_no_actor(request_of_page):
    assert session.current_actor() is None


def test_get_user_leaves_the_live_sign_in_on_the_request_for_the_session(request_of_page):
    page = handler("sid-1")
    assert signin.get_user(page) == "officer1"
    setattr(request_of_page, signin.REQUEST_SIGNIN, getattr(page.request, signin.REQUEST_SIGNIN))
    assert session.signin_id() == "sid-1" and session.current_actor() is OFFICER


@pytest.mark.parametrize("sid", ["sid-unknown", None])
def test_a_dead_or_missing_sign_in_leaves_nothing_on_the_request(live, sid):
    page = handler(sid)
    assert signin.get_user(page) is None
    assert getattr(page.request, signin.REQUEST_SIGNIN) is None


def test_a_sign_in_that_ended_since_the_page_opened_gives_no_actor(request_of_page, live):
    setattr(request_of_page, signin.REQUEST_SIGNIN, "sid-1")
    del live["sid-1"]
    assert session.current_actor() is None


def test_cookies_in_the_session_token_sign_nobody_in(monkeypatch, request_of_page):
    # What Bokeh copies into the token (pn.state.cookies) is never read: `meide serve` keeps
    # the sign-in cookie out of it, and a forged one there must not count either.
    import panel as pn
    monkeypatch.setattr(type(pn.state), "cookies",
                        property(lambda self: {signin.COOKIE: "sid-1", "is_guest": "1"}))
    assert session.current_actor() is None


def test_the_sign_in_message_is_a_warning():
    assert session.sign_in_required().alert_type == "warning"
    assert session.signed_out().alert_type == "warning"


def test_the_address_names_the_first_page_and_a_known_language():
    asked = session.address_choices({"page": [b"record:good_deed:7"], "locale": [b"en"]})
    assert asked == {"page": "record:good_deed:7", "locale": "en"}
    assert session.address_choices({"locale": [b"klingon"], "other": [b"x"]}) == {}
    assert session.address_choices({}) == {}


# -- the guard ---------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.ended, self.ticks = 0, 0

    def end(self):
        self.ended += 1

    def tick(self):
        self.ticks += 1


def make_guard(recorder, sid="sid-1"):
    location = SimpleNamespace(reload=False)
    made = session.SessionGuard(sid, recorder.end, recorder.tick, location=location)
    made.periodic = SimpleNamespace(stopped=False, stop=lambda: setattr(made.periodic,
                                                                        "stopped", True))
    return made


def test_while_the_sign_in_lives_the_tick_lets_the_page_catch_up(live):
    recorder = Recorder()
    guard = make_guard(recorder)
    guard.check()
    guard.check()
    assert (recorder.ticks, recorder.ended, guard.location.reload) == (2, 0, False)


def test_when_the_sign_in_ends_the_page_ends_once_and_the_browser_reloads(live):
    recorder = Recorder()
    guard = make_guard(recorder)
    del live["sid-1"]
    guard.check()
    guard.check()
    guard.end()
    assert (recorder.ticks, recorder.ended) == (0, 1)
    assert guard.location.reload is True and guard.periodic.stopped
    assert not guard.allows("sid-1")


def test_a_message_with_another_sign_in_is_not_the_pages(live):
    live["sid-2"] = "officer1"
    guard = make_guard(Recorder())
    assert guard.allows("sid-1") and not guard.allows("sid-2") and not guard.allows(None)


# -- the websocket guard -------------------------------------------------------------------------


class Document:
    def __init__(self):
        self.next_ticks = []

    def add_next_tick_callback(self, callback):
        self.next_ticks.append(callback)


def socket(sid, document):
    """A GuardedWSHandler for a page of document whose websocket carries cookie sid, with
    Panel's own message handling replaced by a note of what reached it."""
    made = server.GuardedWSHandler.__new__(server.GuardedWSHandler)
    made.request = SimpleNamespace(path="/console/ws")
    made.get_secure_cookie = lambda name, max_age_days=None: sid.encode() if sid else None
    made.connection = SimpleNamespace(session=SimpleNamespace(document=document))
    made.handled, made.closed = [], False
    made.close = lambda: setattr(made, "closed", True)
    return made


@pytest.fixture
def handled(monkeypatch):
    def reached_panel(self, fragment):
        self.handled.append(fragment)
    monkeypatch.setattr(server.WSHandler, "on_message", reached_panel)


def test_each_message_of_a_live_sign_in_reaches_the_page(live, handled):
    document, recorder = Document(), Recorder()
    session._guards[document] = make_guard(recorder)
    ws = socket("sid-1", document)
    ws.on_message("click")
    ws.on_message("type")
    assert ws.handled == ["click", "type"] and document.next_ticks == []


def test_a_message_after_the_sign_in_ended_is_dropped_and_ends_the_page(live, handled):
    document, recorder = Document(), Recorder()
    session._guards[document] = guard = make_guard(recorder)
    ws = socket("sid-1", document)
    del live["sid-1"]                        # signed out in another tab a moment ago
    ws.on_message("click")
    assert ws.handled == [] and document.next_ticks == [guard.end]
    document.next_ticks[0]()
    assert recorder.ended == 1 and guard.location.reload


def test_a_websocket_signed_in_again_as_someone_else_still_cannot_drive_the_old_page(live,
                                                                                    handled):
    live["sid-2"] = "officer1"
    document = Document()
    session._guards[document] = make_guard(Recorder())
    ws = socket("sid-2", document)
    ws.on_message("click")
    assert ws.handled == [] and len(document.next_ticks) == 1


def test_a_page_with_no_guard_is_closed_once_its_sign_in_is_gone(live, handled):
    ws = socket("sid-unknown", Document())
    ws.on_message("click")
    assert ws.handled == [] and ws.closed


def test_visitors_of_the_public_page_are_let_through(live, handled):
    ws = socket(None, Document())
    ws.request.path = "/verify/ws"
    ws.on_message("look up")
    assert ws.handled == ["look up"] and not ws.closed
