"""Meide's persistence: TinyDB made durable, crash-safe, thread-safe and indexed (the only tinydb user).

This is the whole surface the rest of Meide may use; a server-grade backend would offer the same.
"""

from tinydb import Query, where
from tinydb.operations import add, decrement, delete, increment, set, subtract
from tinydb.table import Document

from .backup import restore, verify_backup
from .bulk import paused_gc
from .check import CheckReport
from .database import Store, open_store
from .errors import (StoreClosed, StoreCorrupt, StoreError, StoreFailed, StoreLocked,
                     StoreReadOnly)

__all__ = [
    "open_store", "Store", "restore", "verify_backup", "CheckReport", "paused_gc",
    "Query", "where", "Document", "add", "decrement", "delete", "increment", "set", "subtract",
    "StoreError", "StoreLocked", "StoreReadOnly", "StoreCorrupt", "StoreFailed", "StoreClosed",
]
