"""The Workflow base class: a param.Parameterized whose subclasses declare and register themselves."""

import string
from typing import ClassVar

import param

from . import catalog
from .declaration import Declaration, State, Transition
from .effects import IssueDocument
from .errors import DeclarationError
from .fields import Reference, expand_fields, form_fields, outputs_of
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
    # Where a record belongs (who may see and act on it, what its lists and rankings cover): a
    # Reference field naming a resident, merchant, building, unit, community…, or several, the
    # first one filled deciding (a unit or a merchant under review). Every workflow states it.
    # A community or grid left blank means the starter's own: only subdistrict staff run one
    # over the whole subdistrict.
    scope_field: ClassVar = ""
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


def scope_fields(cls) -> tuple:
    """The fields deciding where a record of cls belongs, in the order they are tried."""
    declared = cls.scope_field
    return (declared,) if isinstance(declared, str) and declared else tuple(declared or ())


def check_declaration(cls) -> Declaration:
    """Validate cls's declaration; raise DeclarationError saying what to fix."""
    where = f"{cls.__module__}.{cls.__qualname__}"

    def fail(message):
        raise DeclarationError(f"{where}：{message}")

    slug = cls.slug
    if not isinstance(slug, str) or not slug.isidentifier() or slug != slug.lower():
        fail(f"slug {slug!r} 应是小写的 Python 标识符，如 'good_deed'")
    module_tail = cls.__module__.rpartition(".")[2]
    if cls.__module__.startswith("workflows.") and module_tail != slug:
        fail(f"slug {slug!r} 应与模块名 {module_tail!r} 一致（workflows/{slug}.py）")
    if not cls.title:
        fail("请给流程起个标题，如 title = '好人好事'")
    states = {}
    for state in cls.states:
        if not isinstance(state, State):
            fail(f"states 中的每一项应是 State(...)，收到 {state!r}")
        if state.name in states:
            fail(f"状态 {state.name!r} 声明了两次")
        states[state.name] = state
    if not states:
        fail("请至少声明一个状态")
    for role in cls.start_roles:
        if unknown_role(role):
            fail(f"start_roles：{unknown_role(role)}")
    initial = cls.initial or next(iter(states))
    if initial not in states:
        fail(f"初始状态 {initial!r} 不在已声明的状态 {sorted(states)} 中")
    transitions = {}
    for transition in cls.transitions:
        _check_transition(cls, transition, states, transitions, fail)
        transitions[transition.name] = transition
    for state in states.values():
        if state.timed is not None:
            _check_timed(state, transitions, fail)
            if state.timed.until and not callable(getattr(cls, state.timed.until, None)):
                fail(f"定时状态 {state.name!r}：until={state.timed.until!r} 不是本类的方法")
    for state_name, effects in cls.effects.items():
        if state_name not in states:
            fail(f"effects 针对的状态 {state_name!r} 未声明")
        for effect in effects:
            _check_effect(cls, effect, fail)
    fields = form_fields(cls)
    outputs = outputs_of(cls)
    for name, output in outputs.items():
        if name in _RESERVED or name in cls.param:
            fail(f"输出 {name!r} 会遮住同名字段或流程自身的 {name!r}，请改名")
        if not output.doc or not output.label:
            fail(f"输出 {name!r} 需要中文标签和说明：Output('标签', '说明。')")
        _check_columns(name, output, fail)
    for parameter in fields:
        if parameter.name in _RESERVED:
            fail(f"字段 {parameter.name!r} 会遮住流程自身的 {parameter.name!r}，请给字段改名")
        if not parameter.doc:
            fail(f"字段 {parameter.name!r} 需要 doc='…'，说明要填什么")
        if parameter._label is None:
            fail(f"字段 {parameter.name!r} 需要中文标签 label='…'")
        options = getattr(parameter, "options", "")      # a Choice's method offering names
        if options and not callable(getattr(cls, options, None)):
            fail(f"字段 {parameter.name!r}：options={parameter.options!r} 不是本类的 classmethod")
    names = {p.name for p in fields}
    if not scope_fields(cls):
        fail("请用 scope_field 写明记录属于哪里：指向居民、商户、楼栋、单位、社区或网格的字段，"
             "如 scope_field = 'resident'；不按对象归属的流程用“社区”字段（空着即发起人的社区）")
    for field in scope_fields(cls):
        if not isinstance(cls.param[field] if field in names else None, Reference):
            fail(f"scope_field 中的 {field!r} 应是指向居民、社区等的 Reference 字段")
    for field in (*cls.required, *(f for f in (cls.title_field,) if f)):
        if field not in names:
            fail(f"{field!r} 列在 required/scope_field/title_field 中，却不是字段")
    for state in states.values():
        for field in state.editable:
            if field not in names:
                fail(f"状态 {state.name!r} 的 editable 中 {field!r} 不是字段")
            if field in scope_fields(cls):
                fail(f"状态 {state.name!r}：范围字段 {field!r} 决定谁能看到记录，办理中不能修改")
        if state.editable and state.final:
            fail(f"终态 {state.name!r} 不能有可修改的字段")
    for field in cls.long_text:
        if not isinstance(cls.param[field] if field in names else None, param.String):
            fail(f"long_text 中的 {field!r} 不是 String 字段")
    return Declaration(states=states, transitions=transitions, initial=initial, fields=fields,
                       outputs=outputs)


