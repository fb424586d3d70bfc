"""The acting person comes from Meide's signed session cookie; nothing else makes an actor."""

import panel as pn
import pytest
from tornado.web import create_signed_value

from meide import runtime
from meide.kernel import Actor
from meide.views import session
from meide.views.signin import COOKIE

SECRET = "test-secret-0123456789"
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=2)


class Sessions:
    def __init__(self, live):
        self.live = live

    def resolve(self, sid):
        return self.live.get(sid)


@pytest.fixture
def browser(monkeypatch):
    cookies = {}
    monkeypatch.setattr(type(pn.state), "cookies", property(lambda self: cookies))
    monkeypatch.setattr(pn.config, "cookie_secret", SECRET)
    monkeypatch.setattr(runtime, "get_signin", lambda: Sessions({"sid-1": "officer1"}))
    monkeypatch.setattr(runtime, "actor_for", {"officer1": OFFICER}.get)
    return cookies


def test_nobody_signed_in_is_no_actor(browser):
    assert session.current_actor() is None


def test_a_signed_session_cookie_gives_its_actor(browser):
    browser[COOKIE] = create_signed_value(SECRET, COOKIE, "sid-1").decode()
    assert session.current_actor() is OFFICER


def test_forged_or_foreign_cookies_give_no_actor(browser):
    browser[COOKIE] = create_signed_value("other-secret", COOKIE, "sid-1").decode()
    assert session.current_actor() is None
    browser[COOKIE] = "sid-1"
    assert session.current_actor() is None
    browser[COOKIE] = create_signed_value(SECRET, COOKIE, "sid-unknown").decode()
    assert session.current_actor() is None


def test_panels_guest_cookie_does_not_sign_anyone_in(browser):
    browser["is_guest"] = "1"
    assert session.current_actor() is None


def test_the_sign_in_message_is_a_warning():
    assert session.sign_in_required().alert_type == "warning"


def test_the_address_names_the_first_page_and_a_known_language():
    asked = session.address_choices({"page": [b"record:good_deed:7"], "locale": [b"en"]})
    assert asked == {"page": "record:good_deed:7", "locale": "en"}
    assert session.address_choices({"locale": [b"klingon"], "other": [b"x"]}) == {}
    assert session.address_choices({}) == {}
