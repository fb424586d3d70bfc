"""The history table names each step in words, with who, when, the comment and the changes."""

from meide import clock, i18n
from meide.views.history import history_html

from .views_support import OFFICER, REVIEWERS, WORKER, runner, started, trial  # noqa: F401


def rendered(runner, record):
    return history_html(runner, record.slug, runner.history(record.slug, record.id, OFFICER))


def test_every_kind_of_step_is_named(runner, trial):
    record = started(runner, points=20)
    runner.apply("test_view_trial", record.id, "submit", WORKER, comment="请审核")
    runner.apply("test_view_trial", record.id, "pass_review", REVIEWERS[0])
    runner.apply("test_view_trial", record.id, "pass_review", REVIEWERS[1])
    runner.object("test_view_trial", record.id, WORKER, "有出入")
    runner.decide("test_view_trial", record.id, 1, OFFICER, upheld=False, comment="属实")
    clock.advance(days=8)
    runner.tick()
    html = rendered(runner, record)
    for words in ("发起", "提交", "请审核", "会签：评审通过", "评审通过", "提出异议", "有出入",
                  "异议不成立", "属实", "公示期满通过", "系统（到期自动）", "网格员甲",
                  "2026年10月1日 09:00"):
        assert words in html, words


def test_changes_show_labels_and_names(runner, trial):
    html = rendered(runner, started(runner, kind="B"))
    assert "被提名人：张晓华" in html and "类别：乙类" in html


def test_what_staff_typed_is_escaped(runner, trial):
    record = started(runner, story="<script>alert(1)</script>")
    html = rendered(runner, record)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_table_speaks_english_when_chosen(runner, trial):
    record = started(runner)
    with i18n.using_locale("en"):
        html = rendered(runner, record)
    assert "Started" in html and "Time" in html and "1 Oct 2026 09:00" in html
