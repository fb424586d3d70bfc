"""Staff-edited templates: checked at save, kept in versions, run sandboxed in limited workers."""

import functools
import time
from dataclasses import dataclass

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

import store

from .. import clock
from ..errors import MeideError
from . import confined
from .documents import kind as document_kind
from .environment import FILTERS, TEMPLATES

TABLE = "print_templates"
MAX_SOURCE_CHARS = 100_000
RENDER_SECONDS = 5.0
RENDER_CHARS = 5_000_000
RENDER_MB = 256
# The wall-clock backstop, for a worker that gets little of a busy machine's CPU: generous, for
# the CPU limit is the one a template meets (a template can neither sleep nor wait).
RENDER_WALL_SECONDS = 12 * RENDER_SECONDS
# What a limit reached tells the editor (and the page that printed with the template).
TOO_LONG = f"模板运行超过 {RENDER_SECONDS:g} 秒，已停止：请检查循环"
TOO_BIG = f"模板占用内存超过 {RENDER_MB} MB，已停止"
TOO_MUCH_TEXT = f"模板生成的内容过大（超过 {RENDER_CHARS // 10_000} 万字），已停止：请检查循环"
# Templates are shared by the whole subdistrict, so only its administrators change them.
EDITOR_ROLES = frozenset({"街道管理员"})
# Edited templates may build on the shared layout and macros, and on the shipped templates the
# kind's own shipped template builds on (a workflow's plaque extends the printed plaque), and on
# nothing else.
SHARED = ("layout/base.html", "layout/macros.html")


class TemplateRefused(MeideError, ValueError):
    """A template was not saved or not rendered; the message (Chinese) says what to change."""


@functools.lru_cache(maxsize=None)
def _references(name: str) -> tuple:
    """The templates a shipped template extends, includes or imports (by constant name)."""
    source = (TEMPLATES / name).read_text("utf-8")
    found = meta.find_referenced_templates(jinja2.Environment().parse(source))
    return tuple(sorted(ref for ref in found if ref))


def allowed(kind: str | None = None) -> tuple:
    """What an edited template of kind may refer to: the shared layout and macros, and what the
    kind's shipped template refers to."""
    try:
        shipped = _references(document_kind(kind).template) if kind else ()
    except (ValueError, OSError):
        shipped = ()        # a kind not registered (yet): the shared files only
    return SHARED + tuple(name for name in shipped if name not in SHARED)


