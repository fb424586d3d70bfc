"""The Job view: work in a worker thread, progress shown, a second start refused, errors shown."""

import threading

import panel as pn

from meide.registry.errors import RegistryError
from meide.views.jobs import INDETERMINATE, Job

WAIT = 10.0


def alerts(job) -> list:
    return [(pane.alert_type, pane.object) for pane in job.outcome.objects]


def test_work_runs_in_a_worker_thread_and_its_outcome_is_shown():
    start = pn.widgets.Button(label="开始")
    job = Job(buttons=[start], threaded=True)
    ran_on = []

    def work(report):
        ran_on.append(threading.current_thread())
        return 42

    assert job.start(work, finished=lambda result: f"得到 {result}")
    assert job.wait(WAIT)
    assert ran_on and ran_on[0] is not threading.current_thread()
    assert alerts(job) == [("success", "得到 42")]
    assert not job.running and not start.disabled
    assert not job.bar.visible and not job.line.visible


def test_progress_is_shown_as_a_bar_and_a_count_while_the_work_runs():
    job = Job(threaded=True)
    halfway, go_on = threading.Event(), threading.Event()

    def work(report):
        report(340, 1000)
        halfway.set()
        go_on.wait(WAIT)
        return None

    job.start(work)
    assert halfway.wait(WAIT)
    assert job.running and job.bar.visible and job.line.visible
    assert (job.done, job.total, job.bar.value) == (340, 1000, 34)
    assert job.line.object == "已完成 340/1000"
    go_on.set()
    assert job.wait(WAIT)
    assert job.outcome.objects == [] and not job.bar.visible


def test_reports_are_sent_at_most_every_quarter_second_but_the_last_always():
    job = Job()
    counts = []
    job.param.watch(lambda event: counts.append(event.new), "done")
    # Inline here (no served session, not threaded); 500 reports take far less than 0.25 s.
    job.start(lambda report: [report(done, 500) for done in range(1, 501)])
    assert counts[0] == 1 and counts[-1] == 500 and len(counts) <= 3


def test_a_fraction_is_reported_as_a_share_of_the_bar():
    job = Job(threaded=True)
    reported, release = threading.Event(), threading.Event()

    def work(report):
        report(0.25)
        reported.set()
        release.wait(WAIT)

    job.start(work)
    assert reported.wait(WAIT)
    assert job.bar.value == 25 and job.line.object == "已完成 25%"
    release.set()
    assert job.wait(WAIT)


def test_a_second_start_while_one_runs_is_refused_and_said():
    start = pn.widgets.Button(label="开始")
    job = Job(buttons=[start], threaded=True)
    release = threading.Event()
    calls = []

    def work(report):
        calls.append(1)
        release.wait(WAIT)
        return "first"

    assert job.start(work)
    assert start.disabled
    assert not job.start(work)
    assert alerts(job) == [("warning", "上一项操作还在进行，请等它完成后再试。")]
    release.set()
    assert job.wait(WAIT)
    assert calls == [1] and not start.disabled
    assert job.start(lambda report: "again", finished=lambda result: result)
    assert job.wait(WAIT) and alerts(job) == [("success", "again")]


def test_an_error_in_the_work_is_shown_in_staff_words_and_the_job_can_start_again():
    start = pn.widgets.Button(label="开始")
    job = Job(buttons=[start], threaded=True)

    def broken(report):
        report(1, 3)
        raise RegistryError("第3行：手机号应为11位数字")

    job.start(broken, finished=lambda result: "不该出现")
    assert job.wait(WAIT)
    assert alerts(job) == [("warning", "第3行：手机号应为11位数字")]
    assert not job.running and not start.disabled and not job.bar.visible


def test_an_unexpected_error_is_shown_without_a_traceback(caplog):
    job = Job(threaded=True)
    job.start(lambda report: 1 / 0)
    assert job.wait(WAIT)
    [(kind, text)] = alerts(job)
    assert kind == "danger" and "出了点问题" in text and "ZeroDivision" not in text
    assert "ZeroDivisionError" in caplog.text          # the log keeps the bug for the developer


def test_failed_decides_what_an_error_shows():
    job = Job(threaded=True)
    job.start(lambda report: 1 / 0, failed=lambda exc: f"没有算出来（{type(exc).__name__}）")
    assert job.wait(WAIT)
    assert alerts(job) == [("success", "没有算出来（ZeroDivisionError）")]


def test_a_delay_keeps_a_quick_operation_from_showing_a_bar():
    job = Job(delay=5.0, threaded=True)
    job.start(lambda report: None)
    assert job.wait(WAIT)
    assert not job.bar.visible and not job.line.visible


def test_a_slow_operation_shows_its_busy_bar_after_the_delay():
    job = Job(delay=0.05, threaded=True)
    shown, release = threading.Event(), threading.Event()
    job.bar.param.watch(lambda event: event.new and shown.set(), "visible")
    job.start(lambda report: release.wait(WAIT))
    assert shown.wait(WAIT)
    assert job.bar.value == INDETERMINATE and job.line.object == "正在处理…"
    release.set()
    assert job.wait(WAIT) and not job.bar.visible


def test_an_error_is_still_shown_when_the_session_runs_the_change_later():
    # Served, the outcome is shown by a callback the session's event loop runs after the
    # worker's except block has ended.
    job = Job(threaded=True)
    later = []
    job._in_session = later.append
    job.start(lambda report: 1 / 0, failed=lambda exc: f"失败：{type(exc).__name__}")
    for _tick in range(1000):           # up to 10 s for the worker to hand its change over
        if later:
            break
        threading.Event().wait(0.01)
    for change in later:
        change()
    assert job.wait(WAIT)
    assert alerts(job) == [("success", "失败：ZeroDivisionError")]


def test_an_idle_job_puts_nothing_on_the_page_until_it_has_something_to_show():
    job = Job(delay=5.0)
    assert job.__panel__().objects == []
    job.start(lambda report: None)                 # quick and silent: still nothing
    assert job.__panel__().objects == []
    job.start(lambda report: "已打印 3 张", finished=lambda printed: printed)
    assert job.__panel__().objects == [job.outcome]
    assert alerts(job) == [("success", "已打印 3 张")]
    at_once = Job()
    at_once.start(lambda report: None)
    # Its bar and line were shown while it ran; once it ended they leave the page, and the
    # line's "finishing…" with them.
    assert at_once.__panel__().objects == [] and at_once.line.object == ""
