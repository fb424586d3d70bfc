"""Effects: what happens when a record enters a state, inside the transition's store transaction.

Because an effect writes in the same transaction as the state change, a crash at any moment
leaves either both or neither; each effect also gets a stable idempotency key, so a retried
transition never awards twice.
"""

from dataclasses import dataclass
from typing import Optional

from .. import clock
from ..printing.masking import MaskProfile
from .fields import outputs_of


@dataclass
class EffectContext:
    """Everything an effect may use: the store, the services, the record and who acted."""

    store: object
    services: object
    workflow: object          # the Workflow instance holding the record's values
    record: object
    actor: object
    key: str                  # unique to this effect on this transition; reuse it downstream


def reason_fields(ctx) -> dict:
    """What a reason template may name: every declared field (its current value, or the
    referenced person's name), plus the workflow's title."""
    fields = dict(ctx.workflow.param.values())
    fields.update(ctx.record.outputs)
    fields.update(ctx.record.doc.get("names") or {})
    fields["title"] = type(ctx.workflow).title
    return fields


class Effect:
    """Base class: subclasses implement apply(ctx) and return a short summary for the history."""

    def apply(self, ctx: EffectContext) -> Optional[dict]:
        raise TypeError(f"{type(self).__name__} must implement apply(ctx)")


def split_evidence(text) -> list:
    """Evidence references typed into a form (one per line, or separated by 、，,;；) as a list."""
    if isinstance(text, (list, tuple)):
        return [str(item).strip() for item in text if str(item).strip()]
    for separator in "、，,;；":
        text = (text or "").replace(separator, "\n")
    return [item.strip() for item in text.splitlines() if item.strip()]


@dataclass
class AwardPoints(Effect):
    """Award points by rule to the registry record in `account_field` (e.g. the nominee).

    The rule is fixed (`rule`) or read from a field (`rule_field`); the quantity (hours, for
    per-hour rules) likewise; `evidence_field` names a field listing photos or sheets, for
    rules that require evidence; `points_output` names an Output that keeps how many points
    were written (a count, never negative), for a document issued next to state them.
    `within_caps`: an award over the rule's cap gets what the cap leaves (nothing when none is
    left) and the record's history says so, instead of the transition being refused.
    """

    account_field: str
    rule: str = ""
    rule_field: str = ""
    quantity_field: str = ""
    reason: str = "{title}"
    evidence_field: str = ""
    points_output: str = ""
    within_caps: bool = False

    operation = "award"

    def apply(self, ctx):
        workflow = ctx.workflow
        kind = type(workflow).param[self.account_field].kind
        record_id = getattr(workflow, self.account_field)
        rule = self.rule or getattr(workflow, self.rule_field)
        quantity = getattr(workflow, self.quantity_field) if self.quantity_field else 1
        reason = self.reason.format_map(reason_fields(ctx))
        evidence = split_evidence(getattr(workflow, self.evidence_field)) \
            if self.evidence_field else None
        write = getattr(ctx.services.ledger, self.operation)
        extra = {"evidence": evidence} if evidence else {}
        if self.within_caps and self.operation == "award":
            return self._award_within_caps(ctx, write, kind, record_id, rule, quantity, reason,
                                           extra)
        entry = write(ctx.services.account(kind, record_id), rule, quantity=quantity,
                      reason=reason, source=f"{ctx.record.slug}:{ctx.record.id}",
                      actor=ctx.actor.username, key=ctx.key, **extra)
        if self.points_output:
            keep(ctx, {self.points_output: abs(entry.points)}, type(self).__name__)
        return {"effect": self.operation, "rule": rule, "points": entry.points, "entry": entry.id}

    def _award_within_caps(self, ctx, write, kind, record_id, rule, quantity, reason, extra):
        from ..points.errors import CapExceeded
        from .records import append_history
        account = ctx.services.account(kind, record_id)
        full = ctx.services.ledger.catalogue.resolve(rule, account.community).points_for(quantity)
        try:
            entry = write(account, rule, quantity=quantity, reason=reason,
                          source=f"{ctx.record.slug}:{ctx.record.id}", actor=ctx.actor.username,
                          key=ctx.key, within_caps=True, **extra)
        except CapExceeded as exc:
            entry, note = None, f"已达积分上限，本次未记分。{exc}"
        else:
            note = (f"积分规则有上限，本次按剩余额度记 {entry.points} 分（应记 {full} 分）。"
                    if entry.points < full else "")
        if note:
            append_history(ctx.store, ctx.record, "note", ctx.actor, comment=note)
        points = entry.points if entry is not None else 0
        if self.points_output:
            keep(ctx, {self.points_output: abs(points)}, type(self).__name__)
        return {"effect": self.operation, "rule": rule, "points": points,
                "entry": entry.id if entry is not None else None}