def _reachable(names) -> frozenset:
    """names and every shipped template they build on, all the way down."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_references(name))
    return frozenset(seen)


class _EditedLoader(jinja2.BaseLoader):
    """The kind's edited source by its name; the shipped files it may build on from templates/."""

    def __init__(self, sources: dict, shipped=SHARED):
        self.sources = sources
        self.shipped = tuple(shipped)
        self.readable = _reachable(self.shipped)
        self.files = jinja2.FileSystemLoader(TEMPLATES)

    def get_source(self, environment, name):
        if name in self.sources:
            return self.sources[name], None, lambda: True
        if name in self.readable:
            return self.files.get_source(environment, name)
        raise TemplateRefused(f"模板只能引用公共版式（{'、'.join(self.shipped)}），不能引用“{name}”")


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, plus the render deadline checked at every call and bounded * and **.

    Output is only produced between loop iterations that print something, so nested loops
    that print nothing would never reach render_limited's checks; every call (range, a macro,
    a method) checks the deadline instead. 'x' * 10**10 or 9**9**9 would exhaust memory or CPU
    in one step, even at compile time (Jinja folds constants), unless intercepted here.
    """

    intercepted_binops = frozenset({"*", "**"})
    deadline = None

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        __self.check_deadline()
        return super().call(__context, __obj, *args, **kwargs)

    def check_deadline(self):
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TemplateRefused(TOO_LONG)

    def call_binop(self, context, operator, left, right):
        self.check_deadline()
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
            raise TemplateRefused("模板中的乘方运算过大，请检查")
        if operator == "*":
            sizes = [len(v) for v in (left, right) if isinstance(v, (str, list, tuple))]
            counts = [v for v in (left, right) if isinstance(v, int)]
            if sizes and counts and sizes[0] * counts[0] > RENDER_CHARS:
                raise TemplateRefused(TOO_MUCH_TEXT)
        return super().call_binop(context, operator, left, right)


def sandbox(sources: dict, shipped=SHARED) -> ImmutableSandboxedEnvironment:
    """Jinja's sandbox (no attribute tricks, no mutation), escaping and strictness as printing;
    shipped: the shipped templates the sources may build on (see allowed)."""
    env = _LimitedSandbox(loader=_EditedLoader(sources, shipped), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


def check_source(source: str, kind: str | None = None):
    """Refuse, with the reason, what could print unescaped data or reach outside the template
    (an edited template of kind may build on what allowed(kind) names)."""
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateRefused(f"模板太长（超过{MAX_SOURCE_CHARS}个字符），请精简后再保存")
    try:
        tree = sandbox({}).parse(source)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateRefused(f"第{error.lineno}行有语法错误：{error.message}") from None
    for node in tree.find_all((nodes.Filter, nodes.EvalContextModifier, nodes.Extends,
                               nodes.Include, nodes.Import, nodes.FromImport,
                               nodes.Getattr, nodes.MarkSafe, nodes.MarkSafeIfAutoescape)):
        _refuse_unsafe(node, allowed(kind))


def _refuse_unsafe(node, shipped=SHARED):
    if isinstance(node, nodes.Filter) and node.name in ("safe", "forceescape"):
        raise TemplateRefused(f"第{node.lineno}行使用了“|{node.name}”：为防止网页脚本注入，"
                              "模板中的内容一律自动转义，请删去该过滤器")
    if isinstance(node, nodes.EvalContextModifier):
        raise TemplateRefused(f"第{node.lineno}行的 autoescape 块会关闭转义，请删去")
    if isinstance(node, (nodes.MarkSafe, nodes.MarkSafeIfAutoescape)):
        raise TemplateRefused(f"第{node.lineno}行试图把内容标记为安全，请删去")
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        raise TemplateRefused(f"第{node.lineno}行访问了内部属性“{node.attr}”，请删去")
    if isinstance(node, (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        target = node.template
        if not isinstance(target, nodes.Const) or target.value not in shipped:
            raise TemplateRefused(f"第{node.lineno}行只能引用公共版式：{'、'.join(shipped)}")


def render_limited(env, name: str, context: dict) -> str:
    """Render with a time and size limit (a runaway loop stops with a message, not a hang)."""
    started, parts, size = time.monotonic(), [], 0
    env.deadline = started + RENDER_SECONDS
    try:
        for part in env.get_template(name).generate(**context):
            parts.append(part)
            size += len(part)
            if size > RENDER_CHARS:
                raise TemplateRefused(TOO_MUCH_TEXT)
            if time.monotonic() - started > RENDER_SECONDS:
                raise TemplateRefused(TOO_LONG)
    except jinja2.UndefinedError as error:
        raise TemplateRefused(f"模板用到了不存在的数据：{error.message}") from None
    except jinja2.exceptions.SecurityError as error:
        raise TemplateRefused(f"模板做了不允许的操作：{error}") from None
    except TemplateRefused:
        raise
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError,
            AttributeError, RecursionError) as error:
        # A template is code written by staff: its runtime errors (1/0, a missing key, a
        # range too big for the sandbox, a macro calling itself) are theirs to fix.
        raise TemplateRefused(f"模板运行出错（{type(error).__name__}）：{error}，请检查模板") \
            from None
    finally:
        env.deadline = None
    return "".join(parts)


# The workers staff-edited templates render in: two (the machine's cores), started when the
# first edited template is rendered or the editor opens (warm), replaced after a limit is hit.
WORKERS = confined.Pool(preload=(__name__,), cpu_seconds=RENDER_SECONDS, memory_mb=RENDER_MB,
                        wall_seconds=RENDER_WALL_SECONDS)
STOPPED = {confined.CPU: TOO_LONG, confined.MEMORY: TOO_BIG,
           confined.WALL: f"模板运行超过 {RENDER_WALL_SECONDS:g} 秒，已停止：请检查循环",
           confined.DIED: "模板运行时进程意外退出，已停止：请检查模板"}


def render_edited(kind: str, source: str, context: dict) -> str:
    """An edited source of kind rendered in the sandbox with the limits, on what it may build,
    in a worker process (the CPU time, memory and output a template may use are bounded)."""
    try:
        return WORKERS.run(render_here, kind, source, allowed(kind), context)
    except confined.Stopped as stopped:
        raise TemplateRefused(STOPPED[stopped.limit]) from None


def render_here(kind: str, source: str, shipped: tuple, context: dict) -> str:
    """render_edited's work, in the process that calls it (a worker's): shipped is what the
    source may build on, worked out by the caller, whose registry knows the workflows' kinds."""
    return render_limited(_sandbox_of(kind, source, shipped), kind, context)


