"""Staff sign-in: passwords checked by the registry, lockout after failures, sessions that expire."""

import datetime as dt

import pytest

from meide import clock
from meide.audit import AuditLog
from meide.registry import Scope
from meide.registry.signin import IDLE_EXPIRY, MAX_FAILURES, SignIn, SignInRefused

from .registry_support import registry  # noqa: F401  (fixture)


@pytest.fixture
def signin(registry):  # noqa: F811
    registry.staff.add("wangli", "王丽", "correct-horse-1", ["社区管理员"], Scope(1, community=2))
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)):
        yield SignIn(registry.store, registry)


def test_correct_password_gives_a_session_for_the_user(signin):
    sid = signin.begin("WangLi ", "correct-horse-1", client="127.0.0.1")
    assert signin.resolve(sid) == "wangli"
    assert [e["action"] for e in AuditLog(signin.store).entries(actor="wangli")][-1] == "signin"


def test_wrong_password_and_unknown_user_get_the_same_message(signin):
    with pytest.raises(SignInRefused) as wrong:
        signin.begin("wangli", "nope")
    with pytest.raises(SignInRefused) as unknown:
        signin.begin("nobody", "nope")
    assert str(wrong.value).startswith("用户名或密码不正确")
    assert str(unknown.value).startswith("用户名或密码不正确")


def test_repeated_failures_lock_the_account_even_for_the_right_password(signin):
    for _ in range(MAX_FAILURES):
        with pytest.raises(SignInRefused):
            signin.begin("wangli", "wrong")
    with pytest.raises(SignInRefused, match="已锁定"):
        signin.begin("wangli", "correct-horse-1")
    clock.advance(minutes=16)
    assert signin.resolve(signin.begin("wangli", "correct-horse-1")) == "wangli"


def test_a_warning_comes_before_the_lock(signin):
    for _ in range(MAX_FAILURES - 2):
        with pytest.raises(SignInRefused):
            signin.begin("wangli", "wrong")
    with pytest.raises(SignInRefused, match="再错1次将锁定"):
        signin.begin("wangli", "wrong")


def test_sign_out_ends_the_session_at_once(signin):
    sid = signin.begin("wangli", "correct-horse-1")
    signin.end(sid)
    assert signin.resolve(sid) is None


def test_idle_and_old_sessions_expire(signin):
    sid = signin.begin("wangli", "correct-horse-1")
    clock.advance(seconds=IDLE_EXPIRY.total_seconds() - 60)
    assert signin.resolve(sid) == "wangli"            # still in use: this also refreshes it
    clock.advance(hours=1)
    assert signin.resolve(sid) == "wangli"
    clock.advance(hours=2, minutes=1)
    assert signin.resolve(sid) is None
    fresh = signin.begin("wangli", "correct-horse-1")
    for _ in range(13):
        clock.advance(hours=1)
        signin.resolve(fresh)
    assert signin.resolve(fresh) is None              # a working day at most


def test_disabled_accounts_cannot_sign_in(signin, registry):  # noqa: F811
    registry.staff.disable("wangli")
    with pytest.raises(SignInRefused, match="停用"):
        signin.begin("wangli", "correct-horse-1")


def test_made_up_session_ids_resolve_to_nobody(signin):
    assert signin.resolve("forged") is None and signin.resolve(None) is None
