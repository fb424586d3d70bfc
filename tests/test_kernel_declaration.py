"""Declarations are checked when the class is defined; the catalogue finds, suggests and refuses."""

import re

import param
import pytest

from meide.kernel import (DeclarationError, Quorum, State, Timed, Transition, UnknownWorkflow,
                          Workflow, catalog)


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
    with pytest.raises(DeclarationError, match="已被"):
        type(Workflow)("Other", (Workflow,), {"__module__": "elsewhere", "slug": "trial",
                                              "title": "x", "states": [State("a", "甲")]})


def test_redefining_the_same_class_replaces_it():
    first = declare()
    second = declare(title="试用二")
    assert first is not second and catalog.get("trial") is second


@pytest.mark.parametrize("overrides, message", [
    ({"slug": "Bad Slug"}, "小写的 Python 标识符"),
    ({"title": ""}, "title"),
    ({"states": []}, "至少声明一个状态"),
    ({"initial": "nowhere"}, "初始状态 'nowhere'"),
    ({"states": [State("open", "待办"), State("open", "重复")]}, "声明了两次"),
    ({"transitions": [Transition("go", "走", "missing", "open", roles=("x",))]},
     "'missing' 是未声明的状态"),
    ({"transitions": [Transition("go", "走", "open", "missing", roles=("x",))]},
     "'missing' 是未声明的状态"),
    ({"transitions": [Transition("go", "走", "open", "done")]}, "需要 roles"),
    ({"transitions": [Transition("go", "走", "done", "open", roles=("x",))]}, "终态"),
    ({"transitions": [Transition("go", "走", "open", "done", roles=("x",), guard="nope")]},
     "guard 'nope'"),
    ({"transitions": [Transition("go", "走", "open", "done", roles=("x",),
                                 quorum=Quorum(per_role=("y",)))]}, "quorum"),
    ({"states": [State("open", "待办", timed=Timed(days=7, then="finish")),
                 State("done", "办结", final=True)]}, "系统流转"),
    ({"effects": {"nowhere": []}}, "状态 'nowhere' 未声明"),
    ({"note": param.String(default="", label="说明")}, "需要 doc"),
    ({"note": param.String(default="", doc="说明。")}, "中文标签"),
    ({"required": ("missing",)}, "不是字段"),
])
def test_inconsistent_declarations_say_what_to_fix(overrides, message):
    with pytest.raises(DeclarationError, match=message) as raised:
        declare(**overrides)
    assert re.search(r"[\u4e00-\u9fff]", str(raised.value)), "said in Chinese, as staff read it"
    with pytest.raises(UnknownWorkflow):
        catalog.get("trial")


def test_workflow_modules_must_match_their_slug():
    with pytest.raises(DeclarationError, match="应与模块名"):
        type(Workflow)("Stray", (Workflow,), {"__module__": "workflows.courtyard", "slug": "trial",
                                              "title": "x", "states": [State("a", "甲")]})
