"""Staff sign-in: passwords checked by the registry, growing waits after wrong ones, sessions that end."""

import datetime as dt

import pytest

from meide import clock
from meide.audit import AuditLog
from meide.registry import Scope, ValidationError
from meide.registry.signin import (ANY_ADDRESS, FIRST_WAIT, IDLE_EXPIRY, ONE_ADDRESS, SAME_ADDRESS,
                                   SignIn, SignInRefused)

from .registry_support import registry  # noqa: F401  (fixture)

PASSWORD = "correct-horse-1"
HOME, ELSEWHERE = "10.0.0.5", "203.0.113.9"


@pytest.fixture
def signin(registry):  # noqa: F811
    registry.staff.add("wangli", "王丽", PASSWORD, ["社区管理员"], Scope(1, community=2),
                       must_change_password=False)
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)):
        yield SignIn(registry.store, registry)


def fail(signin, times, client=HOME, username="wangli"):
    """Type a wrong password `times` times, waiting out each wait as a patient guesser would."""
    for _ in range(times):
        clock.advance(seconds=signin.wait(username, client).total_seconds())
        with pytest.raises(SignInRefused, match="用户名或密码不正确"):
            signin.begin(username, "wrong", client=client)


def actions(signin, action):
    return [e for e in AuditLog(signin.store).entries(action=action)]


def test_correct_password_gives_a_session_for_the_user(signin):
    sid = signin.begin("WangLi ", PASSWORD, client="127.0.0.1")
    assert signin.resolve(sid) == "wangli"
    assert [e["action"] for e in AuditLog(signin.store).entries(actor="wangli")][-1] == "signin"


def test_wrong_password_and_unknown_user_get_the_same_message(signin):
    with pytest.raises(SignInRefused) as wrong:
        signin.begin("wangli", "nope")
    with pytest.raises(SignInRefused) as unknown:
        signin.begin("nobody", "nope")
    assert str(wrong.value) == "用户名或密码不正确"      # no warning yet
    assert str(unknown.value) == "用户名或密码不正确"


def test_after_a_few_wrong_passwords_even_the_right_one_waits_its_turn(signin):
    fail(signin, SAME_ADDRESS.free)
    with pytest.raises(SignInRefused, match="登录尝试过于频繁，请1秒后再试"):
        signin.begin("wangli", PASSWORD, client=HOME)
    clock.advance(seconds=1)
    assert signin.resolve(signin.begin("wangli", PASSWORD, client=HOME)) == "wangli"
    assert signin.wait("wangli", HOME) == dt.timedelta(0)     # signing in forgets them


def test_each_further_wrong_password_doubles_the_wait_up_to_its_longest(signin):
    waits = []
    # 14 wrong passwords, each after the wait before it: all within the hour they count for.
    for _ in range(14):
        fail(signin, 1)
        waits.append(signin.wait("wangli", HOME).total_seconds())
    first = FIRST_WAIT.total_seconds()
    assert waits[:SAME_ADDRESS.free - 1] == [0] * (SAME_ADDRESS.free - 1)
    assert waits[SAME_ADDRESS.free - 1:SAME_ADDRESS.free + 3] == [first, 2 * first, 4 * first,
                                                                  8 * first]
    assert max(waits) == SAME_ADDRESS.longest.total_seconds() == waits[-1]


def test_a_warning_comes_before_the_waits(signin):
    fail(signin, SAME_ADDRESS.free - 2)
    with pytest.raises(SignInRefused, match="再错1次后，每次重试都须等待"):
        signin.begin("wangli", "wrong", client=HOME)


def test_a_guesser_elsewhere_cannot_keep_the_owner_out(signin):
    signin.end(signin.begin("wangli", PASSWORD, client=HOME))      # the owner's usual PC
    fail(signin, ANY_ADDRESS.free + 5, client=ELSEWHERE)
    assert signin.wait("wangli", ELSEWHERE) > dt.timedelta(0)
    # The owner at their own address is not kept waiting by someone else's wrong passwords...
    assert signin.resolve(signin.begin("wangli", PASSWORD, client=HOME)) == "wangli"
    # ...and at an address new to the account the wait is short.
    assert dt.timedelta(0) < signin.wait("wangli", "10.0.0.77") <= ANY_ADDRESS.longest


def test_one_address_trying_many_accounts_is_slowed_down(signin):
    for number in range(ONE_ADDRESS.free):
        fail(signin, 1, client=ELSEWHERE, username=f"guess{number}")
    assert signin.wait("someone-new", ELSEWHERE) > dt.timedelta(0)
    assert signin.wait("someone-new", HOME) == dt.timedelta(0)


def test_wrong_passwords_are_forgotten_after_an_hour(signin):
    fail(signin, SAME_ADDRESS.free + 4)
    clock.advance(hours=1, seconds=1)
    assert signin.wait("wangli", HOME) == dt.timedelta(0) and signin.failures("wangli") == 0


def test_repeated_wrong_passwords_are_in_the_audit_log_in_chinese(signin):
    fail(signin, SAME_ADDRESS.free)
    failed = actions(signin, "signin_failed")
    assert len(failed) == SAME_ADDRESS.free and failed[-1]["client"] == HOME
    assert failed[-1]["note"] == f"用户名或密码不正确（1小时内第{SAME_ADDRESS.free}次）"
    [throttled] = actions(signin, "signin_throttled")
    assert throttled["note"].startswith(f"账号“wangli”在 {HOME} 1小时内输错密码{SAME_ADDRESS.free}次")
    assert "最长15分钟" in throttled["note"]


