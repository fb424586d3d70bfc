"""The audit log: an append-only record in the store of who changed or exported what, and when."""

import weakref

import store

from . import clock
from .privacy import redact

TABLE = "audit"
SYSTEM = "system"
REFUSED = "refused"
_logs = weakref.WeakKeyDictionary()
READ_ALL_ROLES = frozenset({"街道管理员"})          # read every entry
READ_COMMUNITY_ROLES = frozenset({"社区管理员"})    # read what their community's staff did


def _now() -> str:
    return clock.now().isoformat(timespec="microseconds")


def _actor_name(actor) -> str:
    # Callers pass a username, a staff record, or nothing (the system itself).
    if actor is None:
        return SYSTEM
    if isinstance(actor, dict):
        return actor.get("username") or SYSTEM
    return str(actor)


def changes(before: dict | None, after: dict | None) -> tuple[dict, dict]:
    """The (before, after) summaries of what differs, redacted; unchanged fields are left out."""
    before, after = before or {}, after or {}
    keys = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    return (redact({key: before.get(key) for key in keys if key in before}),
            redact({key: after.get(key) for key in keys if key in after}))


class AuditLog:
    """Append-only: entries are inserted and read, never updated or removed through this class.

    An entry written inside a store transaction lives or dies with the change it describes.
    """

    def __init__(self, opened_store, clock=_now):
        self.store = opened_store
        self.table = opened_store.table(TABLE)
        self.clock = clock
        for field in ("table", "record", "actor", "action"):
            opened_store.add_index(TABLE, field)

    def record(self, actor, action: str, table: str | None = None, record: int | None = None,
               before: dict | None = None, after: dict | None = None, note: str = "",
               **extra) -> int:
        """Append one entry; before/after are reduced to the changed fields and redacted."""
        summary_before, summary_after = changes(before, after)
        entry = {"at": self.clock(), "actor": _actor_name(actor), "action": action,
                 "table": table, "record": record, "before": summary_before,
                 "after": summary_after, "note": note}
        entry.update(redact(extra))
        return self.table.insert(entry)

    def entries(self, table: str | None = None, record: int | None = None,
                actor: str | None = None, action: str | None = None) -> list:
        """Entries matching every given filter, oldest first."""
        conditions = [store.where(name) == value for name, value in
                      (("table", table), ("record", record), ("actor", actor), ("action", action))
                      if value is not None]
        if not conditions:
            return self.table.all()
        query = conditions[0]
        for condition in conditions[1:]:
            query &= condition
        return self.table.search(query)

    def history(self, table: str, record: int) -> list:
        """Every entry about one record, oldest first."""
        return self.entries(table=table, record=record)


def audit_log(opened_store) -> AuditLog:
    """The store's one audit log: every part that changes, exports or refuses writes through it."""
    log = _logs.get(opened_store)
    if log is None:
        log = _logs[opened_store] = AuditLog(opened_store)
    return log
