"""The process-wide wiring the served apps share: store, services, runner, ticker, actors."""

import atexit
import os
import secrets
import threading
from pathlib import Path

import store

from .kernel import Runner, Services
from .kernel.permissions import actor_from_staff
from .ticker import Ticker

DATA_ENV = "MEIDE_DATA"
DEFAULT_DATA = Path("data") / "demo"
TICK_SECONDS = 60.0

# Re-entrant: get_runner() opens the store under the same lock.
_lock = threading.RLock()
_store = None
_runner = None
_ticker = None
_signin = None
_services = None


def data_folder() -> Path:
    """The data folder named by $MEIDE_DATA, else ./data/demo."""
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DATA)


def get_store() -> store.Store:
    """Open the data folder once per process and keep it open until exit."""
    global _store
    with _lock:
        if _store is None:
            _store = store.open_store(data_folder())
            atexit.register(_store.close)
        return _store


def get_services() -> Services:
    """What guards, effects and forms use beyond the store: the registry and the points ledger."""
    global _services
    with _lock:
        if _services is None:
            from .kernel.registry_services import RegistryServices
            from .points import Catalogue, Ledger
            opened = get_store()
            _services = RegistryServices(get_registry(), Ledger(opened, Catalogue(opened)))
        return _services


def get_runner() -> Runner:
    """The one Runner of this process, over get_store() with get_services()."""
    global _runner
    with _lock:
        if _runner is None:
            _runner = Runner(get_store(), get_services())
        return _runner


def start_ticker(interval: float = TICK_SECONDS) -> Ticker:
    """Start, once per process, the thread that calls get_runner().tick() every interval seconds."""
    global _ticker
    with _lock:
        if _ticker is None:
            _ticker = Ticker(lambda: get_runner().tick(), interval)
            _ticker.start()
            atexit.register(_ticker.stop)
        return _ticker


def staff_account(username: str):
    """The registry's staff account called username, or None if there is none.

    The one place the console learns who a signed-in username is; the sign-in itself (checking
    the hashed password) is done by the registry when the Panel auth hooks are added.
    """
    from .registry import NotFound

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


def get_registry():
    """The registry over the process-wide store (acting as the system; views narrow it per user)."""
    from .registry import Registry
    return Registry(get_store())


def get_signin():
    """Sign-in sessions and lockout over the process-wide store."""
    global _signin
    with _lock:
        if _signin is None:
            from .signin import SignIn
            _signin = SignIn(get_store(), get_registry())
        return _signin


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


def get_templates():
    """The staff-edited document templates in the process-wide store."""
    from .audit import AuditLog
    from .printing.editable import EditableTemplates
    opened = get_store()
    return EditableTemplates(opened, AuditLog(opened))
