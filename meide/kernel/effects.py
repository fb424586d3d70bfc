"""Effects: what happens when a record enters a state, inside the transition's store transaction.

Because an effect writes in the same transaction as the state change, a crash at any moment
leaves either both or neither; each effect also gets a stable idempotency key, so a retried
transition never awards twice.
"""

from dataclasses import dataclass
from typing import Optional

from .. import clock


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
    fields.update(ctx.record.doc.get("names") or {})
    fields["title"] = type(ctx.workflow).title
    return fields


class Effect:
    """Base class: subclasses implement apply(ctx) and return a short summary for the history."""

    def apply(self, ctx: EffectContext) -> Optional[dict]:
        raise TypeError(f"{type(self).__name__} must implement apply(ctx)")


@dataclass
class AwardPoints(Effect):
    """Award points by rule to the registry record in `account_field` (e.g. the nominee).

    The rule is fixed (`rule`) or read from a field (`rule_field`); the quantity (hours, for
    per-hour rules) likewise.
    """

    account_field: str
    rule: str = ""
    rule_field: str = ""
    quantity_field: str = ""
    reason: str = "{title}"

    def apply(self, ctx):
        workflow = ctx.workflow
        kind = type(workflow).param[self.account_field].kind
        record_id = getattr(workflow, self.account_field)
        rule = self.rule or getattr(workflow, self.rule_field)
        quantity = getattr(workflow, self.quantity_field) if self.quantity_field else 1
        reason = self.reason.format_map(reason_fields(ctx))
        entry = ctx.services.ledger.award(
            ctx.services.account(kind, record_id), rule, quantity=quantity, reason=reason,
            source=f"{ctx.record.slug}:{ctx.record.id}", actor=ctx.actor.username, key=ctx.key)
        return {"effect": "award", "rule": rule, "points": entry.points, "entry": entry.id}


@dataclass
class Publish(Effect):
    """Publish the record on a board (光荣榜, 美德信用故事…): a frozen entry the printers read."""

    board: str
    title_field: str = ""
    text_field: str = ""
    person_field: str = ""

    def apply(self, ctx):
        values = ctx.record.values
        person = values.get(self.person_field) if self.person_field else None
        kind = type(ctx.workflow).param[self.person_field].kind if person is not None else None
        entry = {"board": self.board, "slug": ctx.record.slug, "record": ctx.record.id,
                 "title": values.get(self.title_field, "") if self.title_field else "",
                 "text": values.get(self.text_field, "") if self.text_field else "",
                 "person": person, "person_kind": kind,
                 "person_name": ctx.services.describe(kind, person) if person is not None else "",
                 "scope": ctx.record.scope, "at": clock.now().isoformat(), "key": ctx.key}
        board_id = ctx.store.table("boards").insert(entry)
        return {"effect": "publish", "board": self.board, "entry": board_id}


@dataclass
class IssueDocument(Effect):
    """Freeze the data of a printed document (公示 notice, certificate) as it is at this moment;
    printing renders the frozen copy, so a notice never changes after it was posted."""

    kind: str
    final: bool = True

    def apply(self, ctx):
        values = dict(ctx.record.values)
        names = {}
        for parameter in type(ctx.workflow).declaration().fields:
            kind = getattr(parameter, "kind", None)
            if kind and values.get(parameter.name) is not None:
                names[parameter.name] = ctx.services.describe(kind, values[parameter.name])
        document = {"slug": ctx.record.slug, "record": ctx.record.id, "kind": self.kind,
                    "values": values, "names": names, "scope": ctx.record.scope,
                    "due": ctx.record.due, "final": self.final,
                    "issued_at": clock.now().isoformat(), "key": ctx.key}
        document_id = ctx.store.table("documents").insert(document)
        return {"effect": "document", "kind": self.kind, "entry": document_id}


@dataclass
class SetValue(Effect):
    """Set a field of the record itself (a rating, a status) on entering the state."""

    field: str
    value: object

    def apply(self, ctx):
        ctx.record.values[self.field] = self.value
        return {"effect": "set", "field": self.field, "value": self.value}
