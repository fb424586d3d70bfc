"""Workflow records in the store: one table per slug, an append-only history, and due timers."""

import copy
from dataclasses import dataclass, field

import store

from .. import clock
from ..audit import audit_log

HISTORY_TABLE = "wf_history"
TIMERS_TABLE = "wf_timers"


def table_name(slug: str) -> str:
    """The store table of a workflow's records."""
    return f"wf_{slug}"


def prepare(opened_store, slug: str):
    """Declare the indexes that keep inbox, history and idempotency lookups from scanning."""
    opened_store.add_index(table_name(slug), "state")
    opened_store.add_index(HISTORY_TABLE, "ref")
    opened_store.add_index(HISTORY_TABLE, "key")


def ref(slug: str, record_id: int) -> str:
    return f"{slug}:{record_id}"


@dataclass
class Record:
    """A stored record as the kernel and views see it; `doc` is the stored document."""

    slug: str
    id: int
    doc: dict = field(repr=False)

    state = property(lambda self: self.doc["state"])
    values = property(lambda self: self.doc["values"])
    scope = property(lambda self: self.doc.get("scope") or {})
    created_by = property(lambda self: self.doc["created_by"])
    signatures = property(lambda self: self.doc.get("signatures") or {})
    objections = property(lambda self: self.doc.get("objections") or [])
    due = property(lambda self: self.doc.get("due"))
    version = property(lambda self: self.doc.get("version", 1))

    @property
    def outputs(self) -> dict:
        """What the workflow's effects worked out (its declared Outputs), apart from the values
        staff typed; effects add to it."""
        return self.doc.setdefault("outputs", {})

    def open_objections(self) -> list:
        return [o for o in self.objections if o["status"] == "open"]


def load(opened_store, slug: str, record_id: int):
    doc = opened_store.table(table_name(slug)).get(doc_id=int(record_id))
    # A deep copy: the stored document's nested values are the store's own, and a transition
    # refused after changing them (a missing input, a failing guard) must leave them as stored.
    return None if doc is None else Record(slug, int(record_id), copy.deepcopy(dict(doc)))


def save(opened_store, record: Record):
    record.doc["updated_at"] = clock.now().isoformat()
    opened_store.table(table_name(record.slug)).update(record.doc, doc_ids=[record.id])


def append_history(opened_store, record: Record, action: str, actor, **details) -> dict:
    """Add one line to the record's history (never edited) and bump the record's sequence."""
    record.doc["seq"] = record.doc.get("seq", 0) + 1
    entry = {"ref": ref(record.slug, record.id), "slug": record.slug, "record": record.id,
             "seq": record.doc["seq"], "action": action, "actor": actor.username,
             "actor_name": actor.name, "at": clock.now().isoformat(), **details}
    opened_store.table(HISTORY_TABLE).insert(entry)
    # The audit page reads one table: every step of every record is also written there, in the
    # same transaction (the history keeps the full changes; the audit entry says who did what).
    step = details.get("label") or details.get("transition")
    audit_log(opened_store).record(
        actor.username, f"workflow.{action}", table_name(record.slug), record.id,
        note=details.get("comment") or "", workflow=record.slug, **({"step": step} if step else {}))
    return entry


def history(opened_store, slug: str, record_id: int) -> list:
    entries = opened_store.table(HISTORY_TABLE).search(store.where("ref") == ref(slug, record_id))
    return sorted((dict(e) for e in entries), key=lambda e: e["seq"])


def seen_key(opened_store, key: str):
    """The history entry made under an idempotency key, if any."""
    return opened_store.table(HISTORY_TABLE).get(store.where("key") == key)


def set_timer(opened_store, record: Record, at, transition: str):
    timers = opened_store.table(TIMERS_TABLE)
    timers.remove(store.where("ref") == ref(record.slug, record.id))
    timers.insert({"ref": ref(record.slug, record.id), "slug": record.slug, "record": record.id,
                   "at": at.isoformat(), "transition": transition, "entered": record.doc["entered"]})


def clear_timer(opened_store, record: Record):
    opened_store.table(TIMERS_TABLE).remove(store.where("ref") == ref(record.slug, record.id))


def due_timers(opened_store, now) -> list:
    """Timers whose moment has come, oldest first."""
    moment = now.isoformat()
    timers = opened_store.table(TIMERS_TABLE).search(store.where("at") <= moment)
    return sorted((dict(t, timer_id=t.doc_id) for t in timers), key=lambda t: t["at"])


def timer_gone(opened_store, timer) -> bool:
    return opened_store.table(TIMERS_TABLE).get(doc_id=timer["timer_id"]) is None


def drop_timer(opened_store, timer):
    opened_store.table(TIMERS_TABLE).remove(doc_ids=[timer["timer_id"]])