@dataclass
class DeductPoints(AwardPoints):
    """Deduct points (扣分) by a deduction rule, e.g. a 居民楼道公约 violation; rules that require
    evidence get it from `evidence_field`. The balance never goes below zero (the ledger refuses)."""

    operation = "deduct"


@dataclass
class AwardEach(Effect):
    """Award points by rule to every account in a list field (rows with "account": "kind:id",
    such as a commendation's shortlist); with the rule field left empty, nothing is awarded
    (optional bonus points)."""

    list_field: str
    rule: str = ""
    rule_field: str = ""
    reason: str = "{title}"

    def apply(self, ctx):
        rule = self.rule or (getattr(ctx.workflow, self.rule_field) if self.rule_field else "")
        entries = []
        for row in (getattr(ctx.workflow, self.list_field) or []) if rule else []:
            kind, _, record_id = row["account"].partition(":")
            entry = ctx.services.ledger.award(
                ctx.services.account(kind, int(record_id) if record_id.isdigit() else record_id),
                rule, reason=self.reason.format_map(reason_fields(ctx)),
                source=f"{ctx.record.slug}:{ctx.record.id}", actor=ctx.actor.username,
                key=f"{ctx.key}:{row['account']}")
            entries.append({"account": row["account"], "entry": entry.id, "points": entry.points})
        return {"effect": "award_each", "rule": rule, "entries": entries}


@dataclass
class ReversePoints(Effect):
    """Reverse (冲正) every entry this record's earlier effects wrote and that still stands (an
    appeal upheld, an award withdrawn), newest first. The originals stay; the ledger adds
    opposite entries, each original reversed at most once."""

    reason: str = "{title}：冲正"

    def apply(self, ctx):
        ledger = ctx.services.ledger
        reason = self.reason.format_map(reason_fields(ctx))
        reversed_ = []
        # Newest first, like an undo: a deduction given back before an award is taken back.
        for step in reversed(ctx.record.doc.get("effects") or []):
            for done in reversed(step["done"]):
                for entry_id in reversed(_entries_written(done)):
                    if ledger.reversal_of(entry_id) is not None:
                        continue
                    entry = ledger.reverse(entry_id, reason=reason, actor=ctx.actor.username,
                                           key=f"{ctx.key}:{entry_id}",
                                           source=f"{ctx.record.slug}:{ctx.record.id}")
                    reversed_.append({"entry": entry_id, "reversal": entry.id,
                                      "points": entry.points})
        return {"effect": "reverse", "entries": reversed_}


def _entries_written(done) -> list:
    """Ledger entry ids an effect's summary says it wrote."""
    if not done:
        return []
    if done.get("effect") in ("award", "deduct"):
        return [done["entry"]] if done.get("entry") is not None else []
    if done.get("effect") == "award_each":
        return [item["entry"] for item in done["entries"]]
    return []


@dataclass
class Compute(Effect):
    """Work out values from a method of the workflow, `method(services)` returning
    {name: value} (a frozen list, a hash, a draw): the general escape hatch for a value that
    is computed, not typed. Names of declared Outputs are kept in the record's outputs; a
    field's name fills that field (a story text defaulting to the deed)."""

    method: str

    def apply(self, ctx):
        values = getattr(ctx.workflow, self.method)(ctx.services)
        keep(ctx, values, self.method)
        return {"effect": "compute", "method": self.method, "fields": sorted(values)}


