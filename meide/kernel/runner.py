"""The runner: start records, apply transitions (with signatures, guards, effects, history), tick."""

import datetime as dt
import difflib
import logging
import threading

import store

from .. import clock
from ..errors import MeideError, OutOfScope
from . import catalog, migrations, records
from .effects import EffectContext
from .errors import FieldError, PermissionDenied, RecordNotFound, TransitionError, WorkflowError
from .fields import (carry_outputs, check_choices, check_references, clean, form_fields,
                     from_json, is_empty)
from .permissions import SYSTEM, may_take
from .refusals import audit_refusals
from .services import Services


log = logging.getLogger(__name__)


class Runner:
    """Every state change of every workflow record goes through this class's methods."""

    def __init__(self, opened_store, services: Services = None):
        self.store = opened_store
        self.services = services or Services()
        self._prepared = set()
        self._migrated = set()
        self._migrating = threading.Lock()
        self.tick_failures = []

    # -- reading -------------------------------------------------------------------------------

    def workflow(self, slug: str):
        cls = catalog.get(slug)
        if slug not in self._prepared:
            self._migrate()
            records.prepare(self.store, slug)
            self.store.add_index(records.TIMERS_TABLE, "ref")
            self._prepared.add(slug)
        return cls

    def _migrate(self):
        """Bring stored records up to the declarations before any is read: a migration may
        move records from one workflow to another, so every workflow's run together."""
        with self._migrating:
            waiting = [cls for cls in catalog.all_workflows() if cls.slug not in self._migrated]
            if waiting:
                migrations.migrate(self.store, waiting)
                self._migrated.update(cls.slug for cls in waiting)

    @audit_refusals
    def get(self, slug: str, record_id, actor) -> records.Record:
        """The record, if it exists and lies within the actor's scope (else RecordNotFound)."""
        self.workflow(slug)
        record = records.load(self.store, slug, record_id)
        if record is None or not actor.covers(record.scope):
            # Out of scope reads as not found (existence elsewhere is not revealed), but audited.
            refusal = RecordNotFound if record is None else OutOfScope
            raise refusal(f"找不到{catalog.get(slug).title}记录 {record_id}，"
                          "它可能已删除或不在您的管辖范围内")
        return record

    def instance(self, record: records.Record):
        """The Workflow instance carrying a record's values and outputs; fields no longer
        declared are kept in the record but not passed in."""
        cls = self.workflow(record.slug)
        known = {name: p for name, p in cls.param.objects("existing").items() if name != "name"}
        # A None kept before empty numbers took their default is read as that default.
        values = {name: from_json(known[name], value)
                  for name, value in record.values.items()
                  if name in known and (value is not None or known[name].allow_None)}
        return carry_outputs(cls(**values), record.doc.get("outputs"))

    def history(self, slug: str, record_id, actor) -> list:
        self.get(slug, record_id, actor)
        return records.history(self.store, slug, int(record_id))

    def actions(self, record: records.Record, actor) -> list:
        """The transitions actor may take on record now (what the record page shows)."""
        declaration = self.workflow(record.slug).declaration()
        if record.state not in declaration.states:
            return []
        return [t for t in declaration.transitions.values()
                if record.state in t.source and may_take(actor, t, record) is None]

    def unavailable(self, record: records.Record, actor) -> list:
        """(transition, why not) for each step of the record's state actor may not take now
        (another role's, their own submission, already signed, a quorum met): what the record
        page says beside what they may do. Steps the system takes by itself are left out."""
        declaration = self.workflow(record.slug).declaration()
        steps = (t for t in declaration.transitions.values()
                 if record.state in t.source and not t.system)
        return [(t, reason) for t in steps if (reason := may_take(actor, t, record))]

    def search(self, slug: str, actor, *, state: str = None, text: str = "",
                offset: int = 0, limit: int = 50):
        """(total, page) of the records in the actor's scope, newest first, filtered on the server."""
        self.workflow(slug)
        table = self.store.table(records.table_name(slug))
        docs = table.search(store.where("state") == state) if state else table.all()
        text = (text or "").strip()
        matching = [doc for doc in docs if actor.covers(doc.get("scope") or {})
                    and (not text or any(text in str(v) for v in (
                        *doc["values"].values(), *(doc.get("outputs") or {}).values(),
                        *doc.get("names", {}).values())))]
        matching.sort(key=lambda doc: doc.doc_id, reverse=True)
        page = matching[offset:offset + limit]
        return len(matching), [records.Record(slug, doc.doc_id, dict(doc)) for doc in page]

    def inbox(self, actor, limit: int = 200) -> list:
        """Records, across workflows, on which actor can act now, oldest first."""
        waiting = []
        for cls in catalog.all_workflows():
            declaration = self.workflow(cls.slug).declaration()
            states = {s for t in declaration.transitions.values() if not t.system
                      and actor.roles & set(t.roles) for s in t.source}
            table = self.store.table(records.table_name(cls.slug))
            for state in sorted(states):
                for doc in table.search(store.where("state") == state):
                    record = records.Record(cls.slug, doc.doc_id, dict(doc))
                    if actor.covers(record.scope) and self.actions(record, actor):
                        waiting.append(record)
        waiting.sort(key=lambda record: record.doc.get("updated_at", ""))
        return waiting[:limit]

    def orphans(self, slug: str) -> list:
        """Records whose state the current declaration no longer has (reported, never dropped)."""
        states = self.workflow(slug).declaration().states
        table = self.store.table(records.table_name(slug))
        return [records.Record(slug, doc.doc_id, dict(doc)) for doc in table
                if doc["state"] not in states]

    # -- changing ------------------------------------------------------------------------------

    @audit_refusals
    def start(self, slug: str, actor, values: dict, *, key: str = None) -> records.Record:
        """Create a record from form values in the initial state."""
        cls = self.workflow(slug)
        if actor.roles.isdisjoint(cls.start_roles) and cls.start_roles:
            raise PermissionDenied(f"发起“{cls.title}”需要以下角色之一：{'、'.join(cls.start_roles)}")
        with self.store.transaction():
            if key is not None:
                seen = records.seen_key(self.store, key)
                if seen is not None:
                    return records.load(self.store, slug, seen["record"])
            cleaned = clean(cls, values)
            check_references(cls, cleaned, self.services)
            scope = self._scope_for(cls, cleaned, actor)
            if not actor.covers(scope):
                raise PermissionDenied("这条记录不在您的管辖范围内，请联系所属社区办理")
            check_choices(cls, cleaned, self.services, scope.get("community"))
            now = clock.now().isoformat()
            doc = {"state": cls.declaration().initial, "values": cleaned, "scope": scope,
                   "names": self._names(cls, cleaned),
                   "version": cls.version, "created_by": actor.username, "created_at": now,
                   "updated_at": now, "seq": 0, "signatures": {}, "objections": [], "due": None}
            record_id = self.store.table(records.table_name(slug)).insert(doc)
            record = records.Record(slug, record_id, doc)
            entry = records.append_history(self.store, record, "start", actor, key=key,
                                           to=record.state, changes=cleaned)
            self._enter(record, actor, entry)
            records.save(self.store, record)
            return record

    @audit_refusals
    def apply(self, slug: str, record_id, transition: str, actor, *, comment: str = "",
              changes: dict = None, key: str = None) -> records.Record:
        """Take a transition (or sign it, when it needs several signers); all or nothing."""
        cls = self.workflow(slug)
        declaration = cls.declaration()
        with self.store.transaction():
            record = self.get(slug, record_id, actor)
            if key is not None and records.seen_key(self.store, key) is not None:
                return record           # a double click or a retry: the first one counted
            step = declaration.transitions.get(transition)
            if step is None:
                close = difflib.get_close_matches(transition, list(declaration.transitions))
                hint = f"，您是不是要“{close[0]}”" if close else ""
                raise TransitionError(f"“{cls.title}”没有“{transition}”这个操作{hint}")
            if record.state not in step.source:
                current = declaration.states.get(record.state)
                label = current.label if current else record.state
                raise TransitionError(f"记录当前为“{label}”，不能“{step.label}”；请刷新后再试")
            refusal = may_take(actor, step, record)
            if refusal:
                raise PermissionDenied(refusal)
            comment = (comment or "").strip()
            if step.comment_required and not comment:
                raise TransitionError(f"“{step.label}”需要填写意见或理由")
            edited = {}
            if changes:
                # Values no longer declared are kept, but not re-checked.
                typed = {p.name for p in declaration.fields}
                edited = clean(cls, {**{k: v for k, v in record.values.items() if k in typed},
                                     **changes})
                edited = {k: v for k, v in edited.items() if record.values.get(k) != v}
                check_choices(cls, edited, self.services, (record.scope or {}).get("community"))
                record.values.update(edited)
                record.doc["names"] = self._names(cls, record.values)
            missing = {name: f"请填写{cls.param[name].label}" for name in step.inputs
                       if is_empty(record.values.get(name))}
            if missing:
                raise FieldError(missing)
            self._check_guard(cls, step, record)
            if step.quorum is not None and not self._signed_enough(record, step, actor, comment):
                records.append_history(self.store, record, "sign", actor, key=key,
                                       transition=step.name, comment=comment, changes=edited)
                records.save(self.store, record)
                return record
            self._fire(record, step, actor, comment=comment, changes=edited, key=key)
            records.save(self.store, record)
            return record

    @audit_refusals
    def object(self, slug: str, record_id, actor, reason: str, *, key: str = None):
        """Record an objection to a record under public notice (公示)."""
        with self.store.transaction():
            record = self.get(slug, record_id, actor)
            if key is not None and records.seen_key(self.store, key) is not None:
                return record
            state = self.workflow(slug).declaration().states.get(record.state)
            if state is None or state.timed is None or state.timed.on_objection is None:
                raise TransitionError("只有公示期间的记录可以提出异议")
            if not (reason or "").strip():
                raise TransitionError("请写明异议的内容和理由")
            objection = {"id": len(record.objections) + 1, "by": actor.username,
                         "by_name": actor.name, "at": clock.now().isoformat(),
                         "reason": reason.strip(), "status": "open"}
            record.doc.setdefault("objections", []).append(objection)
            records.append_history(self.store, record, "object", actor, key=key,
                                   objection=objection["id"], comment=objection["reason"])
            records.save(self.store, record)
            return record

    @audit_refusals
    def decide(self, slug: str, record_id, objection_id: int, actor, *, upheld: bool,
               comment: str = "", key: str = None):
        """Decide an objection: upheld sends the record back (on_objection), dismissed keeps it."""
        cls = self.workflow(slug)
        with self.store.transaction():
            record = self.get(slug, record_id, actor)
            if key is not None and records.seen_key(self.store, key) is not None:
                return record
            objection = next((o for o in record.objections if o["id"] == objection_id), None)
            if objection is None or objection["status"] != "open":
                raise TransitionError("这条异议不存在或已处理")
            state = cls.declaration().states[record.state]
            back = cls.declaration().transitions[state.timed.on_objection]
            if not actor.roles & set(back.roles):
                raise PermissionDenied(f"处理异议需要以下角色之一：{'、'.join(back.roles)}")
            if not (comment or "").strip():
                raise TransitionError("请填写处理意见")
            objection.update(status="upheld" if upheld else "dismissed", decided_by=actor.username,
                             decided_at=clock.now().isoformat(), decision=comment.strip())
            entry = records.append_history(self.store, record, "decide", actor, key=key,
                                           objection=objection_id, upheld=upheld,
                                           comment=comment.strip())
            if upheld:
                self._fire(record, back, actor, comment=comment.strip(), changes={},
                           key=None, after=entry)
            records.save(self.store, record)
            return record

    def tick(self, now: dt.datetime = None, *, raise_errors: bool = False) -> list:
        """Fire every due timed transition once; records with undecided objections wait.

        A record that cannot advance (a points cap, say) stays due and is retried next time,
        without holding back the others; its reason is kept in self.tick_failures (or raised,
        with raise_errors, for notebooks and tests).
        """
        now = now or clock.now()
        fired, self.tick_failures = [], []
        for timer in records.due_timers(self.store, now):
            try:
                step = self._fire_timer(timer, now)
            except MeideError as exc:
                if raise_errors:
                    raise
                log.warning("due %s of %s:%s not applied: %s", timer["transition"],
                            timer["slug"], timer["record"], exc)
                self.tick_failures.append((timer["slug"], timer["record"], str(exc)))
                continue
            if step is not None:
                fired.append((timer["slug"], timer["record"], step))
        return fired

    def _fire_timer(self, timer, now):
        with self.store.transaction():
            if records.timer_gone(self.store, timer):
                return None                     # another tick got there first
            record = records.load(self.store, timer["slug"], timer["record"])
            if record is None or record.doc.get("entered") != timer["entered"]:
                records.drop_timer(self.store, timer)
                return None                     # the record moved on; the timer is stale
            if record.open_objections():
                return None
            declaration = self.workflow(record.slug).declaration()
            step = declaration.transitions[timer["transition"]]
            self._fire(record, step, SYSTEM, comment=_timer_comment(declaration, record.state),
                       changes={}, key=f"timer:{timer['timer_id']}")
            records.save(self.store, record)
            return step.name

    # -- internals -----------------------------------------------------------------------------

    def _names(self, cls, values) -> dict:
        """Display names of referenced registry records, kept so lists and search show people."""
        return {p.name: self.services.describe(p.kind, values[p.name])
                for p in form_fields(cls) if getattr(p, "kind", None)
                and values.get(p.name) is not None}

    def _scope_for(self, cls, values, actor) -> dict:
        if cls.scope_field and values.get(cls.scope_field) is not None:
            kind = cls.param[cls.scope_field].kind
            return self.services.scope_of(kind, values[cls.scope_field])
        return actor.scope.as_fields()

    def _check_guard(self, cls, step, record):
        if step.guard is None:
            return
        method = getattr(self.instance(record), step.guard)
        result = method(self.services)
        if isinstance(result, str):         # a guard may say exactly why not ("" passes)
            if result:
                raise TransitionError(f"不能“{step.label}”：{result}")
            return
        if not result:
            reason = (getattr(cls, step.guard).__doc__ or "").strip() or "条件不满足"
            raise TransitionError(f"不能“{step.label}”：{reason}")

    def _signed_enough(self, record, step, actor, comment) -> bool:
        signatures = record.doc.setdefault("signatures", {}).setdefault(step.name, [])
        quorum = step.quorum
        roles = [r for r in (quorum.per_role or step.roles) if r in actor.roles]
        if quorum.per_role:
            taken = {s["role"] for s in signatures}
            roles = [r for r in roles if r not in taken]
        signatures.append({"actor": actor.username, "name": actor.name, "role": roles[0],
                           "at": clock.now().isoformat(), "comment": comment})
        return len(signatures) >= quorum.needed(step.roles)

    def _fire(self, record, step, actor, *, comment, changes, key, after=None):
        before = record.state
        record.doc["state"] = step.target
        signed = record.doc.get("signatures", {}).get(step.name, [])
        record.doc["signatures"] = {}
        entry = records.append_history(
            self.store, record, "transition", actor, key=key, transition=step.name,
            label=step.label, **{"from": before, "to": step.target}, comment=comment,
            changes=changes, signers=[s["actor"] for s in signed])
        records.clear_timer(self.store, record)
        record.doc["due"] = None
        self._enter(record, actor, entry)

    def _enter(self, record, actor, entry):
        """Run the entered state's effects and start its timer, in the caller's transaction."""
        cls = self.workflow(record.slug)
        state = cls.declaration().states[record.state]
        record.doc["entered"] = entry["seq"]
        if state.timed is not None:
            due = getattr(self.instance(record), state.timed.until)(self.services) \
                if state.timed.until else clock.now() + dt.timedelta(days=state.timed.days)
            record.doc["due"] = {"at": due.isoformat(), "transition": state.timed.then}
            records.set_timer(self.store, record, due, state.timed.then)
        done = []
        for index, effect in enumerate(cls.effects.get(record.state, [])):
            context = EffectContext(self.store, self.services, self.instance(record), record,
                                    actor, key=f"{record.slug}:{record.id}:{entry['seq']}:{index}")
            try:
                done.append(effect.apply(context))
            except WorkflowError:
                raise
            except Exception as exc:
                # Effects talk to the ledger and boards; their errors (a points cap, say) are
                # already worded for staff, so pass the message on with the step it stopped.
                raise TransitionError(f"进入“{state.label}”时未能完成：{exc}") from exc
        if done:
            record.doc.setdefault("effects", []).append({"seq": entry["seq"], "done": done})


def _timer_comment(declaration, state: str) -> str:
    """What the history says when a timed stage ends by itself: 公示期满，无异议或异议不成立, or
    申诉期满 for a stage that takes no objections."""
    timed = declaration.states[state].timed
    return f"{timed.label}满" + ("，无异议或异议不成立" if timed.on_objection else "")
