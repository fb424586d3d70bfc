"""The served apps' process: one engine over $MEIDE_DATA, its ticker, and who a signed-in username is."""

import atexit
import gc
import os
import secrets
import threading
from pathlib import Path

import store

from .engine import Engine
from .kernel import Runner, Services
from .kernel.permissions import actor_from_staff
from .registry import NotFound
from .ticker import Ticker

DATA_ENV = "MEIDE_DATA"
DEFAULT_DATA = Path("data") / "demo"
TICK_SECONDS = 60.0
SAVE_TOTALS_EVERY = 20_000      # ledger entries between saves of its running totals
# A training server or a browser test that moves the clock (clock.CLOCK_FILE_ENV) need not wait
# a minute for a 公示 to end: this variable sets the ticker's interval in seconds.
TICK_ENV = "MEIDE_TICK_SECONDS"
# Where the server serves Panel's own copy of the files it would fetch from its CDN (offices may
# have no internet); `meide serve` points PANEL_CDN_ROOT here and sign-in lets it through.
LOCAL_CDN = "panel-cdn"
# Where the server serves Meide's own page scripts (meide.views.date_locale).
STATIC_ROUTE = "meide-static"
# The HttpOnly cookie naming a staff member's server-side session (meide.views.signin sets it;
# `meide serve` keeps it out of what Bokeh copies into each page's session token).
SIGNIN_COOKIE = "meide_session"

_lock = threading.Lock()
_engine = None
_ticker = None
_damage = None      # the store.StoreCorrupt that opening the data folder met, if it did


def data_folder() -> Path:
    """The data folder named by $MEIDE_DATA, else ./data/demo."""
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DATA)


def get_engine() -> Engine:
    """The data folder opened once per process and kept open until exit; store.StoreCorrupt
    if the folder is damaged (and again on every later call, without reading the folder)."""
    global _engine, _damage
    with _lock:
        if _damage is not None:
            # Opening again would read the whole folder on every request to meet the same
            # damage; once the folder is restored the server is restarted.
            raise _damage.with_traceback(None)
        if _engine is None:
            # What is loaded here (every index and total) lives as long as the process: the
            # collector stays off while it loads (else a full collection rescans millions of
            # fresh objects) and then moves it all out of its sight, so that later collections
            # stay short.
            try:
                with store.paused_gc():
                    _engine = Engine.open(data_folder())
                    gc.freeze()
            except store.StoreCorrupt as exc:
                _damage = exc
                raise
            atexit.register(_engine.close)
            # Saved on the way out (and by the ticker as entries accumulate) so the next start
            # opens a large ledger without replaying it; registered after the close, so it runs
            # before it.
            atexit.register(_engine.save_totals)
        return _engine


def get_store() -> store.Store:
    return get_engine().store


def get_services() -> Services:
    """What guards, effects and forms use beyond the store: the registry and the points ledger."""
    return get_engine().services


def get_runner() -> Runner:
    return get_engine().runner


def get_registry():
    """The registry acting as the system (views narrow it per user)."""
    return get_engine().registry


def get_signin():
    return get_engine().signin


def get_templates():
    """The staff-edited document templates."""
    return get_engine().templates


def tick_interval() -> float:
    """Seconds between ticks: $MEIDE_TICK_SECONDS if set, else TICK_SECONDS."""
    text = os.environ.get(TICK_ENV, "").strip()
    if not text:
        return TICK_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0.1 <= seconds <= 86400:
        raise ValueError(f"{TICK_ENV} 应为 0.1 到 86400 之间的秒数（现在是“{text}”）")
    return seconds


def _tick():
    engine = get_engine()
    fired = engine.runner.tick()
    engine.ledger.save_totals(every=SAVE_TOTALS_EVERY)
    return fired


def get_ticker() -> Ticker:
    """The process's ticker, made once: get_runner().tick() (and saving the ledger's totals as
    entries accumulate) every tick_interval() seconds. The served console puts it on the
    server's scheduler (meide.views.session.keep_ticking)."""
    global _ticker
    with _lock:
        if _ticker is None:
            _ticker = Ticker(_tick, tick_interval())
        return _ticker


def staff_account(username: str):
    """The registry's staff account called username, or None if there is none.

    The one place the console learns who a signed-in username is; the sign-in itself (checking
    the hashed password) is done by the registry when the Panel auth hooks are added.
    """
    if not username:
        return None
    try:
        return get_registry().staff.by_username(username)
    except NotFound:
        return None


def actor_for(username: str):
    """The Actor a signed-in username acts as: roles and scope from the staff account; None for
    an unknown or disabled account (the console then shows only the sign-in message)."""
    account = staff_account(username)
    if account is None or account.get("disabled"):
        return None
    return actor_from_staff(account)


def cookie_secret(folder=None) -> str:
    """The secret that signs session cookies: made on first run, kept in the data folder, readable
    by its owner only (anyone holding it could forge a sign-in)."""
    path = Path(folder or data_folder()) / "cookie_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


