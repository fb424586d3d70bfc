"""Sessions that end: signing out, expiry, disabling an account or resetting its password sends
every open page of it to the sign-in screen; wrong passwords bring waits an administrator lifts;
a password set by an administrator is changed at the next sign-in."""

import datetime as dt
import re
import shutil

import pytest

from meide import clock
from meide.registry.signin import IDLE_EXPIRY, SAME_ADDRESS

from .browser import alert, choose, expect, open_entry, sign_in, sign_out

pytestmark = pytest.mark.browser

WRONG = "not-the-password-1"


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    """This module's server, on a clock the tests set (MEIDE_CLOCK_FILE): it stands still
    unless a test moves it, so a wait after wrong passwords lasts until it is lifted."""
    base = tmp_path_factory.mktemp("sessions")
    folder = base / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    clock_file = base / "clock.txt"
    app_clock = {"now": clock.now().replace(microsecond=0)}
    clock.write_clock_file(clock_file, app_clock["now"])
    with serve_app(folder, env={clock.CLOCK_FILE_ENV: str(clock_file)}) as app:
        def advance(**delta):
            app_clock["now"] += dt.timedelta(**delta)
            clock.write_clock_file(clock_file, app_clock["now"])
        app.advance = advance
        yield app


def expect_sign_in_screen(page, app, path="/console"):
    """The page has been sent to the login form, coming back to path afterwards."""
    expect(page).to_have_url(re.compile(re.escape(app.url("/login?next=")) + re.escape(
        path.replace("/", "%2F").replace("?", "%3F").replace("=", "%3D"))))
    expect(page.get_by_label("用户名")).to_be_visible()


def submit_login(page, username, password):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_response(lambda r: r.request.method == "POST" and "/login" in r.url):
        page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def open_staff_accounts(page, app):
    """The administrator's settings page, on its staff accounts tab."""
    sign_in(page, app, "jiedao")
    open_entry(page, "系统设置")
    expect(page.get_by_role("button", name="停用 / 启用")).to_be_visible()


def test_signing_out_in_one_tab_sends_the_other_tab_to_sign_in(page, served_app):
    sign_in(page, served_app, "wangge")
    other = page.context.new_page()
    other.goto(served_app.url("/console?page=start"))
    expect(other.get_by_role("heading", name="发起新的办理")).to_be_visible()
    sign_out(page, served_app)
    expect_sign_in_screen(other, served_app, "/console?page=start")
    # Signing in again there comes back to the page it showed.
    submit_login(other, "wangge", served_app.account("wangge").password)
    expect(other).to_have_url(served_app.url("/console?page=start"))
    expect(other.get_by_role("heading", name="发起新的办理")).to_be_visible()


def test_signing_out_ends_the_supermarket_counter_too(page, served_app):
    sign_in(page, served_app, "chaoshi")
    counter = page.context.new_page()
    counter.goto(served_app.url("/counter"))
    expect(counter.get_by_role("heading", name="信用超市兑换柜台")).to_be_visible()
    sign_out(page, served_app)
    expect_sign_in_screen(counter, served_app, "/counter")


def test_an_expired_session_sends_its_open_page_to_sign_in(page, served_app):
    sign_in(page, served_app, "beimen")
    expect(page.get_by_role("heading", name="待办", exact=True)).to_be_visible()
    served_app.advance(seconds=IDLE_EXPIRY.total_seconds() + 60)
    expect_sign_in_screen(page, served_app)


def test_disabling_an_account_ends_its_open_page(new_page, served_app):
    user = sign_in(new_page(), served_app, "pingshen2")
    admin = new_page()
    open_staff_accounts(admin, served_app)
    choose(admin, "账号", "pingshen2")
    admin.get_by_role("button", name="停用 / 启用").click()
    expect(alert(admin, "success")).to_contain_text("已打开的页面均已退出登录")
    expect_sign_in_screen(user, served_app)
    submit_login(user, "pingshen2", served_app.account("pingshen2").password)
    expect(user.get_by_role("alert")).to_contain_text("该账号已停用")
    # Enabled again, the account signs in afresh; the ended session stays ended.
    admin.get_by_role("button", name="停用 / 启用").click()
    expect(alert(admin, "success")).to_contain_text("现为“正常”")
    submit_login(user, "pingshen2", served_app.account("pingshen2").password)
    expect(user.get_by_text(served_app.account("pingshen2").header, exact=True)).to_be_visible()


