"""The vocabulary of a workflow declaration: states, transitions, quorums and timed stages."""

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Timed:
    """A stage that advances by itself: after `days` the `then` transition fires, unless an
    objection is upheld, which fires one of `on_objection` instead: the consequence the person
    upholding it chooses (back to review, or back to the submitter for revision)."""

    days: int
    then: str
    on_objection: tuple = ()
    # Or a method of the workflow, method(services) -> the datetime the stage ends, for a stage
    # whose length the record decides (a plaque's re-review date); `days` is then not used.
    until: Optional[str] = None
    # What the stage is called where its end is shown (the record page, the history): a 公示
    # by default; a deduction's stage is the resident's 申诉期, not a public notice.
    label: str = "公示期"
    # What the record page calls the moment the stage ends (复评日期, 申诉期至); a 公示 period's
    # end when not said.
    ends: str = ""

    def __post_init__(self):
        if isinstance(self.on_objection, str):
            object.__setattr__(self, "on_objection", (self.on_objection,))
        object.__setattr__(self, "on_objection", tuple(self.on_objection or ()))


@dataclass(frozen=True)
class State:
    """A state a record can be in; `final` states offer no transitions, `timed` ones expire.

    `editable` names the fields that may still be changed while a record is here (a draft's
    prizes, a returned report's details), by its starter or anyone who may act on it here:
    the record page offers them, and they are read-only in every other state."""

    name: str
    label: str
    final: bool = False
    timed: Optional[Timed] = None
    editable: tuple = ()

    def __post_init__(self):
        if isinstance(self.editable, str):
            object.__setattr__(self, "editable", (self.editable,))


@dataclass(frozen=True)
class Quorum:
    """Signatures needed before a transition fires (会签): `count` distinct signers holding any of
    the transition's roles, or, with `per_role`, one signer for each role listed."""

    count: int = 1
    per_role: tuple = ()

    def needed(self, roles) -> int:
        return len(self.per_role) if self.per_role else self.count


@dataclass(frozen=True)
class Transition:
    """A move from one or more source states to a target, taken by people holding `roles`.

    `approves` marks a decision on someone's submission: its creator may not take it unless
    `allow_self` is set. `guard` names a method of the workflow taking the services and
    returning bool (its docstring is the message when it fails) or a str (the reason it fails;
    "" passes). `system` transitions are only fired by timers. `inputs` names the fields the
    person taking the transition fills in beside its button (an appeal's reason, a draw's seed):
    each must hold a value before it is taken; they are kept in the history under that person.
    """

    name: str
    label: str
    source: tuple
    target: str
    roles: tuple = ()
    guard: Optional[str] = None
    approves: bool = False
    allow_self: bool = False
    comment_required: bool = False
    quorum: Optional[Quorum] = None
    system: bool = False
    style: str = "primary"
    inputs: tuple = ()

    def __post_init__(self):
        # Accept a single source state, role or input written as a plain string.
        for name in ("source", "roles", "inputs"):
            if isinstance(getattr(self, name), str):
                object.__setattr__(self, name, (getattr(self, name),))


@dataclass
class Declaration:
    """A workflow class's declaration, checked and indexed once (see Workflow.declaration())."""

    states: dict = field(default_factory=dict)
    transitions: dict = field(default_factory=dict)
    initial: str = ""
    fields: list = field(default_factory=list)
    outputs: dict = field(default_factory=dict)
