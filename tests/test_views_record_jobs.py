"""Record actions as jobs: a slow transition runs in a worker, shows a busy bar, acts once."""

import threading

from meide.views.record import RecordPage

from .views_support import WORKER, click, runner, started, trial  # noqa: F401

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


def test_a_refused_action_in_the_worker_is_shown_and_buttons_return(runner, trial):  # noqa: F811
    record = started(runner)
    view = RecordPage(runner=runner, actor=WORKER, slug=record.slug, record_id=record.id)
    view.job.threaded = True
    runner.apply(record.slug, record.id, "submit", WORKER)     # someone else was quicker
    click(view.action_buttons["submit"])
    assert view.job.wait(WAIT)
    [message] = view.feedback.objects
    assert message.alert_type in ("warning", "danger")
    assert not view.action_buttons["submit"].disabled
