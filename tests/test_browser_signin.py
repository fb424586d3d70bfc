"""Signing in with a real browser: the Chinese login page, errors, sign-out, redirects (waits after
wrong passwords and sessions that end: test_browser_sessions.py)."""

import re
from urllib.parse import urlsplit

import pytest

from .browser import expect, sign_in, sign_out

pytestmark = pytest.mark.browser

WRONG = "not-the-password-1"


def submit_login(page, username, password):
    """Post the form and wait for the page the server answers with (the same URL on a refusal)."""
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_response(lambda r: r.request.method == "POST" and "/login" in r.url):
        page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def session_cookies(page):
    return [c for c in page.context.cookies() if c["name"] == "meide_session"]


def test_the_console_without_a_session_redirects_to_the_login_page(page, served_app):
    page.goto(served_app.url("/console"))
    assert page.url == served_app.url("/login?next=%2Fconsole")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert "待办" not in page.content()


def test_the_login_page_is_in_chinese(page, served_app):
    page.goto(served_app.url("/login"))
    assert page.title() == "美德信用 · 登录"
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.locator("h1")).to_have_text("美德信用")
    expect(page.get_by_text("工作人员登录")).to_be_visible()
    expect(page.get_by_label("用户名")).to_be_focused()
    expect(page.get_by_label("密码")).to_have_attribute("type", "password")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.get_by_text("忘记密码请联系街道管理员重置")).to_be_visible()
    assert not re.search(r"\b(Sign in|Password|User name|Login)\b", page.inner_text("body"))


def test_a_wrong_password_shows_the_error_and_keeps_the_user_name(page, served_app):
    page.goto(served_app.url("/login"))
    submit_login(page, "pingshen", WRONG)
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确")
    assert page.url.startswith(served_app.url("/login"))
    expect(page.get_by_label("用户名")).to_have_value("pingshen")
    expect(page.get_by_label("密码")).to_have_value("")
    expect(page.get_by_label("密码")).to_be_focused()      # retype only the password
    assert session_cookies(page) == []


def test_a_correct_sign_in_reaches_the_console_with_name_and_role(page, served_app):
    sign_in(page, served_app, "wangge")
    assert served_app.account("wangge").header == "张晓东 · 网格员"
    expect(page.get_by_role("heading", name="待办", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="发起", exact=True)).to_be_visible()
    [cookie] = session_cookies(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert not page.meide_errors


def test_sign_out_returns_to_the_login_page_and_the_old_cookie_is_dead(new_page, served_app):
    page = sign_in(new_page(), served_app, "jiedao")
    old = session_cookies(page)
    sign_out(page, served_app)
    assert session_cookies(page) == []
    page.goto(served_app.url("/console"))
    assert page.url.startswith(served_app.url("/login"))
    # The cookie copied before signing out (another tab, a stolen copy) opens nothing either.
    replay = new_page()
    replay.context.add_cookies(old)
    replay.goto(served_app.url("/console"))
    assert replay.url.startswith(served_app.url("/login"))


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/",
                                    "/\\evil.example/", "https:evil.example"])
def test_next_pointing_elsewhere_stays_on_this_server(page, served_app, target):
    elsewhere = []
    page.context.route(lambda url: urlsplit(url).hostname == "evil.example",
                       lambda route: (elsewhere.append(route.request.url), route.abort()))
    page.goto(served_app.url("/login") + "?next=" + target)
    submit_login(page, "beimen", served_app.account("beimen").password)
    expect(page.get_by_text(served_app.account("beimen").header, exact=True)).to_be_visible()
    assert page.url.startswith(served_app.base_url + "/") and elsewhere == []


def test_next_on_this_server_is_followed_after_sign_in(page, served_app):
    sign_in(page, served_app, "chaoshi", path="/console?page=start")
    assert page.url == served_app.url("/console?page=start")
    expect(page.get_by_role("heading", name="发起新的办理")).to_be_visible()
    expect(page.get_by_text("您目前没有可以发起的事项。", exact=True)).to_be_visible()
