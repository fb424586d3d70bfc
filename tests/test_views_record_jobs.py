"""Record actions as jobs: a slow transition runs in a worker, shows a busy bar, acts once."""

import threading

from meide.kernel import TransitionError
from meide.views.record import RecordPage

from .views_support import OFFICER, WORKER, click, runner, started, trial  # noqa: F401

WAIT = 10.0


def slow_apply(runner, monkeypatch):
    """runner.apply held until the returned event is set (a quarter closing over many accounts);
    the event `entered` tells the test the transition began."""
    entered, release = threading.Event(), threading.Event()
    apply = runner.apply

    def held(*args, **kwargs):
        entered.set()
        release.wait(WAIT)
        return apply(*args, **kwargs)

    monkeypatch.setattr(runner, "apply", held)
    return entered, release


def test_a_slow_action_runs_in_a_worker_and_shows_a_busy_bar(runner, trial,  # noqa: F811
                                                               monkeypatch):
    record = started(runner)
    view = RecordPage(runner=runner, actor=WORKER, slug=record.slug, record_id=record.id)
    view.job.param.update(threaded=True, delay=0.05)
    entered, release = slow_apply(runner, monkeypatch)
    shown = threading.Event()
    view.job.bar.param.watch(lambda event: event.new and shown.set(), "visible")
    submit = view.action_buttons["submit"]
    click(submit)
    assert entered.wait(WAIT) and shown.wait(WAIT)
    # Meanwhile the page stays as it was, its buttons disabled: a second click does nothing.
    assert submit.disabled and view.job.running
    click(submit)
    release.set()
    assert view.job.wait(WAIT)
    assert runner.get(record.slug, record.id, WORKER).state == "review"
    assert len(runner.history(record.slug, record.id, WORKER)) == 2     # started, submitted once
    assert view.feedback.objects[0].alert_type == "success"
    assert not view.job.bar.visible and view.action_buttons == {}


def test_a_refused_action_in_the_worker_is_shown_and_buttons_return(runner, trial,  # noqa: F811
                                                                    monkeypatch):
    record = started(runner)
    view = RecordPage(runner=runner, actor=WORKER, slug=record.slug, record_id=record.id)
    view.job.threaded = True
    monkeypatch.setattr(runner, "apply", lambda *args, **kwargs: (_ for _ in ()).throw(
        TransitionError("系统维护中，请稍后再试")))
    click(view.action_buttons["submit"])
    assert view.job.wait(WAIT)
    [message] = view.feedback.objects
    assert message.alert_type in ("warning", "danger") and "系统维护中" in message.object
    assert not view.action_buttons["submit"].disabled


def test_a_click_on_a_record_someone_else_just_changed_does_nothing_and_says_so(
        runner, trial):  # noqa: F811
    record = started(runner)
    view = RecordPage(runner=runner, actor=WORKER, slug=record.slug, record_id=record.id)
    view.job.threaded = True
    runner.apply(record.slug, record.id, "submit", OFFICER)     # someone else was quicker
    click(view.action_buttons["submit"])
    assert view.job.wait(WAIT)
    history = runner.history(record.slug, record.id, WORKER)
    assert [entry["action"] for entry in history] == ["start", "transition"]   # one effect
    [message] = view.feedback.objects
    assert "已被" in message.object and "评审中" in message.object
    # The page now shows what the other person did: the record is in review, no 提交 button.
    assert "submit" not in view.action_buttons and view.record.state == "review"


def test_an_open_page_catches_up_with_another_sessions_change(runner, trial):  # noqa: F811
    record = started(runner)
    view = RecordPage(runner=runner, actor=OFFICER, slug=record.slug, record_id=record.id)
    view.refresh_if_changed()
    assert view.record.state == "draft" and view.feedback.objects == []
    runner.apply(record.slug, record.id, "submit", WORKER)
    view.refresh_if_changed()
    assert view.record.state == "review" and "他人" in view.feedback.objects[0].object
