"""The Workflow base class: a param.Parameterized whose subclasses declare and register themselves."""

import string
from typing import ClassVar

import param

from . import catalog
from .declaration import Declaration, State, Transition
from .errors import DeclarationError
from .fields import expand_fields, form_fields, outputs_of
from .vocabulary import unknown_role, unknown_rule


class WorkflowMeta(param.parameterized.ParameterizedMetaclass):
    """Checks each declaration when its class is created and registers it under its slug."""

    def __new__(mcs, name, bases, namespace):
        return super().__new__(mcs, name, bases, expand_fields(namespace))

    def __init__(cls, name, bases, namespace):
        namespace = expand_fields(namespace)
        super().__init__(name, bases, namespace)
        if "slug" in namespace:
            cls._declaration = check_declaration(cls)
            catalog.register(cls)


class Workflow(param.Parameterized, metaclass=WorkflowMeta):
    """Subclass with a `slug`, Parameters (the form) and states/transitions (the process).

    Parameters are the form fields: each needs `doc` and a Chinese `label`. Configuration lives in
    the ClassVars below; a record's values live in the Parameters of an instance. `sample` holds
    example values (the completeness test renders every document of the workflow with them).
    """

    slug: ClassVar[str]
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    version: ClassVar[int] = 1
    states: ClassVar[list] = []
    transitions: ClassVar[list] = []
    initial: ClassVar[str] = ""
    start_roles: ClassVar[tuple] = ()
    required: ClassVar[tuple] = ()
    effects: ClassVar[dict] = {}
    scope_field: ClassVar[str] = ""
    title_field: ClassVar[str] = ""
    # String fields the generated form shows as a multi-line box (a story, a description).
    long_text: ClassVar[tuple] = ()
    sample: ClassVar[dict] = {}
    # One-off changes stored records need after the declaration changed (meide.kernel.migrations),
    # e.g. MoveRecords from a workflow that was split; run once per data folder.
    migrations: ClassVar[tuple] = ()

    @classmethod
    def declaration(cls) -> Declaration:
        return cls._declaration

    def summary(self) -> str:
        """One line naming the record in lists and inboxes."""
        field = self.title_field or (form_fields(type(self))[0].name if form_fields(type(self)) else "")
        return str(getattr(self, field, "") or "") if field else self.title


# Names a field may not take: the configuration ClassVars and methods every workflow has.
_RESERVED = {name for name in vars(Workflow) if not name.startswith("_")} | {"param"}


def check_declaration(cls) -> Declaration:
    """Validate cls's declaration; raise DeclarationError saying what to fix."""
    where = f"{cls.__module__}.{cls.__qualname__}"

    def fail(message):
        raise DeclarationError(f"{where}: {message}")

    slug = cls.slug
    if not isinstance(slug, str) or not slug.isidentifier() or slug != slug.lower():
        fail(f"slug {slug!r} must be a lowercase Python identifier such as 'good_deed'")
    module_tail = cls.__module__.rpartition(".")[2]
    if cls.__module__.startswith("workflows.") and module_tail != slug:
        fail(f"slug {slug!r} must match its module name {module_tail!r} (workflows/{slug}.py)")
    if not cls.title:
        fail("give the workflow a title, e.g. title = '好人好事'")
    states = {}
    for state in cls.states:
        if not isinstance(state, State):
            fail(f"states must be State(...) values, got {state!r}")
        if state.name in states:
            fail(f"state {state.name!r} is declared twice")
        states[state.name] = state
    if not states:
        fail("declare at least one state")
    for role in cls.start_roles:
        if unknown_role(role):
            fail(f"start_roles: {unknown_role(role)}")
    initial = cls.initial or next(iter(states))
    if initial not in states:
        fail(f"initial state {initial!r} is not among the states {sorted(states)}")
    transitions = {}
    for transition in cls.transitions:
        _check_transition(cls, transition, states, transitions, fail)
        transitions[transition.name] = transition
    for state in states.values():
        if state.timed is not None:
            _check_timed(state, transitions, fail)
            if state.timed.until and not callable(getattr(cls, state.timed.until, None)):
                fail(f"timed state {state.name!r}: until={state.timed.until!r} is not a method")
    for state_name, effects in cls.effects.items():
        if state_name not in states:
            fail(f"effects are declared for unknown state {state_name!r}")
        for effect in effects:
            _check_effect(cls, effect, fail)
    fields = form_fields(cls)
    outputs = outputs_of(cls)
    for name, output in outputs.items():
        if name in _RESERVED or name in cls.param:
            fail(f"output {name!r} would hide a field or the workflow's own {name!r}; rename it")
        if not output.doc or not output.label:
            fail(f"output {name!r} needs a Chinese label and a doc: Output('标签', '说明。')")
    for parameter in fields:
        if parameter.name in _RESERVED:
            fail(f"field {parameter.name!r} would hide the workflow's own {parameter.name!r}; "
                 "rename the field")
        if not parameter.doc:
            fail(f"field {parameter.name!r} needs doc='…' explaining what to enter")
        if parameter._label is None:
            fail(f"field {parameter.name!r} needs a Chinese label='…'")
        options = getattr(parameter, "options", "")      # a Choice's method offering names
        if options and not callable(getattr(cls, options, None)):
            fail(f"field {parameter.name!r}: options={parameter.options!r} is not a classmethod")
    names = {p.name for p in fields}
    for field in (*cls.required, *(f for f in (cls.scope_field, cls.title_field) if f)):
        if field not in names:
            fail(f"{field!r} is named in required/scope_field/title_field but is not a field")
    for field in cls.long_text:
        if not isinstance(cls.param[field] if field in names else None, param.String):
            fail(f"long_text names {field!r}, which is not a String field")
    return Declaration(states=states, transitions=transitions, initial=initial, fields=fields,
                       outputs=outputs)


