"""The generated form: widgets from the Parameters, Chinese messages by the fields, submit starts."""

import datetime as dt

import panel as pn
import pytest

from meide import i18n
from meide.views.form import RecordForm
from meide.views.picker import ReferencePicker

from .views_support import REVIEWERS, WORKER, XIAOHUA, click, runner, trial  # noqa: F401


@pytest.fixture
def form(runner, trial):
    return RecordForm(runner=runner, actor=WORKER, slug="test_view_trial")


def fill(form, **values):
    values = {"nominee": XIAOHUA, "story": "照顾独居老人", **values}
    for name, value in values.items():
        form.inputs[name].value = value


def test_widgets_follow_the_parameters(form):
    inputs = form.inputs
    assert isinstance(inputs["nominee"], ReferencePicker)
    assert isinstance(inputs["story"], pn.widgets.TextAreaInput)       # declared long_text
    assert isinstance(inputs["points"], pn.widgets.IntInput)
    assert (inputs["points"].start, inputs["points"].end) == (0, 100)
    assert isinstance(inputs["since"], pn.widgets.DatePicker)
    assert isinstance(inputs["kind"], pn.widgets.Select)
    assert inputs["kind"].options == {"甲类": "A", "乙类": "B"}
    assert isinstance(inputs["public"], pn.widgets.Checkbox)


def test_labels_mark_required_fields_and_docs_are_help_text(form):
    assert form.inputs["story"].label == "事迹 *"
    assert form.inputs["points"].label == "积分"
    assert form.inputs["story"].description == "事迹。"


def test_each_problem_is_shown_beside_its_field(form):
    click(form.submit_button)
    assert form.record_id is None
    assert form.problems == {"nominee": "请填写“被提名人”", "story": "请填写“事迹”"}
    assert form._messages["story"].visible and "请填写“事迹”" in form._messages["story"].object
    assert not form._messages["points"].visible
    assert form.runner.search("test_view_trial", WORKER)[0] == 0


def test_a_good_submit_starts_the_record_and_shows_it(form):
    fill(form, points=30, since=dt.date(2026, 9, 1), kind="B")
    click(form.submit_button)
    assert form.problems == {}
    record = form.runner.get("test_view_trial", form.record_id, WORKER)
    assert record.values["since"] == "2026-09-01" and record.values["kind"] == "B"
    assert record.state == "draft"
    shown = form.feedback.objects[0]
    assert shown.alert_type == "success" and "照顾独居老人" in shown.object


def test_a_double_click_starts_one_record(form):
    fill(form)
    click(form.submit_button)
    form.submit()
    assert form.runner.search("test_view_trial", WORKER)[0] == 1


def test_fixing_problems_and_resubmitting_starts_one_record(form):
    click(form.submit_button)
    fill(form)
    click(form.submit_button)
    assert form.record_id is not None
    assert form.runner.search("test_view_trial", WORKER)[0] == 1


def test_refusals_from_the_kernel_are_shown_as_alerts(runner, trial):
    form = RecordForm(runner=runner, actor=REVIEWERS[0], slug="test_view_trial")
    fill(form)
    click(form.submit_button)
    shown = form.feedback.objects[0]
    assert shown.alert_type == "warning" and "需要以下角色之一" in shown.object
    assert "Traceback" not in shown.object


def test_the_form_speaks_english_when_chosen(runner):
    with i18n.using_locale("en"):
        form = RecordForm(runner=runner, actor=WORKER, slug="good_deed")
    assert form.inputs["resident"].label == "Resident *"
    assert form.inputs["category"].options == {"Good deed": "GOOD_DEED",
                                               "Care for elders and family": "FILIAL_CARE",
                                               "Neighbourly help": "NEIGHBOUR_HELP"}
    assert form.submit_button.label == "Submit"
