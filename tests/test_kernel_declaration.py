"""Declarations are checked when the class is defined; the catalogue finds, suggests and refuses."""

import re

import param
import pytest

from meide.kernel import (AwardEach, AwardPoints, DeclarationError, Output, Quorum, Reference,
                          State, Timed, Transition, UnknownWorkflow, Workflow, catalog)
from meide.kernel.strings import declaration_strings


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
        "place": Reference(kind="community", doc="社区。", label="社区"), "scope_field": "place",
        "states": [State("open", "待办"), State("done", "办结", final=True)],
        "transitions": [Transition("finish", "办结", "open", "done", roles=("社区管理员",))],
    }
    namespace.update(overrides)
    return type(Workflow)("Trial", (Workflow,), {"__module__": __name__, **namespace})


def test_a_declaration_must_say_where_its_records_belong():
    with pytest.raises(DeclarationError, match="scope_field"):
        declare(scope_field="")
    with pytest.raises(DeclarationError, match="Reference"):
        declare(scope_field="note")


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
        type(Workflow)("Other", (Workflow,), {
            "__module__": "elsewhere", "slug": "trial", "title": "x", "states": [State("a", "甲")],
            "place": Reference(kind="community", doc="社区。", label="社区"),
            "scope_field": "place"})


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
    ({"transitions": [Transition("go", "走", "missing", "open", roles=("网格员",))]},
     "'missing' 是未声明的状态"),
    ({"transitions": [Transition("go", "走", "open", "missing", roles=("网格员",))]},
     "'missing' 是未声明的状态"),
    ({"transitions": [Transition("go", "走", "open", "done")]}, "需要 roles"),
    ({"transitions": [Transition("go", "走", "open", "done", roles=("网格员",), inputs="nope")]},
     "inputs 中 'nope' 不是字段"),
    ({"transitions": [Transition("go", "走", "done", "open", roles=("网格员",))]}, "终态"),
    ({"transitions": [Transition("go", "走", "open", "done", roles=("网格员",), guard="nope")]},
     "guard 'nope'"),
    ({"transitions": [Transition("go", "走", "open", "done", roles=("网格员",),
                                 quorum=Quorum(per_role=("y",)))]}, "quorum"),
    ({"states": [State("open", "待办", timed=Timed(days=7, then="finish")),
                 State("done", "办结", final=True)]}, "系统流转"),
    ({"effects": {"nowhere": []}}, "状态 'nowhere' 未声明"),
    ({"note": param.String(default="", label="说明")}, "需要 doc"),
    ({"note": param.String(default="", doc="说明。")}, "中文标签"),
    ({"required": ("missing",)}, "不是字段"),
    ({"start_roles": ("网格长",)}, "start_roles：角色 '网格长' 不是工作人员角色，您是不是要写 "
                                 "'网格员'"),
    ({"transitions": [Transition("finish", "办结", "open", "done", roles=("社区管里员",))]},
     "流转 'finish'：角色 '社区管里员' .*您是不是要写 '社区管理员'"),
    ({"effects": {"done": [AwardEach(list_field="note", rule="ROLE_MODLE")]}},
     "AwardEach：规则 'ROLE_MODLE' 不在积分规则目录中，您是不是要写 'ROLE_MODEL'"),
    ({"effects": {"done": [AwardPoints(account_field="note", rule="GOOD_DEEDS")]}},
     "您是不是要写 'GOOD_DEED'"),
    ({"rule": param.Selector(default="GOOD_DEED", objects={"好人好事": "GOOD_DEED",
                                                         "邻里互助": "NEIGHBOR_HELP"},
                             doc="规则。", label="规则"),
      "effects": {"done": [AwardPoints(account_field="note", rule_field="rule")]}},
     "规则 'NEIGHBOR_HELP' .*您是不是要写 'NEIGHBOUR_HELP'"),
    ({"ranking": Output("排名", "算出的排名。", default=[], columns=["name", "points"])},
     "输出 'ranking' 的 columns 应是"),
    ({"ranking": Output("排名", "算出的排名。", default=[], columns={"name": ""})},
     "输出 'ranking' 的 columns 应是"),
    ({"total": Output("总分", "算出的总分。", default=0, columns={"name": "姓名"})},
     "它的值应是行的列表"),
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


def test_a_rule_declared_before_the_workflow_may_be_named():
    from meide.points import Rule
    with pytest.raises(DeclarationError, match="COURTYARD_TRIAL"):
        declare(effects={"done": [AwardPoints(account_field="note", rule="COURTYARD_TRIAL")]})
    Rule("COURTYARD_TRIAL", "最美庭院（试用）", "环境卫生", 15)
    cls = declare(effects={"done": [AwardPoints(account_field="note", rule="COURTYARD_TRIAL")]})
    assert catalog.get("trial") is cls


def test_table_headers_a_blank_reference_and_a_stage_end_are_strings_to_translate():
    cls = declare(
        ranking=Output("排名", "算出的排名。", default=[], columns={"rank": "名次", "name": "姓名"}),
        community=Reference(kind="community", doc="不填为全街道。", label="社区", blank="全街道"),
        states=[State("open", "待办", timed=Timed(days=0, then="remind", ends="复评日期")),
                State("done", "办结", final=True)],
        transitions=[Transition("finish", "办结", "open", "done", roles=("社区管理员",)),
                     Transition("remind", "提醒", "open", "done", system=True)])
    strings = declaration_strings(cls)
    assert {"名次", "姓名", "全街道", "复评日期"} <= set(strings)
    assert cls.param.community.blank == "全街道" and Reference(kind="resident").blank == ""