def _check_transition(cls, transition, states, seen, fail):
    if not isinstance(transition, Transition):
        fail(f"transitions must be Transition(...) values, got {transition!r}")
    if transition.name in seen:
        fail(f"transition {transition.name!r} is declared twice")
    for source in transition.source:
        if source not in states:
            fail(f"transition {transition.name!r} starts from unknown state {source!r}")
        if states[source].final:
            fail(f"transition {transition.name!r} leaves final state {source!r}")
    if transition.target not in states:
        fail(f"transition {transition.name!r} goes to unknown state {transition.target!r}")
    if not transition.roles and not transition.system:
        fail(f"transition {transition.name!r} needs roles=(...) saying who may take it")
    for role in transition.roles:
        if unknown_role(role):
            fail(f"transition {transition.name!r}: {unknown_role(role)}")
    if transition.guard is not None and not callable(getattr(cls, transition.guard, None)):
        fail(f"guard {transition.guard!r} of {transition.name!r} is not a method of the class")
    quorum = transition.quorum
    if quorum is not None:
        if quorum.per_role and not set(quorum.per_role) <= set(transition.roles):
            fail(f"quorum of {transition.name!r} names roles that may not take it")
        if not quorum.per_role and quorum.count < 1:
            fail(f"quorum of {transition.name!r} needs count >= 1")


def _check_effect(cls, effect, fail):
    """Field names an effect refers to must exist, so a typo fails here, not at approval time."""
    fields = (set(cls.param) - {"name"}) | set(outputs_of(cls))
    named = [getattr(effect, attribute) for attribute in
             ("field", "account_field", "rule_field", "quantity_field", "title_field", "text_field",
              "person_field", "evidence_field", "list_field", "photo_field") if getattr(effect, attribute, "")]
    for field in named:
        if field not in fields:
            fail(f"{type(effect).__name__} names {field!r}, which is not a field")
    # A fixed rule, or the rules a selector field offers (违反条款, 积分规则), must be declared.
    chooser = cls.param[effect.rule_field] if getattr(effect, "rule_field", "") in cls.param \
        else None
    offered = list(chooser.objects) if isinstance(chooser, param.Selector) else []
    for rule in (getattr(effect, "rule", ""), *offered):
        if rule and unknown_rule(rule):
            fail(f"{type(effect).__name__}: {unknown_rule(rule)}")
    method = getattr(effect, "method", "")
    if method and not callable(getattr(cls, method, None)):
        fail(f"{type(effect).__name__} names {method!r}, which is not a method of the class")
    reason = getattr(effect, "reason", "")
    for _, placeholder, _, _ in string.Formatter().parse(reason or ""):
        if placeholder and placeholder != "title" and placeholder not in fields:
            fail(f"the reason {reason!r} names {{{placeholder}}}, which is not a field")


def _check_timed(state, transitions, fail):
    timed = state.timed
    then = transitions.get(timed.then)
    if then is None or state.name not in then.source or not then.system:
        fail(f"timed state {state.name!r} must name a system transition leaving it as then=")
    if timed.on_objection is not None:
        back = transitions.get(timed.on_objection)
        if back is None or state.name not in back.source:
            fail(f"timed state {state.name!r}: on_objection must name a transition leaving it")
    if timed.days < 0:
        fail(f"timed state {state.name!r} needs days >= 0")
