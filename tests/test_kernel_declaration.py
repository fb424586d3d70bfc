"""Declarations are checked when the class is defined; the catalogue finds, suggests and refuses."""

import param
import pytest

from meide.kernel import (AwardEach, AwardPoints, DeclarationError, Quorum, State, Timed,
                          Transition, UnknownWorkflow, Workflow, catalog)


@pytest.fixture(autouse=True)
def forget_trials():
    before = {cls.slug for cls in catalog.all_workflows()}
    yield
    for cls in catalog.all_workflows():
        if cls.slug not in before:
            catalog.unregister(cls.slug)


def declare(**overrides):
    namespace = {
        "slug": "trial", "title": "试用", "start_roles": ("网格员",),
        "note": param.String(default="", doc="说明。", label="说明"),
        "states": [State("open", "待办"), State("done", "办结", final=True)],
        "transitions": [Transition("finish", "办结", "open", "done", roles=("社区管理员",))],
    }
    namespace.update(overrides)
    return type(Workflow)("Trial", (Workflow,), {"__module__": __name__, **namespace})


def test_a_valid_declaration_registers_under_its_slug():
    cls = declare()
    assert catalog.get("trial") is cls
    assert cls.declaration().initial == "open"


def test_unknown_slug_suggests_the_closest():
    declare()
    with pytest.raises(UnknownWorkflow, match="did you mean trial"):
        catalog.get("trail")


def test_a_second_class_may_not_take_a_slug():
    declare()
    with pytest.raises(DeclarationError, match="already used"):
        type(Workflow)("Other", (Workflow,), {"__module__": "elsewhere", "slug": "trial",
                                              "title": "x", "states": [State("a", "甲")]})


def test_redefining_the_same_class_replaces_it():
    first = declare()
    second = declare(title="试用二")
    assert first is not second and catalog.get("trial") is second


@pytest.mark.parametrize("overrides, message", [
    ({"slug": "Bad Slug"}, "lowercase Python identifier"),
    ({"title": ""}, "title"),
    ({"states": []}, "at least one state"),
    ({"initial": "nowhere"}, "initial state 'nowhere'"),
    ({"states": [State("open", "待办"), State("open", "重复")]}, "declared twice"),
    ({"transitions": [Transition("go", "走", "missing", "open", roles=("网格员",))]},
     "unknown state 'missing'"),
    ({"transitions": [Transition("go", "走", "open", "missing", roles=("网格员",))]},
     "unknown state 'missing'"),
    ({"transitions": [Transition("go", "走", "open", "done")]}, "needs roles"),
    ({"transitions": [Transition("go", "走", "done", "open", roles=("网格员",))]}, "final state"),
    ({"transitions": [Transition("go", "走", "open", "done", roles=("网格员",), guard="nope")]},
     "guard 'nope'"),
    ({"transitions": [Transition("go", "走", "open", "done", roles=("网格员",),
                                 quorum=Quorum(per_role=("y",)))]}, "quorum"),
    ({"states": [State("open", "待办", timed=Timed(days=7, then="finish")),
                 State("done", "办结", final=True)]}, "system transition"),
    ({"effects": {"nowhere": []}}, "unknown state 'nowhere'"),
    ({"note": param.String(default="", label="说明")}, "needs doc"),
    ({"note": param.String(default="", doc="说明。")}, "Chinese label"),
    ({"required": ("missing",)}, "not a field"),
    ({"start_roles": ("网格长",)}, "start_roles: role '网格长' is not a staff role \\(did you mean "
                                "'网格员'"),
    ({"transitions": [Transition("finish", "办结", "open", "done", roles=("社区管里员",))]},
     "transition 'finish': role '社区管里员' .*did you mean '社区管理员'"),
    ({"effects": {"done": [AwardEach(list_field="note", rule="ROLE_MODLE")]}},
     "AwardEach: rule 'ROLE_MODLE' is not in the rule catalogue \\(did you mean 'ROLE_MODEL'"),
    ({"effects": {"done": [AwardPoints(account_field="note", rule="GOOD_DEEDS")]}},
     "did you mean 'GOOD_DEED'"),
    ({"rule": param.Selector(default="GOOD_DEED", objects={"好人好事": "GOOD_DEED",
                                                         "邻里互助": "NEIGHBOR_HELP"},
                             doc="规则。", label="规则"),
      "effects": {"done": [AwardPoints(account_field="note", rule_field="rule")]}},
     "rule 'NEIGHBOR_HELP' .*did you mean 'NEIGHBOUR_HELP'"),
])
def test_inconsistent_declarations_say_what_to_fix(overrides, message):
    with pytest.raises(DeclarationError, match=message):
        declare(**overrides)
    with pytest.raises(UnknownWorkflow):
        catalog.get("trial")


def test_workflow_modules_must_match_their_slug():
    with pytest.raises(DeclarationError, match="must match its module name"):
        type(Workflow)("Stray", (Workflow,), {"__module__": "workflows.courtyard", "slug": "trial",
                                              "title": "x", "states": [State("a", "甲")]})


def test_a_rule_declared_before_the_workflow_may_be_named():
    from meide.points import Rule
    with pytest.raises(DeclarationError, match="COURTYARD_TRIAL"):
        declare(effects={"done": [AwardPoints(account_field="note", rule="COURTYARD_TRIAL")]})
    Rule("COURTYARD_TRIAL", "最美庭院（试用）", "环境卫生", 15)
    cls = declare(effects={"done": [AwardPoints(account_field="note", rule="COURTYARD_TRIAL")]})
    assert catalog.get("trial") is cls