def _check_columns(name, output, fail):
    """The columns of a table output: {key: Chinese header}, for a list of rows or one row."""
    columns = output.columns
    if not isinstance(columns, dict) or not all(
            isinstance(key, str) and key and isinstance(header, str) and header.strip()
            for key, header in columns.items()):
        fail(f"输出 {name!r} 的 columns 应是 {{键: '中文表头'}}，如 columns={{'name': '姓名'}}")
    if columns and not isinstance(output.default, (list, dict, type(None))):
        fail(f"输出 {name!r} 声明了 columns，它的值应是行的列表（default=[]）或一行（default={{}}）")


def _check_transition(cls, transition, states, seen, fail):
    if not isinstance(transition, Transition):
        fail(f"transitions 中的每一项应是 Transition(...)，收到 {transition!r}")
    if transition.name in seen:
        fail(f"流转 {transition.name!r} 声明了两次")
    for source in transition.source:
        if source not in states:
            fail(f"流转 {transition.name!r} 的起点 {source!r} 是未声明的状态")
        if states[source].final:
            fail(f"流转 {transition.name!r} 从终态 {source!r} 出发，终态不能再流转")
    if transition.target not in states:
        fail(f"流转 {transition.name!r} 的终点 {transition.target!r} 是未声明的状态")
    if not transition.roles and not transition.system:
        fail(f"流转 {transition.name!r} 需要 roles=(...)，写明谁可以办理")
    for role in transition.roles:
        if unknown_role(role):
            fail(f"流转 {transition.name!r}：{unknown_role(role)}")
    for name in transition.inputs:
        if not isinstance(cls.param[name] if name in cls.param else None, param.Parameter) \
                or name in _RESERVED:
            fail(f"流转 {transition.name!r} 的 inputs 中 {name!r} 不是字段")
    if transition.guard is not None and not callable(getattr(cls, transition.guard, None)):
        fail(f"流转 {transition.name!r} 的条件 guard {transition.guard!r} 不是本类的方法")
    quorum = transition.quorum
    if quorum is not None:
        if quorum.per_role and not set(quorum.per_role) <= set(transition.roles):
            fail(f"流转 {transition.name!r} 的会签 quorum 列了不能办理它的角色")
        if not quorum.per_role and quorum.count < 1:
            fail(f"流转 {transition.name!r} 的会签 quorum 需要 count >= 1")


def _check_effect(cls, effect, fail):
    """Field names an effect refers to must exist, so a typo fails here, not at approval time."""
    fields = (set(cls.param) - {"name"}) | set(outputs_of(cls))
    named = [getattr(effect, attribute) for attribute in
             ("field", "account_field", "rule_field", "quantity_field", "title_field", "text_field",
              "person_field", "evidence_field", "list_field", "photo_field", "points_output")
             if getattr(effect, attribute, "")]
    for field in named:
        if field not in fields:
            fail(f"{type(effect).__name__} 用到的 {field!r} 不是字段")
    # A fixed rule, or the rules a selector field offers (违反条款, 积分规则), must be declared.
    chooser = cls.param[effect.rule_field] if getattr(effect, "rule_field", "") in cls.param \
        else None
    offered = list(chooser.objects) if isinstance(chooser, param.Selector) else []
    for rule in (getattr(effect, "rule", ""), *offered):
        if rule and unknown_rule(rule):
            fail(f"{type(effect).__name__}：{unknown_rule(rule)}")
    if isinstance(effect, IssueDocument) and not effect.title:
        fail(f"IssueDocument(kind={effect.kind!r}) 需要 title='…'：印在纸上、列在打印页的文书名称")
    method = getattr(effect, "method", "")
    if method and not callable(getattr(cls, method, None)):
        fail(f"{type(effect).__name__} 用到的 {method!r} 不是本类的方法")
    reason = getattr(effect, "reason", "")
    for _, placeholder, _, _ in string.Formatter().parse(reason or ""):
        if placeholder and placeholder != "title" and placeholder not in fields:
            fail(f"理由 {reason!r} 用到的 {{{placeholder}}} 不是字段")


def _check_timed(state, transitions, fail):
    timed = state.timed
    then = transitions.get(timed.then)
    if then is None or state.name not in then.source or not then.system:
        fail(f"定时状态 {state.name!r} 需要用 then= 指定一个离开它的系统流转（system=True）")
    for consequence in timed.on_objection:
        back = transitions.get(consequence)
        if back is None or state.name not in back.source or back.system:
            fail(f"定时状态 {state.name!r}：on_objection 的 {consequence!r} 应是离开它、由人办理的流转")
    if timed.days < 0:
        fail(f"定时状态 {state.name!r} 需要 days >= 0")
