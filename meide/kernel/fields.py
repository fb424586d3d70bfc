"""Form fields: which Parameters are fields, references to registry records, JSON conversion, checks."""

import copy
import datetime as dt
import math

import param

from ..registry.normalize import controls
from .errors import FieldError, WorkflowError

# The most characters a String field takes, by its kind: a name (a title, a person) printed on
# one line of a notice, a board or the record page's heading; any other one-line field; a field
# the declaration lists in long_text (a story, a reason), the only kind that may hold line breaks.
MAX_CHARS = {"name": 50, "line": 200, "long_text": 5000}
# Fields of the "name" kind, by how their names end: story_title, witness, inspector.
NAME_ENDINGS = ("_title", "name", "witness", "inspector")


class Reference(param.Integer):
    """A field holding the store id of a registry record (a resident, merchant, team…).

    `blank` says what leaving it empty means, where that is a choice of its own (no community:
    "全街道"); the record page shows it instead of an empty value."""

    __slots__ = ["kind", "blank"]

    _slot_defaults = dict(param.Integer._slot_defaults, kind="resident", blank="")

    def __init__(self, default=None, *, kind=param.parameterized.Undefined,
                 blank=param.parameterized.Undefined, **params):
        super().__init__(default=default, allow_None=True, **params)
        self.kind = kind
        self.blank = blank


class Choice(param.String):
    """A field choosing one name from a list kept as data (staff edit it in settings): `options`
    names a classmethod options(services, community) → the names offered there; `objects` are the
    declared names, offered when no options method is given. A record keeps the name it chose,
    so dropping a name later leaves old records valid."""

    __slots__ = ["objects", "options"]

    _slot_defaults = dict(param.String._slot_defaults, objects=(), options="")

    def __init__(self, default="", *, objects=param.parameterized.Undefined,
                 options=param.parameterized.Undefined, **params):
        super().__init__(default=default, **params)
        self.objects = objects
        self.options = options


def offered(cls, parameter, services, community) -> list:
    """The names a Choice field offers for a record in community (None: the subdistrict)."""
    method = getattr(cls, parameter.options, None) if parameter.options else None
    return list(method(services, community) if method else parameter.objects)


def check_choices(cls, values: dict, services, community):
    """Refuse, as FieldError, a Choice value not offered in the record's community now."""
    problems = {}
    for parameter in form_fields(cls):
        value = values.get(parameter.name)
        if isinstance(parameter, Choice) and value:
            names = offered(cls, parameter, services, community)
            if value not in names:
                problems[parameter.name] = f"“{parameter.label}”只能是以下之一：{'、'.join(names)}"
    if problems:
        raise FieldError(problems)


def text_kind(cls, parameter) -> str:
    """The kind of a String field, the key of its limit in MAX_CHARS."""
    if parameter.name in cls.long_text:
        return "long_text"
    return "name" if parameter.name.endswith(NAME_ENDINGS) else "line"


def check_text(cls, parameter, value: str) -> str:
    """Why value does not fit the String field (in Chinese), or ''; line breaks are made \\n."""
    label, kind = parameter.label, text_kind(cls, parameter)
    if "\n" in value and kind != "long_text":
        return f"“{label}”只能填一行，请去掉换行"
    found = controls(value)
    if found:
        return f"“{label}”含有看不见的控制字符（{found}），多半是复制时带进来的，请删除后重新填写"
    limit = MAX_CHARS[kind]
    if len(value) > limit:
        return f"“{label}”最多{limit}个字，现在有{len(value)}个字，请删减"
    return ""


