"""Staff sign-in: password check through the registry, lockout, server-side sessions with expiry."""

import secrets
from datetime import datetime, timedelta

import store

from .. import clock
from ..audit import audit_log
from ..errors import MeideError
from . import AuthenticationFailed

SESSIONS_TABLE = "signin_sessions"
FAILURES_TABLE = "signin_failures"

MAX_FAILURES = 5                       # wrong passwords in a row before the account locks
LOCKOUT = timedelta(minutes=15)
IDLE_EXPIRY = timedelta(hours=2)       # a shared office PC left signed in
ABSOLUTE_EXPIRY = timedelta(hours=12)  # one working day at most
TOUCH_EVERY = timedelta(minutes=5)     # how stale last_seen may get before it is written again


class SignInRefused(MeideError):
    """Sign-in failed; the message (Chinese) is what the login page shows."""


class SignIn:
    """Begin, resolve and end staff sessions; sessions and failures live in the store, so a
    restart neither signs everyone out nor forgets a lockout."""

    def __init__(self, opened_store, registry):
        self.store = opened_store
        self.registry = registry
        self.audit = audit_log(opened_store)
        opened_store.add_index(SESSIONS_TABLE, "sid")
        opened_store.add_index(FAILURES_TABLE, "username")

    def begin(self, username: str, password: str, client: str = "") -> str:
        """A new session id for correct credentials; SignInRefused otherwise."""
        username = (username or "").strip().lower()
        now = clock.now()
        with self.store.transaction():
            failures = self._recent_failures(username, now)
            if len(failures) >= MAX_FAILURES:
                unlock = max(f["at"] for f in failures)
                minutes = _minutes_left(unlock, now)
                raise SignInRefused(f"连续输错密码{MAX_FAILURES}次，账号已锁定，请{minutes}分钟后再试"
                                    "或联系管理员重置密码")
        try:
            account = self.registry.staff.authenticate(username, password)
        except AuthenticationFailed as exc:
            with self.store.transaction():
                self.store.table(FAILURES_TABLE).insert(
                    {"username": username, "at": now.isoformat(), "client": client})
                self.audit.record(username or None, "signin_failed", note=str(exc), client=client)
            left = MAX_FAILURES - len(self._recent_failures(username, now))
            hint = f"（再错{left}次将锁定{int(LOCKOUT.total_seconds() // 60)}分钟）" if 0 < left < 3 else ""
            raise SignInRefused(f"{exc}{hint}") from None
        sid = secrets.token_urlsafe(32)
        with self.store.transaction():
            self.store.table(FAILURES_TABLE).remove(store.where("username") == username)
            self.store.table(SESSIONS_TABLE).insert(
                {"sid": sid, "username": account["username"], "started": now.isoformat(),
                 "last_seen": now.isoformat(), "ended": None, "client": client})
            self.audit.record(account["username"], "signin", client=client)
        return sid

    def resolve(self, sid) -> str | None:
        """The username of a live session, or None (unknown, ended, idle or too old)."""
        if not sid:
            return None
        session = self.store.table(SESSIONS_TABLE).get(store.where("sid") == sid)
        if session is None or session["ended"]:
            return None
        now = clock.now()
        started = _parse(session["started"])
        last_seen = _parse(session["last_seen"])
        if now - started > ABSOLUTE_EXPIRY or now - last_seen > IDLE_EXPIRY:
            return None
        if now - last_seen > TOUCH_EVERY:
            self.store.table(SESSIONS_TABLE).update({"last_seen": now.isoformat()},
                                                    doc_ids=[session.doc_id])
        return session["username"]

    def end(self, sid):
        """Sign out: the session id stops working at once, on every tab."""
        session = self.store.table(SESSIONS_TABLE).get(store.where("sid") == sid) if sid else None
        if session is not None and not session["ended"]:
            with self.store.transaction():
                self.store.table(SESSIONS_TABLE).update({"ended": clock.now().isoformat()},
                                                        doc_ids=[session.doc_id])
                self.audit.record(session["username"], "signout")

    def _recent_failures(self, username, now) -> list:
        failures = self.store.table(FAILURES_TABLE).search(store.where("username") == username)
        return [f for f in failures if now - _parse(f["at"]) < LOCKOUT]


def _parse(text) -> datetime:
    return datetime.fromisoformat(text)


def _minutes_left(last_failure, now) -> int:
    remaining = _parse(last_failure) + LOCKOUT - now
    return max(1, int(remaining.total_seconds() // 60) + 1)
