"""Every transition of every registered workflow is taken through the console's own widgets.

For each workflow: a record is started on its generated form (RecordForm), then, for each
transition, a record is brought to a state it leaves from by replaying the shortest path there,
and the transition is taken on the record's page as the console opens it (a RecordPage; for a
volunteer activity, the sign-in sheet page around it) as staff would: signed in as a
person holding one of its roles (never the one who started the record; several people for a
会签), its inputs typed into the boxes the page shows beside its button, a comment when it
needs one, the button clicked. A 公示 state's objection is raised in the page's objection box
and decided with its decision buttons; a stage that ends by itself is ended by the clock
(runner.tick after the due moment). The values typed are the workflow's own `sample`.

The test fails, naming the workflow and the step, when a transition cannot be reached, when
the page offers no button, box or comment for what it asks, or when the kernel refuses it.
"""

import collections
import datetime as dt
import shutil
import types

import pytest

import store
from meide import clock, i18n
from meide.demo.people import build_demo
from meide.demo.year import build_year
from meide.engine import Engine
from meide.kernel import Actor, catalog, documents, records
from meide.kernel.defaults import current_year
from meide.kernel.fields import Reference
from meide.printing import printer
from meide.views import pages
from meide.views.batch_entry import BatchEntry
from meide.views.form import RecordForm
from meide.views.picker import ReferencePicker
from meide.views.record import RecordPage

from .printing_support import pdf_text
from .test_printing_plain_words import internal_words

WORKFLOWS = catalog.all_workflows()
# The walk happens late in the year the samples were written for (their dates are this year's):
# their quarters have ended and the demo's year of points lies before it.
WALK_AT = dt.datetime(current_year(), 12, 28, 10, 0, tzinfo=clock.TIMEZONE)
RESIDENTS, ENTRIES, SEED = 80, 1500, 3


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """The demo subdistrict (古槐街道: communities, teams, merchants, units) with a year of
    points before WALK_AT, built once; each walk works on a copy."""
    folder = tmp_path_factory.mktemp("walk-demo") / "data"
    opened = store.open_store(folder)
    try:
        build_demo(opened, residents=RESIDENTS, seed=SEED)
        build_year(opened, Engine(opened).services, ENTRIES, seed=SEED, end=WALK_AT)
    finally:
        opened.close()
    return folder