def remark(label: str, value) -> str:
    """A comment, reason or opinion typed beside a step (kept in the history), cleaned: line
    breaks made \n, at most MAX_CHARS["long_text"] characters, no control characters; else
    FieldError naming it, in Chinese."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").strip()
    found, limit = controls(value), MAX_CHARS["long_text"]
    if found:
        raise FieldError({label: f"“{label}”含有看不见的控制字符（{found}），请删除后重新填写"})
    if len(value) > limit:
        raise FieldError({label: f"“{label}”最多{limit}个字，现在有{len(value)}个字，请删减"})
    return value


def initial(parameter):
    """What a new form shows in a field: its default_factory's value when it has one (the
    current year, from the clock), else its default."""
    factory = getattr(parameter, "default_factory", None)
    return factory() if callable(factory) else parameter.default


class Fields(dict):
    """Several fields declared in one line from data, e.g. one mark per criterion of a
    scorecard: `marks = Fields({"clean": param.Number(...), ...})`. The class gets each entry
    as a field in the group's place; the group's own name is not a field."""


def expand_fields(namespace: dict) -> dict:
    """A class namespace with every Fields group replaced, in place, by its fields."""
    expanded = {}
    for name, value in namespace.items():
        if isinstance(value, Fields):
            expanded.update(value)
        else:
            expanded[name] = value
    return expanded


class Output:
    """A value the workflow works out itself (a frozen ranking, a hash, a score, an outcome),
    declared as `ranking = Output("冻结排名", "关闭季度时冻结的排名。", default=[])`.

    Effects (Compute, SetValue and the programme's own) keep it on the record, apart from what
    staff typed (record.outputs); it is never a form field. Guards, methods and effects read
    it as an attribute of the workflow; the record page shows it under its Chinese label and
    documents see it with the values. `shown=False` keeps it off the record page (what only
    the workflow reads, like which resident holds which lottery ticket, or the print data of a
    document, which the document itself shows); `file="参与名单.txt"` offers a text value there
    for download as that file, byte for byte (a lottery's entrant list, whose hash was
    published, for anyone to re-check).

    A list of rows (or one row, a dict) names the keys the record page shows as the columns
    of a table, with their Chinese headers: `columns={"rank": "名次", "name": "姓名"}`; keys
    not named (an account id) are not shown.
    """

    def __init__(self, label: str, doc: str, default=None, shown: bool = True, file: str = "",
                 columns: dict = None):
        self.label, self.doc, self.default, self.shown, self.file = label, doc, default, shown, file
        self.columns = {} if columns is None else columns
        self.name = ""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, workflow, owner=None):
        if workflow is None:
            return self
        kept = workflow.__dict__.get("_outputs") or {}
        # A copy of a list or dict default, so one record's list is never another's.
        return kept[self.name] if self.name in kept else copy.deepcopy(self.default)

    def __repr__(self):
        return f"Output({self.label!r})"


def outputs_of(cls) -> dict:
    """{name: Output} declared by cls and its bases, in declaration order."""
    found = {}
    for klass in reversed(cls.__mro__):
        found.update({name: value for name, value in vars(klass).items()
                      if isinstance(value, Output)})
    return found


def carry_outputs(workflow, outputs: dict):
    """Give a workflow instance the outputs its record keeps (read through its Output
    attributes); returns the instance."""
    workflow.__dict__["_outputs"] = dict(outputs or {})
    return workflow


def form_fields(cls) -> list:
    """The Parameters that are form fields, in declaration order (param's own `name` excluded)."""
    return [p for name, p in cls.param.objects("existing").items()
            if name != "name" and (p.precedence is None or p.precedence >= 0)]


def is_empty(value) -> bool:
    return value is None or (isinstance(value, (str, list, tuple, dict)) and not value)


def to_json(parameter, value):
    """A field value as stored in the record (JSON)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def from_json(parameter, value):
    """A stored value as the Parameter expects it."""
    if value is None:
        return None
    if isinstance(parameter, param.CalendarDate) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(parameter, param.Date) and isinstance(value, str):
        parsed = dt.datetime.fromisoformat(value)
        return parsed.date() if len(value) == 10 else parsed
    return value


def clean(cls, values: dict, *, partial=False) -> dict:
    """Check values against cls's fields; return them JSON-ready or raise FieldError (Chinese).

    Unknown names are refused (a form must not write what the declaration does not have);
    required fields (cls.required) must be present and non-empty unless partial. Text is trimmed,
    its line breaks made \\n and tabs spaces; a String field then takes at most MAX_CHARS of its
    kind (text_kind), no control characters, and line breaks only when it is long_text.
    """
    fields = {p.name: p for p in form_fields(cls)}
    problems, cleaned = {}, {}
    for name in values:
        if name not in fields:
            problems[name] = f"没有“{name}”这一项，请检查字段名"
    for name, parameter in fields.items():
        label = parameter.label
        if name not in values:
            if not partial and name in cls.required:
                problems[name] = f"请填写“{label}”"
            continue
        try:
            value = from_json(parameter, values[name])
        except ValueError:
            problems[name] = _explain(parameter, values[name])
            continue
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").strip()
            problem = check_text(cls, parameter, value) if isinstance(parameter, param.String) \
                else ""
            if problem:
                problems[name] = problem
                continue
        if is_empty(value):
            if name in cls.required:
                problems[name] = f"请填写“{label}”"
                continue
            # An optional field left empty takes its declared default where None is not a
            # value it can hold (名额 left blank is 0, "no limit"), else stays empty.
            value = "" if isinstance(parameter, param.String) else (
                None if parameter.allow_None else initial(parameter))
        try:
            if value is not None:
                _refuse_non_numbers(parameter, value)
                parameter._validate(value)
        except ValueError:
            problems[name] = _explain(parameter, value)
            continue
        cleaned[name] = to_json(parameter, value)
    if problems:
        raise FieldError(problems)
    return cleaned


def _refuse_non_numbers(parameter, value):
    # param takes True for an Integer (bool is an int) and NaN within any bounds (it compares
    # false); neither is a number staff meant, and the store keeps neither NaN, infinity nor
    # integers beyond 64 bits.
    if not isinstance(parameter, param.Number) or isinstance(parameter, (param.Date,
                                                                           param.CalendarDate)):
        return
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        raise ValueError(value)
    if isinstance(value, int) and not -2**63 <= value < 2**63:     # beyond what the store keeps
        raise ValueError(value)


def _explain(parameter, value) -> str:
    label = parameter.label
    if isinstance(parameter, Reference):
        return f"请从名单中选择“{label}”"
    # Dates first: param's CalendarDate and Date derive from Number.
    if isinstance(parameter, (param.Date, param.CalendarDate)):
        return f"“{label}”应填日期，如 2026-10-01"
    if isinstance(parameter, param.Selector):
        # The names staff choose from (违反条款 by its words), not the codes kept behind them.
        names = getattr(parameter, "names", None) or {str(o): o for o in parameter.objects}
        return f"“{label}”只能是以下之一：{'、'.join(names)}"
    if isinstance(parameter, (param.Integer, param.Number)):
        bounds = getattr(parameter, "bounds", None)
        if bounds and not isinstance(value, str):
            low, high = bounds
            return f"“{label}”应在 {low} 到 {high} 之间"
        return f"“{label}”应填数字"
    if isinstance(parameter, param.String):
        return f"“{label}”格式不对，请检查"
    return f"“{label}”的值无效，请检查"


def check_references(cls, values: dict, services):
    """Refuse reference ids the registry does not have (a forged or stale form), as FieldError.

    clean() cannot see the registry; without this a record could point at nobody.
    """
    missing = {}
    for parameter in form_fields(cls):
        if isinstance(parameter, Reference) and values.get(parameter.name) is not None:
            try:
                services.scope_of(parameter.kind, values[parameter.name])
            except (LookupError, ValueError, TypeError, WorkflowError, _lookup_errors()):
                missing[parameter.name] = f"请从名单中选择“{parameter.label}”"
    if missing:
        raise FieldError(missing)


def _lookup_errors():
    # The registry sits below the kernel; its errors are what real services raise.
    from ..registry.errors import RegistryError
    return RegistryError