def test_a_reset_password_ends_the_open_page_and_is_replaced_at_the_next_sign_in(new_page,
                                                                                 served_app):
    user = sign_in(new_page(), served_app, "pingshen3")
    admin = new_page()
    open_staff_accounts(admin, served_app)
    choose(admin, "账号", "pingshen3")
    admin.get_by_role("button", name="重置密码").click()
    told = alert(admin, "warning")
    expect(told).to_contain_text("的新密码为")
    # The alert's text is in a paragraph of its own shadow root.
    given = re.search(r"新密码为 (\S+?)——", told.locator("p").first.inner_text()).group(1)
    expect_sign_in_screen(user, served_app)
    submit_login(user, "pingshen3", served_app.account("pingshen3").password)
    expect(user.get_by_role("alert")).to_contain_text("用户名或密码不正确")     # the old one
    submit_login(user, "pingshen3", given)
    # The change-password screen, in Chinese, before anything else opens.
    expect(user.get_by_text("设置您自己的密码")).to_be_visible()
    expect(user.get_by_text("您现在的密码是管理员为您设置的")).to_be_visible()
    assert user.title() == "美德信用 · 设置密码"
    user.goto(served_app.url("/console"))
    expect(user.get_by_label("新密码", exact=True)).to_be_visible()
    user.get_by_label("新密码", exact=True).fill("pingshen3-own-1")
    user.get_by_label("再次输入新密码").fill("pingshen3-own-2")
    user.get_by_role("button", name="保存并继续").click()
    expect(user.get_by_role("alert")).to_contain_text("两次输入的新密码不一致")
    user.get_by_label("新密码", exact=True).fill("pingshen3-own-1")
    user.get_by_label("再次输入新密码").fill("pingshen3-own-1")
    user.get_by_role("button", name="保存并继续").click()
    expect(user).to_have_url(served_app.url("/console"))
    expect(user.get_by_text(served_app.account("pingshen3").header, exact=True)).to_be_visible()
    # The password set by the administrator no longer opens anything.
    other = new_page()
    other.goto(served_app.url("/login"))
    submit_login(other, "pingshen3", given)
    expect(other.get_by_role("alert")).to_contain_text("用户名或密码不正确")


def test_wrong_passwords_bring_a_wait_that_an_administrator_lifts(new_page, served_app):
    page = new_page()
    page.goto(served_app.url("/login"))
    for attempt in range(1, SAME_ADDRESS.free + 1):
        submit_login(page, "louzhang", WRONG)
        expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
        if attempt == SAME_ADDRESS.free - 1:         # the warning comes before the waits
            expect(page.get_by_role("alert")).to_contain_text("再错1次后，每次重试都须等待")
    # The server's clock stands still: the right password waits until the wait is lifted.
    submit_login(page, "louzhang", served_app.account("louzhang").password)
    expect(page.get_by_role("alert")).to_contain_text("登录尝试过于频繁，请1秒后再试")
    expect(page.get_by_role("alert")).to_contain_text("联系街道管理员解除限制")
    with served_app.read_store() as opened:
        notes = [e["note"] for e in opened.table("audit").all()
                 if e.get("action") == "signin_throttled"]
    assert notes == [f"账号“louzhang”在 127.0.0.1 1小时内输错密码{SAME_ADDRESS.free}次，"
                     "此后每次尝试须等待，等待逐次加倍（最长15分钟）"]
    admin = new_page()
    open_staff_accounts(admin, served_app)
    expect(admin.get_by_text(f"1小时内输错密码{SAME_ADDRESS.free}次")).to_be_visible()
    choose(admin, "账号", "louzhang")
    admin.get_by_role("button", name="解除登录限制").click()
    expect(alert(admin, "success")).to_contain_text("已解除 louzhang 的登录限制")
    submit_login(page, "louzhang", served_app.account("louzhang").password)
    expect(page.get_by_text(served_app.account("louzhang").header, exact=True)).to_be_visible()
