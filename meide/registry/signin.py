"""Staff sign-in: password check through the registry, throttling, server-side sessions that end."""

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import store

from .. import clock
from ..audit import audit_log
from ..errors import MeideError
from . import AuthenticationFailed, NotFound
from .registry import Registry
from .staff import generation

SESSIONS_TABLE = "signin_sessions"
FAILURES_TABLE = "signin_failures"

IDLE_EXPIRY = timedelta(hours=2)       # a shared office PC left signed in
ABSOLUTE_EXPIRY = timedelta(hours=12)  # one working day at most
TOUCH_EVERY = timedelta(minutes=5)     # how stale last_seen may get before it is written again
CHANGE_PASSWORD_WITHIN = timedelta(minutes=15)   # a first sign-in's time to set a new password
CHANGE_PASSWORD = "change_password"    # a session waiting for its owner's new password

WINDOW = timedelta(hours=1)            # wrong passwords older than this are forgotten
FIRST_WAIT = timedelta(seconds=1)      # the first wait; each further wrong password doubles it
KNOWN_FOR = timedelta(days=90)         # an address the account signed in from is its own


@dataclass(frozen=True)
class Throttle:
    """After `free` wrong passwords (within WINDOW) counted one way, each further attempt waits
    FIRST_WAIT, then twice as long after each wrong one, at most `longest`, counted from the
    last one. Growing waits slow a guesser down without locking the owner out: nobody can
    make an account unusable by typing wrong passwords for it."""

    free: int
    longest: timedelta
    what: str                          # how the audit log names what is counted

    def wait(self, failures: list, now: datetime) -> timedelta:
        if len(failures) < self.free:
            return timedelta(0)
        pause = min(self.longest, FIRST_WAIT * 2 ** min(len(failures) - self.free, 30))
        return max(timedelta(0), max(_parse(f["at"]) for f in failures) + pause - now)


# One account from one address: someone guessing at one PC.
SAME_ADDRESS = Throttle(3, timedelta(minutes=15), "账号“{username}”在 {client} 1小时内输错密码{count}次")
# One account from anywhere: a guesser using many addresses. Kept short, and not applied at
# the addresses the account has signed in from, so its owner is never kept out for long.
ANY_ADDRESS = Throttle(10, timedelta(minutes=1), "账号“{username}”1小时内在各处共输错密码{count}次")
# One address, any accounts: one password tried on many accounts.
ONE_ADDRESS = Throttle(20, timedelta(minutes=15), "{client} 1小时内对各账号共输错密码{count}次")


class SignInRefused(MeideError):
    """Sign-in failed; the message (Chinese) is what the login page shows."""