@functools.lru_cache(maxsize=8)
def _sandbox_of(kind, source, shipped):
    # One sandbox per source: Jinja keeps it compiled, so a batch of one kind compiles it once.
    return sandbox({kind: source}, shipped)


@dataclass(frozen=True)
class EditedSources:
    """Edited sources by kind as they stood when a print began: what a child process laying out
    a batch is given, for it cannot open the store the server holds."""

    sources: dict

    def edited(self, kind: str):
        """The edited source of kind, or None (the shipped template is in use)."""
        return self.sources.get(kind)


class EditableTemplates:
    """Versions of edited templates per document kind, in the store; none are ever deleted."""

    def __init__(self, opened_store, audit=None):
        self.store = opened_store
        self.table = opened_store.table(TABLE)
        self.audit = audit
        opened_store.add_index(TABLE, "kind")

    def versions(self, kind: str) -> list:
        """Every saved version of kind, oldest first (without their source text)."""
        docs = sorted(self.table.search(store.where("kind") == kind), key=lambda d: d["version"])
        return [{k: v for k, v in doc.items() if k != "source"} for doc in docs]

    def edited(self, kind: str):
        """The current edited source of kind, or None when the shipped template is in use."""
        docs = self.table.search(store.where("kind") == kind)
        return max(docs, key=lambda d: d["version"])["source"] if docs else None

    def source(self, kind: str, shipped: str | None = None) -> str:
        """What an editor opens: the current edited source, else the kind's shipped template
        file (shipped names it, by default the one the kind declares)."""
        edited = self.edited(kind)
        if edited is not None:
            return edited
        return (TEMPLATES / (shipped or document_kind(kind).template)).read_text("utf-8")

    def save(self, kind: str, source: str, actor: str, sample: dict, note: str = "") -> int:
        """Check source, try it on the kind's sample data, then keep it as the next version."""
        check_source(source, kind)
        render_edited(kind, source, sample)
        with self.store.transaction():
            version = len(self.table.search(store.where("kind") == kind)) + 1
            self.table.insert({"kind": kind, "version": version, "source": source,
                               "saved_by": actor, "saved_at": clock.now().isoformat(),
                               "note": note})
            if self.audit is not None:
                self.audit.record(actor, "save_template", TABLE, None, kind=kind,
                                  version=version, note=note)
        return version

    def rollback(self, kind: str, version: int, actor: str, sample: dict) -> int:
        """Make an earlier version current again, as a new version (nothing is overwritten)."""
        docs = self.table.search((store.where("kind") == kind) & (store.where("version") == version))
        if not docs:
            raise TemplateRefused(f"没有第{version}版模板")
        return self.save(kind, docs[0]["source"], actor, sample, note=f"恢复为第{version}版")

    def render(self, kind: str, context: dict) -> str:
        """The kind's current edited template rendered in the sandbox with the limits."""
        return render_edited(kind, self.edited(kind), context)