def test_an_administrator_lifts_the_waits(signin):
    fail(signin, SAME_ADDRESS.free + 6)
    assert signin.failures("wangli") == SAME_ADDRESS.free + 6
    assert signin.unlock("wangli", "jiedao") == SAME_ADDRESS.free + 6
    assert signin.wait("wangli", HOME) == dt.timedelta(0)
    [entry] = actions(signin, "signin_unlocked")
    assert entry["actor"] == "jiedao" and "解除账号“wangli”的登录限制" in entry["note"]
    assert signin.resolve(signin.begin("wangli", PASSWORD, client=HOME)) == "wangli"


def test_sign_out_ends_the_session_at_once(signin):
    sid = signin.begin("wangli", PASSWORD)
    signin.end(sid)
    assert signin.resolve(sid) is None


def test_idle_and_old_sessions_expire(signin):
    sid = signin.begin("wangli", PASSWORD)
    clock.advance(seconds=IDLE_EXPIRY.total_seconds() - 60)
    assert signin.resolve(sid) == "wangli"            # still in use: this also refreshes it
    clock.advance(hours=1)
    assert signin.resolve(sid) == "wangli"
    clock.advance(hours=2, minutes=1)
    assert signin.resolve(sid) is None
    fresh = signin.begin("wangli", PASSWORD)
    for _ in range(13):
        clock.advance(hours=1)
        signin.resolve(fresh)
    assert signin.resolve(fresh) is None              # a working day at most


@pytest.mark.parametrize("change", ["disable", "reset_password"])
def test_disabling_or_resetting_ends_every_open_session_for_good(signin, registry, change):  # noqa: F811
    sessions = [signin.begin("wangli", PASSWORD, client=client) for client in (HOME, ELSEWHERE)]
    if change == "disable":
        registry.staff.disable("wangli")
        registry.staff.disable("wangli", False)         # enabled again: still ended
    else:
        registry.staff.reset_password("wangli", "set-by-admin-2")
    assert [signin.resolve(sid) for sid in sessions] == [None, None]


def test_disabled_accounts_cannot_sign_in(signin, registry):  # noqa: F811
    registry.staff.disable("wangli")
    with pytest.raises(SignInRefused, match="停用"):
        signin.begin("wangli", PASSWORD)


def test_made_up_session_ids_resolve_to_nobody(signin):
    assert signin.resolve("forged") is None and signin.resolve(None) is None


# -- a password set by someone else is changed at the first sign-in ---------------------------


@pytest.fixture
def newcomer(signin, registry):  # noqa: F811
    registry.staff.add("zhaoliu", "赵六", "given-by-admin-1", ["网格员"], "北门社区/第一网格")
    return signin.begin("zhaoliu", "given-by-admin-1", client=HOME)


def test_a_new_account_opens_nothing_before_its_password_is_changed(signin, newcomer):
    assert signin.pending(newcomer) == "zhaoliu"
    assert signin.resolve(newcomer) is None


def test_changing_the_password_opens_the_session_and_ends_the_old_password(signin, registry,
                                                                           newcomer):  # noqa: F811
    other = signin.begin("zhaoliu", "given-by-admin-1", client=ELSEWHERE)
    signin.change_password(newcomer, "my-own-secret-9", "my-own-secret-9")
    assert signin.resolve(newcomer) == "zhaoliu" and signin.pending(newcomer) is None
    assert signin.pending(other) is None and signin.resolve(other) is None
    assert not registry.staff.by_username("zhaoliu")["must_change_password"]
    with pytest.raises(SignInRefused):
        signin.begin("zhaoliu", "given-by-admin-1")
    assert signin.resolve(signin.begin("zhaoliu", "my-own-secret-9")) == "zhaoliu"
    [changed] = AuditLog(signin.store).entries(table="staff", action="change_password")
    assert changed["actor"] == "zhaoliu" and "password_hash" not in changed["after"]


@pytest.mark.parametrize("new, again, message", [
    ("short", "short", "密码至少8位"),
    ("my-own-secret-9", "my-own-secret-8", "两次输入的新密码不一致"),
    ("given-by-admin-1", "given-by-admin-1", "新密码不能与原来的密码相同"),
])
def test_a_new_password_must_be_long_typed_twice_and_new(signin, newcomer, new, again, message):
    with pytest.raises(ValidationError, match=message):
        signin.change_password(newcomer, new, again)
    assert signin.pending(newcomer) == "zhaoliu"


def test_the_change_must_come_soon_after_signing_in(signin, newcomer):
    clock.advance(minutes=16)
    assert signin.pending(newcomer) is None
    with pytest.raises(SignInRefused, match="重新登录"):
        signin.change_password(newcomer, "my-own-secret-9", "my-own-secret-9")


def test_a_reset_password_is_changed_at_the_next_sign_in(signin, registry):  # noqa: F811
    registry.staff.reset_password("wangli", "set-by-admin-2")
    sid = signin.begin("wangli", "set-by-admin-2")
    assert signin.pending(sid) == "wangli" and signin.resolve(sid) is None
