"""The runner: start records, apply transitions (with signatures, guards, effects, history), tick."""

import datetime as dt
import difflib
import logging
import threading

import store

from .. import clock
from ..errors import MeideError, OutOfScope
from . import catalog, feasibility, migrations, records
from .effects import EffectContext
from .errors import (FieldError, PermissionDenied, RecordChanged, RecordNotFound, TransitionError,
                     WorkflowError)
from .fields import (carry_outputs, check_choices, check_references, clean, form_fields,
                     from_json, is_empty, remark)
from .permissions import SYSTEM, may_take
from .refusals import audit_refusals
from .services import Services
from .workflow import scope_fields


log = logging.getLogger(__name__)
# How a change without a step label reads in RecordChanged's message.
_HISTORY_WORDS = {"start": "登记", "sign": "会签", "object": "提出异议", "decide": "处理异议",
                  "edit": "修改内容"}


def objection_consequences(cls, state_name: str) -> list:
    """The steps an upheld objection to a record in that state may lead to ([] when the state
    takes no objections)."""
    state = cls.declaration().states.get(state_name)
    if state is None or state.timed is None:
        return []
    return [cls.declaration().transitions[name] for name in state.timed.on_objection]


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

    def sequence(self, slug: str, record_id) -> int:
        """How many changes record_id has had (0 if gone): what an open page compares with the
        number it was drawn at, to show another session's change. Reveals nothing else."""
        doc = self.store.table(records.table_name(slug)).get(doc_id=int(record_id))
        return (doc or {}).get("seq", 0)

    def history(self, slug: str, record_id, actor) -> list:
        self.get(slug, record_id, actor)
        return records.history(self.store, slug, int(record_id))

    def actions(self, record: records.Record, actor, *, guards: bool = False) -> list:
        """The transitions actor may take on record now (what the record page shows); with
        guards, also leaving out those whose guard refuses (what the page says why instead).
        What an upheld objection leads to is taken by deciding the objection, not offered."""
        cls = self.workflow(record.slug)
        declaration = cls.declaration()
        if record.state not in declaration.states:
            return []
        decided = {step.name for step in objection_consequences(cls, record.state)}
        return [t for t in declaration.transitions.values()
                if record.state in t.source and t.name not in decided
                and may_take(actor, t, record) is None
                and not (guards and self._settled(t, record) and self.guard_refusal(t, record))]

    def unavailable(self, record: records.Record, actor) -> list:
        """(transition, why not) for each step of the record's state actor may not take now
        (another role's, their own submission, already signed, a quorum met, its guard's
        reason): what the record page says beside what they may do. Steps the system takes by
        itself are left out."""
        cls = self.workflow(record.slug)
        decided = {step.name for step in objection_consequences(cls, record.state)}
        steps = (t for t in cls.declaration().transitions.values()
                 if record.state in t.source and not t.system and t.name not in decided)
        return [(t, reason) for t in steps
                if (reason := may_take(actor, t, record)
                    or (self._settled(t, record) and self.guard_refusal(t, record)))]

    def shortfalls(self, record: records.Record) -> list:
        """What the staff the record's place has lack to take each step of its state (a 会签
        with fewer possible signers than it needs): said on the record page, not discovered."""
        staff = self.services.staff()
        if staff is None:
            return []
        declaration = self.workflow(record.slug).declaration()
        return [missing for t in declaration.transitions.values() if record.state in t.source
                and (missing := feasibility.shortfall(t, record, staff))]

    def _settled(self, step, record) -> bool:
        """Whether nothing typed beside step's button (its inputs, the state's editable fields)
        could change what its guard says: then a refusing guard hides the button."""
        state = self.workflow(record.slug).declaration().states[record.state]
        return not step.inputs and not state.editable

    def guard_refusal(self, step, record: records.Record) -> str:
        """Why step's guard refuses on record now ("" when it passes or there is none)."""
        if step.guard is None:
            return ""
        cls = self.workflow(record.slug)
        result = getattr(self.instance(record), step.guard)(self.services)
        if isinstance(result, str):         # a guard may say exactly why not ("" passes)
            return f"不能“{step.label}”：{result}" if result else ""
        if result:
            return ""
        reason = (getattr(cls, step.guard).__doc__ or "").strip() or "条件不满足"
        return f"不能“{step.label}”：{reason}"

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
              changes: dict = None, key: str = None, seen: int = None) -> records.Record:
        """Take a transition (or sign it, when it needs several signers); all or nothing.

        seen is the record's sequence number the person's page showed: when someone else
        changed the record since, nothing is done and RecordChanged says who and what."""
        cls = self.workflow(slug)
        declaration = cls.declaration()
        with self.store.transaction():
            record = self.get(slug, record_id, actor)
            if key is not None and records.seen_key(self.store, key) is not None:
                return record           # a double click or a retry: the first one counted
            self._check_seen(cls, record, seen)
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
            comment = remark("意见", comment)
            if step.comment_required and not comment:
                raise TransitionError(f"“{step.label}”需要填写意见或理由")
            allowed = {*step.inputs, *declaration.states[record.state].editable}
            edited = self._change_values(cls, record, changes or {}, allowed)
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
    def edit(self, slug: str, record_id, actor, changes: dict, *, key: str = None,
             seen: int = None) -> records.Record:
        """Change fields the record's state declares editable (its starter, or someone who may
        act on it there); kept in the history under that person."""
        cls = self.workflow(slug)
        with self.store.transaction():
            record = self.get(slug, record_id, actor)
            if key is not None and records.seen_key(self.store, key) is not None:
                return record
            self._check_seen(cls, record, seen)
            if not self.may_edit(record, actor):
                raise PermissionDenied("您不能修改这条记录：只有发起人或此时可以办理它的人员可以修改")
            state = cls.declaration().states[record.state]
            edited = self._change_values(cls, record, changes, set(state.editable))
            if edited:
                records.append_history(self.store, record, "edit", actor, key=key,
                                       changes=edited)
                records.save(self.store, record)
            return record

    def may_edit(self, record: records.Record, actor) -> bool:
        """Whether actor may change the fields the record's state leaves editable."""
        declaration = self.workflow(record.slug).declaration()
        state = declaration.states.get(record.state)
        if state is None or not state.editable:
            return False
        return record.created_by == actor.username or any(
            may_take(actor, t, record) is None for t in declaration.transitions.values()
            if record.state in t.source and not t.system)

    @audit_refusals
    def object(self, slug: str, record_id, actor, reason: str, *, key: str = None,
               seen: int = None):
        """Record an objection to a record under public notice (公示)."""
        with self.store.transaction():
            record = self.get(slug, record_id, actor)
            if key is not None and records.seen_key(self.store, key) is not None:
                return record
            self._check_seen(self.workflow(slug), record, seen)
            state = self.workflow(slug).declaration().states.get(record.state)
            if not objection_consequences(self.workflow(slug), record.state):
                raise TransitionError("只有公示期间的记录可以提出异议")
            reason = remark("异议", reason)
            if not reason:
                raise TransitionError("请写明异议的内容和理由")
            objection = {"id": len(record.objections) + 1, "by": actor.username,
                         "by_name": actor.name, "at": clock.now().isoformat(),
                         "reason": reason, "status": "open"}
            record.doc.setdefault("objections", []).append(objection)
            records.append_history(self.store, record, "object", actor, key=key,
                                   objection=objection["id"], comment=objection["reason"])
            records.save(self.store, record)
            return record

    @audit_refusals
    def decide(self, slug: str, record_id, objection_id: int, actor, *, upheld: bool,
               comment: str = "", consequence: str = None, key: str = None,
               seen: int = None):
        """Decide an objection: dismissed keeps the notice running; upheld takes the chosen
        consequence (one of the state's on_objection steps; the only one if there is one)."""
        cls = self.workflow(slug)
        with self.store.transaction():
            record = self.get(slug, record_id, actor)
            if key is not None and records.seen_key(self.store, key) is not None:
                return record
            self._check_seen(cls, record, seen)
            objection = next((o for o in record.objections if o["id"] == objection_id), None)
            if objection is None or objection["status"] != "open":
                raise TransitionError("这条异议不存在或已处理")
            choices = objection_consequences(cls, record.state)
            roles = {role for step in choices for role in step.roles}
            if not actor.roles & roles:
                raise PermissionDenied(f"处理异议需要以下角色之一：{'、'.join(sorted(roles))}")
            comment = remark("处理意见", comment)
            if not comment:
                raise TransitionError("请填写处理意见")
            back = None
            if upheld:
                named = {step.name: step for step in choices}
                if consequence is None and len(choices) == 1:
                    consequence = choices[0].name
                back = named.get(consequence)
                if back is None:
                    raise TransitionError("请选择异议成立后如何处理："
                                          + "或".join(f"“{step.label}”" for step in choices))
                if not actor.roles & set(back.roles):
                    raise PermissionDenied(f"“{back.label}”需要以下角色之一：{'、'.join(back.roles)}")
            objection.update(status="upheld" if upheld else "dismissed", decided_by=actor.username,
                             decided_at=clock.now().isoformat(), decision=comment,
                             **({"consequence": back.name} if back else {}))
            entry = records.append_history(self.store, record, "decide", actor, key=key,
                                           objection=objection_id, upheld=upheld,
                                           comment=comment,
                                           **({"label": back.label} if back else {}))
            if back is not None:
                self._fire(record, back, actor, comment=comment, changes={},
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
        """Where a new record belongs: its first filled scope field's place. A community or grid
        left blank is the starter's own, and is filled in (the list it ranks or draws from is
        theirs, not the whole subdistrict's)."""
        fields = scope_fields(cls)
        for field in fields:
            if values.get(field) is not None:
                return self.services.scope_of(cls.param[field].kind, values[field])
        own = {"community": actor.community, "grid": actor.grid}
        for field in fields:
            mine = own.get(cls.param[field].kind)
            if mine is not None:
                values[field] = mine
                return self.services.scope_of(cls.param[field].kind, mine) or actor.scope.as_fields()
        return actor.scope.as_fields()

    def _change_values(self, cls, record, changes: dict, allowed: set) -> dict:
        """Check changes (only the allowed fields) against the declaration, apply them to the
        record in memory and return those that differ from what it held."""
        if not changes:
            return {}
        refused = {name: f"“{cls.param[name].label if name in cls.param else name}”此时不能修改"
                   for name in changes if name not in allowed}
        if refused:
            raise FieldError(refused)
        # Values no longer declared are kept, but not re-checked.
        typed = {p.name for p in cls.declaration().fields}
        edited = clean(cls, {**{k: v for k, v in record.values.items() if k in typed}, **changes})
        edited = {k: v for k, v in edited.items() if record.values.get(k) != v}
        check_choices(cls, edited, self.services, (record.scope or {}).get("community"))
        record.values.update(edited)
        record.doc["names"] = self._names(cls, record.values)
        return edited

    def _check_seen(self, cls, record, seen):
        """Refuse to act on a record changed since the page the person acted from showed it:
        two staff clicking at once get one effect and one clear message, never two effects."""
        if seen is None or record.doc.get("seq", 0) == seen:
            return
        last = records.history(self.store, record.slug, record.id)[-1]
        state = cls.declaration().states.get(record.state)
        raise RecordChanged(
            f"这条记录在您打开之后已被{last.get('actor_name') or last['actor']}办理"
            f"（{last.get('label') or _HISTORY_WORDS.get(last['action'], '修改')}），"
            f"现为“{state.label if state else record.state}”；请查看最新内容后再操作")

    def _check_guard(self, cls, step, record):
        refusal = self.guard_refusal(step, record)
        if refusal:
            raise TransitionError(refusal)

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
