"""Workflow diagrams: every state and transition drawn by Graphviz, the current state marked."""

import html
import re

import graphviz
import pytest

from meide import i18n
from meide.kernel import catalog
from meide.views import diagram
from meide.views.catalogue import Catalogue
from meide.views.record import RecordPage

from .views_support import OFFICER, WORKER, runner, started, trial  # noqa: F401

WORKFLOWS = catalog.all_workflows()
NODE = re.compile(r'<g id="(?P<id>[^"]+)" class="(?P<classes>[^"]+)"')


def classes(drawn: str) -> dict:
    """SVG element id → its classes, for the states and transitions drawn."""
    return {html.unescape(m["id"]): set(m["classes"].split()) for m in NODE.finditer(drawn)}


@pytest.fixture(autouse=True)
def in_chinese():
    with i18n.using_locale("zh_CN"):
        yield


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_every_state_and_transition_is_drawn_with_its_label_and_roles(cls):
    declaration = cls.declaration()
    drawn = diagram.svg(cls)
    for state in declaration.states.values():
        assert f">{html.escape(state.label)}<" in drawn, state.label
    for transition in declaration.transitions.values():
        assert f">{html.escape(transition.label)}<" in drawn, transition.label
        if transition.roles and not transition.system:
            assert f">{html.escape('、'.join(transition.roles))}<" in drawn, transition.roles
    drawn_edges = [name for name in classes(drawn) if "-transition-" in name]
    assert len(drawn_edges) == sum(len(t.source) for t in declaration.transitions.values())


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_timed_final_and_system_parts_are_told_apart(cls):
    declaration = cls.declaration()
    shown = classes(diagram.svg(cls))
    for state in declaration.states.values():
        marks = shown[f"{cls.slug}-state-{state.name}"]
        assert ("timed" in marks) == (state.timed is not None), state.name
        assert ("final" in marks) == state.final, state.name
        assert "current" not in marks
    for transition in declaration.transitions.values():
        marks = shown[f"{cls.slug}-transition-{transition.name}-0"]
        assert ("system" in marks) == transition.system, transition.name


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_the_current_state_alone_is_marked(cls):
    for state in cls.declaration().states:
        shown = classes(diagram.svg(cls, state))
        marked = [name for name, marks in shown.items() if "current" in marks]
        assert marked == [f"{cls.slug}-state-{state}"]


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_internal_names_stay_out_of_the_picture(cls):
    # Graphviz writes node names ("reported", "a->b") as tooltips and comments.
    drawn = diagram.svg(cls, cls.declaration().initial)
    assert "<title>" not in drawn and "<!--" not in drawn and drawn.startswith("<svg ")


def test_the_diagram_speaks_the_chosen_language():
    cls = catalog.get("good_deed")
    with i18n.using_locale("en"):
        drawn = diagram.svg(cls, "reported")
        legend = diagram.figure_html(cls, "reported")
    english = i18n.translations("en").gettext("待核实")
    assert english != "待核实" and f">{html.escape(english)}<" in drawn
    assert "待核实" not in drawn and "Double border" in legend
    assert "双线框" in diagram.figure_html(cls, "reported")


def test_the_legend_names_only_what_the_drawing_has():
    good_deed = diagram.figure_html(catalog.get("good_deed"))
    assert "双线框" in good_deed and "虚线" not in good_deed and "红色" not in good_deed
    role_model = diagram.figure_html(catalog.get("role_model"), "notice")
    assert all(mark in role_model for mark in ("红色", "双线框", "黄色虚线框", "灰色虚线箭头"))


@pytest.fixture
def fresh_drawings():
    """No drawing kept from an earlier test."""
    diagram._drawn.cache_clear()
    diagram._marked.cache_clear()


def refuse_dot(monkeypatch, error):
    def run(*args, **kwargs):
        raise error
    monkeypatch.setattr(graphviz.Digraph, "pipe", run)


def test_dot_runs_once_per_workflow_and_language(monkeypatch, fresh_drawings):
    cls = catalog.get("good_deed")
    first = diagram.svg(cls, "verified")
    refuse_dot(monkeypatch, AssertionError("dot ran again"))
    assert diagram.svg(cls, "verified") == first
    for state in cls.declaration().states:          # every other state: marked, not redrawn
        assert "current" in classes(diagram.svg(cls, state))[f"good_deed-state-{state}"]
    with i18n.using_locale("en"), pytest.raises(AssertionError, match="dot ran again"):
        diagram.svg(cls, "verified")


def test_without_dot_the_page_says_so_instead_of_failing(monkeypatch, fresh_drawings):
    refuse_dot(monkeypatch, graphviz.ExecutableNotFound(("dot",)))
    shown = diagram.figure_html(catalog.get("lottery"), "drawn")
    assert "未安装 Graphviz" in shown and "<svg" not in shown


def test_the_record_page_shows_the_diagram_with_the_records_state(runner, trial):  # noqa: F811
    record = started(runner)
    view = RecordPage(runner=runner, actor=WORKER, slug=record.slug, record_id=record.id)
    shown = classes(view._info.object)
    assert "current" in shown["test_view_trial-state-draft"]
    runner.apply(record.slug, record.id, "submit", WORKER)
    view.version += 1
    shown = classes(view._info.object)
    assert "current" in shown["test_view_trial-state-review"]
    assert "current" not in shown["test_view_trial-state-draft"]


def test_the_catalogue_shows_each_startable_workflows_diagram(trial):  # noqa: F811
    catalogue = Catalogue(actor=WORKER)
    shown = classes(catalogue.diagrams.object)
    for slug in catalogue.start_buttons:
        for state in catalog.get(slug).declaration().states:
            assert f"{slug}-state-{state}" in shown
    assert not any("current" in marks for marks in shown.values())
    assert catalogue.diagrams.object.count("<svg") == len(catalogue.start_buttons)
    assert "commendation-graph" not in shown                         # 网格员 may not start it
    assert "commendation-graph" in classes(Catalogue(actor=OFFICER).diagrams.object)
