"""The process-wide store: the served apps share one open data folder (it allows one writer)."""

import atexit
import os
import threading
from pathlib import Path

import store

DATA_ENV = "MEIDE_DATA"
DEFAULT_DATA = Path("data") / "demo"

_lock = threading.Lock()
_store = None


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