def keep(ctx, values: dict, by: str):
    """Put what an effect worked out on the record: outputs among its outputs, field values
    among its values; any other name is a mistake in the declaration."""
    cls = type(ctx.workflow)
    outputs = outputs_of(cls)
    unknown = set(values) - set(outputs) - (set(cls.param) - {"name"})
    if unknown:
        raise TypeError(f"{by} returned unknown fields {sorted(unknown)}")
    for name, value in values.items():
        (ctx.record.outputs if name in outputs else ctx.record.values)[name] = value


@dataclass
class Publish(Effect):
    """Publish the record on a board (光荣榜, 美德信用故事…): a frozen entry the printers read,
    with a title, a text, the person and, optionally, a photo (a file name from `photo_field`)."""

    board: str
    title_field: str = ""
    text_field: str = ""
    person_field: str = ""
    photo_field: str = ""

    def apply(self, ctx):
        values = ctx.record.values
        person = values.get(self.person_field) if self.person_field else None
        kind = type(ctx.workflow).param[self.person_field].kind if person is not None else None
        entry = {"board": self.board, "slug": ctx.record.slug, "record": ctx.record.id,
                 "title": values.get(self.title_field, "") if self.title_field else "",
                 "text": values.get(self.text_field, "") if self.text_field else "",
                 "photo": values.get(self.photo_field, "") if self.photo_field else "",
                 "person": person, "person_kind": kind,
                 "person_name": ctx.services.describe(kind, person) if person is not None else "",
                 "scope": ctx.record.scope, "at": clock.now().isoformat(), "key": ctx.key}
        board_id = ctx.store.table("boards").insert(entry)
        return {"effect": "publish", "board": self.board, "entry": board_id}


@dataclass
class IssueDocument(Effect):
    """Freeze the data of a printed document (公示 notice, certificate) as it is at this moment;
    printing renders the frozen copy, so a notice never changes after it was posted.

    The effect also declares the document kind (kernel.documents.document_kind): its Chinese
    name, what the paper says if not that, its paper and its masking; left blank, the names the
    kernel knew the workflows' documents by, A4, and public masking.
    """

    kind: str
    final: bool = True
    title: str = ""                         # 荣誉证书
    heading: str = ""                       # what the printed page says, if not the title
    size: str = ""                          # A4, A4-landscape, A3-landscape…
    masking: Optional[MaskProfile] = None   # masking.PUBLIC unless given
    public: bool = True                     # posted or handed out beyond the person concerned
    sample: Optional[dict] = None           # values a preview adds to the workflow's sample
                                            # (what its computed fields hold by then)

    def apply(self, ctx):
        values, outputs = dict(ctx.record.values), dict(ctx.record.outputs)
        names = {}
        for parameter in type(ctx.workflow).declaration().fields:
            kind = getattr(parameter, "kind", None)
            if kind and values.get(parameter.name) is not None:
                names[parameter.name] = ctx.services.describe(kind, values[parameter.name])
        document = {"slug": ctx.record.slug, "record": ctx.record.id, "kind": self.kind,
                    "values": values, "outputs": outputs, "names": names,
                    "scope": ctx.record.scope, "due": ctx.record.due, "final": self.final,
                    "issued_at": clock.now().isoformat(), "key": ctx.key}
        document_id = ctx.store.table("documents").insert(document)
        return {"effect": "document", "kind": self.kind, "entry": document_id}


@dataclass
class SetValue(Effect):
    """Set an output (an outcome, a status) or a field of the record on entering the state."""

    field: str
    value: object

    def apply(self, ctx):
        keep(ctx, {self.field: self.value}, type(self).__name__)
        return {"effect": "set", "field": self.field, "value": self.value}
