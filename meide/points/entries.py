"""Ledger entries: the immutable Entry value, its stored document, its idempotency fingerprint."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .errors import InvalidRequest

OPS = ("award", "deduct", "redeem", "reverse")
OP_LABELS = {"award": "加分", "deduct": "扣分", "redeem": "兑换", "reverse": "冲正"}
EARNING_OPS = ("award", "deduct")

# What must agree for a repeated idempotency key to count as the same request. Award points are
# not compared: a retry after a rule change is still the same request and gets the first entry.
_FINGERPRINT = {
    "award": ("op", "account", "rule", "quantity", "source"),
    "deduct": ("op", "account", "rule", "quantity", "source"),
    "redeem": ("op", "account", "points", "source"),
    "reverse": ("op", "reverses"),
}


@dataclass(frozen=True)
class Entry:
    """One line of the ledger (积分台账). Points are signed: awards positive, the rest negative,
    a reversal the opposite of the entry it reverses."""

    id: int
    op: str
    account: str
    kind: str
    points: int
    at: dt.datetime
    key: str
    actor: str
    reason: str
    community: str | None = None
    grid: str | None = None
    household: str | None = None
    building: str | None = None
    child: bool = False
    rule: str | None = None
    version: int | None = None
    catalogue: str | None = None
    category: str | None = None
    quantity: Any = None
    source: str | None = None
    evidence: Any = None
    reverses: int | None = None
    reversed_op: str | None = None
    reversed_at: dt.datetime | None = None

    @property
    def op_label(self) -> str:
        return OP_LABELS[self.op]

    @property
    def earns(self) -> bool:
        """Counts towards earned points (rankings, roll-ups): awards, deductions, reversals."""
        return is_earning(self.op, self.reversed_op)

    @property
    def counts_at(self) -> dt.datetime:
        """When the points count for period totals: a reversal counts at its original's time."""
        return self.reversed_at or self.at

    @classmethod
    def from_doc(cls, doc_id, doc) -> "Entry":
        values = dict(doc)
        values["at"] = dt.datetime.fromisoformat(values["at"])
        if values.get("reversed_at"):
            values["reversed_at"] = dt.datetime.fromisoformat(values["reversed_at"])
        if isinstance(values.get("evidence"), list):
            values["evidence"] = tuple(values["evidence"])
        return cls(id=int(doc_id), **values)


def is_earning(op: str, reversed_op: str | None) -> bool:
    return op in EARNING_OPS or (op == "reverse" and reversed_op in EARNING_OPS)


def new_doc(**fields) -> dict:
    """The stored document: None and False fields are left out to keep a large ledger small."""
    return {name: value for name, value in fields.items()
            if value is not None and value is not False}


def fingerprint(op: str, doc: dict) -> dict:
    return {name: doc.get(name) for name in _FINGERPRINT[op]}


def same_request(existing: dict, request: dict) -> bool:
    op = request["op"]
    return existing.get("op") == op and fingerprint(op, existing) == fingerprint(op, request)


def clean_text(value, what: str, *, required: bool) -> str | None:
    """A stripped string, or InvalidRequest naming the missing field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidRequest(f"请填写{what}。")
        return None
    return str(value).strip()


def clean_evidence(evidence):
    """Evidence as stored: a list of references (file names, photo ids), or None."""
    if evidence is None or evidence == "" or evidence == []:
        return None
    if isinstance(evidence, str):
        return [evidence]
    if isinstance(evidence, (list, tuple)) and all(isinstance(e, str) for e in evidence):
        return list(evidence)
    raise InvalidRequest("佐证材料应为文件名或编号 (文字)，或它们的列表。")


def audit_entry(doc_id: int, doc) -> dict:
    """A ledger entry as the audit page lists it. Entries are never edited and say who, when
    and why: they are their own audit trail, read in place (an audit copy of each would double
    the largest table: 100,000 audit rows cost 241 MiB of memory, measured)."""
    entry = {"at": doc["at"], "actor": doc.get("actor"), "action": doc["op"], "table": "ledger",
             "record": doc_id, "before": {}, "after": {}, "note": doc.get("reason") or "",
             "account": doc.get("account"), "points": doc.get("points")}
    if doc.get("reverses") is not None:
        entry["reverses"] = doc["reverses"]
    return entry