@pytest.fixture
def runner(demo_folder, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    with Engine.open(folder) as engine, clock.frozen(WALK_AT), i18n.using_locale("zh_CN"):
        yield engine.runner


class DeadEnd(Exception):
    """A step the walk could not take through the page, and why."""


# -- the people ------------------------------------------------------------------------------

class People:
    """A new staff member for every step, placed where the record is: nobody approves what they
    started, and each signature of a 会签 is another person's."""

    def __init__(self):
        self.made = 0

    def holding(self, role: str, scope: dict) -> Actor:
        self.made += 1
        return Actor(f"walk{self.made}", f"走查员{self.made}", {role},
                     subdistrict=scope.get("subdistrict"), community=scope.get("community"),
                     grid=scope.get("grid"))


def start_scope(cls, services) -> dict:
    """Where the sample record will belong: its scope field's place, else the community its
    sample names, else the whole subdistrict."""
    if cls.scope_field and cls.sample.get(cls.scope_field) is not None:
        kind = cls.param[cls.scope_field].kind
        return services.scope_of(kind, cls.sample[cls.scope_field])
    for parameter in cls.declaration().fields:
        if isinstance(parameter, Reference) and parameter.kind == "community" \
                and cls.sample.get(parameter.name) is not None:
            return {"subdistrict": services.scope_of("community", cls.sample[parameter.name])
                    .get("subdistrict"), "community": cls.sample[parameter.name]}
    return {}


# -- the widgets -----------------------------------------------------------------------------

def click(button):
    """What a browser click does to a Panel button on the server."""
    button.clicks += 1


def parts(widget) -> list:
    return [widget.search_box, widget.choice] if isinstance(widget, ReferencePicker) else [widget]


def shown_on(view, widget) -> bool:
    """Whether widget (all of it) is among what the page lays out now."""
    laid_out = {id(item) for item in view.__panel__().select()}
    return all(id(part) in laid_out for part in parts(widget))


def enter(widget, value, services, where: str):
    """Type or choose value in widget as a person would (a reference: type its name, pick it)."""
    if isinstance(widget, ReferencePicker):
        widget.search_box.value_input = services.describe(widget.kind, value)
        if value not in widget.choice.options.values():
            raise DeadEnd(f"{where}：在“{widget.label}”中搜索"
                          f"“{widget.search_box.value_input}”找不到它"
                          f"（可选：{list(widget.choice.options)}）")
        widget.choice.value = value
        return
    if hasattr(widget, "options"):
        offered = widget.options.values() if isinstance(widget.options, dict) else widget.options
        if value not in offered:
            raise DeadEnd(f"{where}：“{widget.label}”没有可选项 {value!r}"
                          f"（可选：{list(offered)}）")
    elif type(widget).__name__ == "DatePicker" and isinstance(value, str):
        value = dt.date.fromisoformat(value)
    elif type(widget).__name__ == "DatetimePicker" and isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    elif type(widget).__name__ in ("TextInput", "TextAreaInput"):
        value = "" if value is None else str(value)
    widget.value = value


def outcome(view) -> str:
    """The page's feedback after a click: '' for success, else what it says went wrong."""
    if not view.feedback.objects:
        return "点击后页面没有任何反馈"
    alert = view.feedback.objects[0]
    return "" if getattr(alert, "alert_type", "") == "success" else str(alert.object)


# -- the record's page, as the console opens it ---------------------------------------------

def console_page(runner, actor, slug, record_id):
    """The view the console shows at record:<slug>:<id> (its table of pages builds it)."""
    page, rest = pages.page_of(f"record:{slug}:{record_id}")
    return page.build(types.SimpleNamespace(runner=runner, actor=actor), rest)


def type_sign_in_sheet(walk, entry, record_id):
    """On a volunteer activity's page, while it takes attendance and nobody is recorded yet,
    type the paper sign-in sheet in its box (the team's members, two hours each) and save."""
    record = entry.record_page.record
    if record.state not in walk.cls.attendance_states or entry.attendance.rows(record_id):
        return
    if not shown_on(entry, entry.sheet):
        state = walk.declaration.states[record.state].label
        raise DeadEnd(f"“{state}”时活动页上没有签到表输入框")
    registry = walk.services.registry
    team = registry.teams.get(record.values[walk.cls.scope_field])
    members = [registry.residents.get(member) for member in team["members"]]
    entry.sheet.value = "\n".join(f"{m['name']} {m['phone'][-4:]} 2" for m in members)
    click(entry.save_button)
    if not entry.attendance.rows(record_id):
        said = " ".join(str(getattr(o, "object", "")) for o in entry.feedback.objects)
        raise DeadEnd(f"签到表未能保存：{said}")


# -- the walk --------------------------------------------------------------------------------

class Walk:
    """One workflow walked through its pages over one runner."""

    def __init__(self, cls, runner):
        self.cls, self.runner, self.people = cls, runner, People()
        self.declaration = cls.declaration()
        self.services = runner.services
        self.taken = set()

    # Starting --------------------------------------------------------------------------------

    def start(self) -> int:
        cls = self.cls
        scope = start_scope(cls, self.services)
        role = cls.start_roles[0] if cls.start_roles else "社区管理员"
        starter = self.people.holding(role, scope)
        form = RecordForm(runner=self.runner, actor=starter, slug=cls.slug)
        for name in cls.required:
            if name not in form.inputs:
                raise DeadEnd(f"发起表单没有必填项“{cls.param[name].label}”的输入框")
        for name, widget in form.inputs.items():
            if name in cls.sample:
                enter(widget, cls.sample[name], self.services, "发起表单")
        click(form.submit_button)
        if form.record_id is None:
            said = "；".join(f"{cls.param[k].label if k in cls.param else k}：{v}"
                            for k, v in form.problems.items())
            shown = [str(getattr(o, "object", "")) for o in form.feedback.objects]
            raise DeadEnd(f"发起表单提交未成功：{said or shown}")
        self.taken.add("start")
        return form.record_id

    # Moving a record -------------------------------------------------------------------------

    def record(self, record_id):
        return self.runner.get(self.cls.slug, record_id, Actor("walk-reader", "走查", set()))

    def page(self, actor, record_id) -> RecordPage:
        """The record page on the console's page for the record, with what that page asks
        before the record's steps filled in (a volunteer activity's sign-in sheet)."""
        view = console_page(self.runner, actor, self.cls.slug, record_id)
        if isinstance(view, BatchEntry):
            type_sign_in_sheet(self, view, record_id)
            view = view.record_page
        if not isinstance(view, RecordPage):
            raise DeadEnd(f"控制台为记录 {record_id} 打开的页面 {type(view).__name__} 没有记录页")
        return view

    def take(self, record_id, step):
        """Take step (a button transition) on the page; with a 会签, every signer needed."""
        record = self.record(record_id)
        where = f"“{step.label}”（{step.name}）"
        quorum = step.quorum
        roles = (list(quorum.per_role) if quorum.per_role else [step.roles[0]] * quorum.count) \
            if quorum else [step.roles[0]]
        for role in roles:
            actor = self.people.holding(role, record.scope)
            view = self.page(actor, record_id)
            button = view.action_buttons.get(step.name)
            if button is None or not shown_on(view, button):
                why = [f"{s.label}：{r}" for s, r in self.runner.unavailable(view.record, actor)
                       if s.name == step.name]
                raise DeadEnd(f"{where}：以{role}身份打开记录页，页面上没有这个按钮"
                              f"{('（' + '；'.join(why) + '）') if why else ''}")
            boxes = view.transition_inputs.get(step.name, {})
            for field in step.inputs:
                label = self.cls.param[field].label
                widget = boxes.get(field)
                if widget is None or not shown_on(view, widget):
                    raise DeadEnd(f"{where}需要填写“{label}”，页面上却没有它的输入框")
                if field not in self.cls.sample:
                    raise DeadEnd(f"{where}需要“{label}”：请在 {self.cls.__name__}.sample "
                                  "中给出示例值")
                enter(widget, self.cls.sample[field], self.services, where)
            if step.comment_required:
                if not shown_on(view, view.comment):
                    raise DeadEnd(f"{where}需要填写意见，页面上却没有意见框")
                view.comment.value = f"走查：{step.label}"
            click(button)
            problem = outcome(view)
            if problem:
                raise DeadEnd(f"{where}：以{role}身份点击后未能办理：{problem}")
        self.arrived(record_id, step.target, where)
        if view.record.state != step.target:
            shown = self.declaration.states[view.record.state].label
            raise DeadEnd(f"{where}之后记录页仍显示“{shown}”")
        self.taken.add(step.name)

    def object(self, record_id, upheld: bool, consequence=None):
        """Raise an objection in the page's box, and decide it with the page's buttons (upheld
        with the consequence chosen in the page's choice, when it offers several)."""
        record = self.record(record_id)
        state = self.declaration.states[record.state]
        back = self.declaration.transitions[consequence or state.timed.on_objection[0]]
        where = f"“{state.label}”期间的异议"
        objector = self.people.holding(back.roles[0], record.scope)
        view = self.page(objector, record_id)
        if view.object_button is None or not shown_on(view, view.objection_reason):
            raise DeadEnd(f"{where}：记录页上没有提出异议的输入框和按钮")
        view.objection_reason.value = "走查：公示内容与事实不符"
        click(view.object_button)
        if outcome(view):
            raise DeadEnd(f"{where}：提出异议未成功：{outcome(view)}")
        number = self.record(record_id).open_objections()[-1]["id"]
        decider = self.people.holding(back.roles[0], record.scope)
        view = self.page(decider, record_id)
        box = view.decision_comments.get(number)
        button = view.decide_buttons.get((number, upheld))
        if box is None or button is None or not (shown_on(view, box)
                                                 and shown_on(view, button)):
            raise DeadEnd(f"{where}：以{back.roles[0]}身份打开记录页，"
                          "没有处理异议的意见框和按钮")
        box.value = "走查：经核实" + ("异议成立" if upheld else "异议不成立")
        if upheld and len(state.timed.on_objection) > 1:
            choice = view.consequence_choices.get(number)
            if choice is None or back.name not in choice.options.values():
                raise DeadEnd(f"{where}：记录页上不能选择异议成立后“{back.label}”")
            choice.value = back.name
        click(button)
        if outcome(view):
            raise DeadEnd(f"{where}：处理异议未成功：{outcome(view)}")
        if upheld:
            self.arrived(record_id, back.target, f"{where}成立后“{back.label}”")
            self.taken.add(back.name)
        else:
            self.arrived(record_id, record.state, f"{where}不成立后")

    def wait_out(self, record_id):
        """Let the clock pass the stage's due moment and the ticker fire what is due."""
        record = self.record(record_id)
        step = self.declaration.transitions[record.due["transition"]]
        clock.set_time(dt.datetime.fromisoformat(record.due["at"]) + dt.timedelta(minutes=1))
        self.runner.tick()
        failed = [why for slug, number, why in self.runner.tick_failures
                  if (slug, number) == (self.cls.slug, record_id)]
        where = f"到期自动“{step.label}”（{step.name}）"
        if failed:
            raise DeadEnd(f"{where}未能完成：{failed[0]}")
        self.arrived(record_id, step.target, where)
        self.taken.add(step.name)

    def arrived(self, record_id, state, where):
        now = self.record(record_id).state
        if now != state:
            raise DeadEnd(f"{where}之后记录为“{self.declaration.states[now].label}”，"
                          f"应为“{self.declaration.states[state].label}”")

    # Planning --------------------------------------------------------------------------------

    def moves(self, state: str) -> list:
        """(how, transition) the walk can use to leave state: a button, or the clock."""
        declared = self.declaration.states[state]
        found = [("button", t) for t in self.declaration.transitions.values()
                 if state in t.source and not t.system]
        if declared.timed is not None:
            found.append(("clock", self.declaration.transitions[declared.timed.then]))
        return found

    def paths(self, start: str) -> dict:
        """state → the shortest list of moves from start (breadth first)."""
        paths = {start: []}
        queue = collections.deque([start])
        while queue:
            state = queue.popleft()
            for how, step in self.moves(state):
                if step.target not in paths:
                    paths[step.target] = [*paths[state], (how, step)]
                    queue.append(step.target)
        return paths

    def goals(self) -> list:
        """(how, transition, source) for every transition: the objection it follows when it is
        a 公示's on_objection, the clock when it is a stage's end, else its button."""
        goals = []
        for step in self.declaration.transitions.values():
            timed = {s: self.declaration.states[s].timed for s in step.source
                     if self.declaration.states[s].timed is not None}
            objected = [s for s, stage in timed.items() if step.name in stage.on_objection]
            ended = [s for s, stage in timed.items() if stage.then == step.name]
            if objected:
                goals.append(("objection", step, objected[0]))
            elif step.system:
                goals.append(("clock", step, ended[0] if ended else None))
            else:
                goals.append(("button", step, step.source[0]))
        return goals

    def move(self, record_id, how, step):
        if how == "button":
            self.take(record_id, step)
        else:
            self.wait_out(record_id)

    def bring(self, live: list, source: str) -> int:
        """A record in source: the live record with the shortest way there (moved along it), or
        a new one started on the form and moved there."""
        best = None
        for record_id in live:
            way = self.paths(self.record(record_id).state).get(source)
            if way is not None and (best is None or len(way) < len(best[1])):
                best = (record_id, way)
        fresh = self.paths(self.declaration.initial)[source]
        if best is None or len(fresh) < len(best[1]):
            best = (self.start(), fresh)
            live.append(best[0])
        record_id, way = best
        for move in way:
            self.move(record_id, *move)
        return record_id

    def walk(self) -> list:
        """Every transition taken once; the dead ends met, one line each."""
        dead_ends, live = [], []
        try:
            live.append(self.start())
        except DeadEnd as exc:
            return [str(exc)]
        reachable = self.paths(self.declaration.initial)
        for how, step, source in self.goals():
            if step.name in self.taken and how != "objection":
                continue
            if source is None or source not in reachable:
                start = (f"“{self.declaration.states[source].label}”" if source else
                         "（系统流转须是某个定时状态的 then）")
                dead_ends.append(f"“{step.label}”（{step.name}）无法到达：没有一条路走到它的起点"
                                 + start)
                continue
            record_id = None
            try:
                record_id = self.bring(live, source)
                if how == "objection":
                    self.object(record_id, upheld=True, consequence=step.name)
                elif how == "clock":
                    if self.declaration.states[source].timed.on_objection:
                        self.object(record_id, upheld=False)    # dismissed: the stage runs on
                    self.wait_out(record_id)
                else:
                    self.take(record_id, step)
            except DeadEnd as exc:
                dead_ends.append(str(exc))
                if record_id in live:
                    live.remove(record_id)      # left where it stuck; the next goal starts anew
        untaken = set(self.declaration.transitions) - self.taken
        dead_ends += [f"“{self.declaration.transitions[name].label}”（{name}）没有走到"
                      for name in sorted(untaken)
                      if not any(f"（{name}）" in line for line in dead_ends)]
        return list(dict.fromkeys(dead_ends))       # the same dead end met twice, said once


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_every_transition_can_be_taken_on_the_record_page(cls, runner):
    dead_ends = Walk(cls, runner).walk()
    assert not dead_ends, f"{cls.title}（{cls.slug}）：\n" + "\n".join(dead_ends)


@pytest.mark.parametrize("cls", [cls for cls in WORKFLOWS if documents.document_kinds(cls)],
                         ids=lambda cls: cls.slug)
def test_the_documents_a_walk_issues_print_no_internal_words(cls, runner):
    """Real records' documents, not samples: names and Chinese on paper, no ids or codes."""
    walk = Walk(cls, runner)
    walk.walk()
    issued = [(row, document) for row in runner.store.table(records.table_name(cls.slug))
              for document in documents.issued(runner.store, cls.slug, row.doc_id)]
    assert issued, f"{cls.title}：走完全部流转也没有出具文书"
    for row, document in issued:
        kind = documents.document_kind(cls, document["kind"])
        issuer = documents.issuer(runner.services, row.get("scope") or {})
        data = documents.template_context(cls, dict(document), issuer=issuer)
        text = pdf_text(printer.render(kind, data, "pdf").content)
        assert internal_words(text, data) == {}, f"{kind.title}（第{document['record']}号）"