class SignIn:
    """Begin, resolve and end staff sessions; sessions and failures live in the store, so a
    restart neither signs everyone out nor forgets a guesser's wait.

    A session ends when its owner signs out, when it has been idle or open too long, and when
    the account is disabled or its password is set again (resolve checks all of these, so every
    open page of it stops at its next check)."""

    def __init__(self, opened_store, registry):
        self.store = opened_store
        self.registry = registry
        self.audit = audit_log(opened_store)
        opened_store.add_index(SESSIONS_TABLE, "sid")
        opened_store.add_index(SESSIONS_TABLE, "username")
        opened_store.add_index(FAILURES_TABLE, "username")
        opened_store.add_index(FAILURES_TABLE, "client")

    # -- signing in ----------------------------------------------------------------------------

    def begin(self, username: str, password: str, client: str = "") -> str:
        """A new session id for correct credentials; SignInRefused otherwise (also, without
        checking the password, while this account or address must still wait). The session of
        an account whose password was set by someone else is pending: it opens nothing until
        change_password() (see pending())."""
        username = (username or "").strip().lower()
        now = clock.now()
        wait = self.wait(username, client, now)
        if wait > timedelta(0):
            raise SignInRefused(f"登录尝试过于频繁，请{_duration(wait)}后再试；"
                                "如需马上登录，请联系街道管理员解除限制")
        try:
            account = self.registry.staff.authenticate(username, password)
        except AuthenticationFailed as exc:
            left = self._failed(username, client, now, str(exc))
            hint = "（再错1次后，每次重试都须等待，且等待逐次加倍）" if left == 1 else ""
            raise SignInRefused(f"{exc}{hint}") from None
        sid = secrets.token_urlsafe(32)
        with self.store.transaction():
            failures = self.store.table(FAILURES_TABLE)
            failures.remove((store.where("username") == username)
                            & (store.where("client") == client))
            self.store.table(SESSIONS_TABLE).insert(
                {"sid": sid, "username": account["username"], "started": now.isoformat(),
                 "last_seen": now.isoformat(), "ended": None, "client": client,
                 "generation": generation(account),
                 "pending": CHANGE_PASSWORD if account.get("must_change_password") else None})
            self.audit.record(account["username"], "signin", client=client)
        return sid

    def pending(self, sid) -> str | None:
        """The username of a session waiting for its owner's new password, or None."""
        session = self._session(sid)
        if session is None or session.get("pending") != CHANGE_PASSWORD or session["ended"]:
            return None
        if clock.now() - _parse(session["started"]) > CHANGE_PASSWORD_WITHIN:
            return None
        return session["username"] if self._account_allows(session) else None

    def change_password(self, sid, new: str, again: str):
        """The owner of a pending session sets their new password: the session opens (and
        every other session of the account ends). ValidationError says what to fix."""
        username = self.pending(sid)
        if username is None:
            raise SignInRefused("登录已过期，请重新登录")
        staff = Registry(self.store, actor=username).staff
        with self.store.transaction():
            new_generation = staff.change_password(username, new, again)
            session = self._session(sid)
            self.store.table(SESSIONS_TABLE).update(
                {"pending": None, "generation": new_generation,
                 "last_seen": clock.now().isoformat()}, doc_ids=[session.doc_id])

    # -- sessions ------------------------------------------------------------------------------

    def resolve(self, sid) -> str | None:
        """The username of a live session, or None (unknown, ended, pending, idle, too old, or
        of an account disabled, gone or given a new password since it began)."""
        session = self._session(sid)
        if session is None or session["ended"] or session.get("pending"):
            return None
        now = clock.now()
        started = _parse(session["started"])
        last_seen = _parse(session["last_seen"])
        if now - started > ABSOLUTE_EXPIRY or now - last_seen > IDLE_EXPIRY:
            return None
        if not self._account_allows(session):
            return None
        if now - last_seen > TOUCH_EVERY:
            self.store.table(SESSIONS_TABLE).update({"last_seen": now.isoformat()},
                                                    doc_ids=[session.doc_id])
        return session["username"]

    def end(self, sid):
        """Sign out: the session id stops working at once, on every tab."""
        session = self._session(sid)
        if session is not None and not session["ended"]:
            with self.store.transaction():
                self.store.table(SESSIONS_TABLE).update({"ended": clock.now().isoformat()},
                                                        doc_ids=[session.doc_id])
                self.audit.record(session["username"], "signout")

    def _account_allows(self, session) -> bool:
        """Whether the session's account still exists, is enabled, and has had no password
        set and no disabling since the session began."""
        try:
            account = self.registry.staff.by_username(session["username"])
        except NotFound:
            return False
        return not account.get("disabled") and generation(account) == session.get("generation", 0)

    def _session(self, sid):
        return self.store.table(SESSIONS_TABLE).get(store.where("sid") == sid) if sid else None

    # -- throttling ----------------------------------------------------------------------------

    def wait(self, username: str, client: str, now: datetime = None) -> timedelta:
        """How long a sign-in as username from client must still wait (zero: not at all)."""
        now = now or clock.now()
        mine = self._recent(store.where("username") == username, now)
        waits = [SAME_ADDRESS.wait([f for f in mine if f.get("client") == client], now),
                 ONE_ADDRESS.wait(self._recent(store.where("client") == client, now), now)]
        if not self._known_address(username, client, now):
            waits.append(ANY_ADDRESS.wait(mine, now))
        return max(waits)

    def failures(self, username: str) -> int:
        """Wrong passwords typed for username within WINDOW (what the settings page shows)."""
        return len(self._recent(store.where("username") == username, clock.now()))

    def unlock(self, username: str, actor) -> int:
        """An administrator forgets username's wrong passwords (its waits end); audited.
        Returns how many were forgotten."""
        username = (username or "").strip().lower()
        with self.store.transaction():
            removed = self.store.table(FAILURES_TABLE).remove(store.where("username") == username)
            self.audit.record(actor, "signin_unlocked", note=f"解除账号“{username}”的登录限制"
                              f"（清除{len(removed)}次输错记录）")
        return len(removed)

    def _failed(self, username, client, now, reason) -> int:
        """Record a wrong password; an entry in the audit log, and another when a throttle
        starts. Returns how many more this address may get wrong for the account before it
        must wait."""
        table = self.store.table(FAILURES_TABLE)
        with self.store.transaction():
            table.remove((store.where("username") == username)
                         & store.where("at").test(lambda at: now - _parse(at) >= WINDOW))
            table.insert({"username": username, "at": now.isoformat(), "client": client})
            mine = self._recent(store.where("username") == username, now)
            same = [f for f in mine if f.get("client") == client]
            counted = ((SAME_ADDRESS, same), (ANY_ADDRESS, mine),
                       (ONE_ADDRESS, self._recent(store.where("client") == client, now)))
            self.audit.record(username or None, "signin_failed", client=client,
                              note=f"{reason}（1小时内第{len(same)}次）")
            for throttle, failures in counted:
                if len(failures) == throttle.free:
                    longest = int(throttle.longest.total_seconds() // 60)
                    self.audit.record(username or None, "signin_throttled", client=client,
                                      note=throttle.what.format(username=username, client=client,
                                                                count=len(failures))
                                      + f"，此后每次尝试须等待，等待逐次加倍（最长{longest}分钟）")
        return SAME_ADDRESS.free - len(same)

    def _recent(self, condition, now) -> list:
        return [f for f in self.store.table(FAILURES_TABLE).search(condition)
                if now - _parse(f["at"]) < WINDOW]

    def _known_address(self, username, client, now) -> bool:
        sessions = self.store.table(SESSIONS_TABLE).search(store.where("username") == username)
        return any(s.get("client") == client and now - _parse(s["started"]) < KNOWN_FOR
                   for s in sessions)


def _parse(text) -> datetime:
    return datetime.fromisoformat(text)


def _duration(wait: timedelta) -> str:
    seconds = math.ceil(wait.total_seconds())
    return f"{seconds}秒" if seconds < 90 else f"{math.ceil(seconds / 60)}分钟"
