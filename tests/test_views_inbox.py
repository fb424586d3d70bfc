"""The inbox lists what waits for the signed-in person, a page at a time, with open buttons."""

from meide.views.inbox import Inbox

from .views_support import (OFFICER, OUTSIDER, REVIEWERS, WORKER, runner,  # noqa: F401
                            started, trial)


def submitted(runner, count=1):
    records = [started(runner, story=f"事迹{i}") for i in range(count)]
    return [runner.apply("test_view_trial", r.id, "submit", WORKER) for r in records]


def test_the_inbox_lists_records_waiting_for_the_actor(runner, trial):
    record, = submitted(runner)
    inbox = Inbox(runner=runner, actor=REVIEWERS[0])
    assert [r.id for r in inbox.rows.records] == [record.id]
    assert inbox.total == 1 and inbox.rows.lines.status == "共有 1 件事项等您办理。"
    assert Inbox(runner=runner, actor=OUTSIDER).rows.records == []


def test_the_open_button_names_the_record(runner, trial):
    record, = submitted(runner)
    inbox = Inbox(runner=runner, actor=OFFICER)
    inbox.rows.open(("test_view_trial", record.id))
    assert inbox.opened == ("test_view_trial", record.id)


def enabled(inbox) -> dict:
    """{step: enabled} of the page buttons the inbox shows."""
    return {step: on for step, _label, on in inbox.rows.lines.pager}


def test_the_inbox_turns_pages(runner, trial):
    submitted(runner, 5)
    inbox = Inbox(runner=runner, actor=REVIEWERS[0], page_size=2)
    assert len(inbox.rows.records) == 2 and enabled(inbox) == {-1: False, 1: True}
    inbox.rows.lines.turn(1)
    inbox.rows.lines.turn(1)
    assert inbox.page == 2 and len(inbox.rows.records) == 1
    assert enabled(inbox) == {-1: True, 1: False}
    inbox.rows.lines.turn(-1)
    assert inbox.page == 1


def test_a_disabled_or_forged_page_button_turns_nothing(runner, trial):
    submitted(runner, 3)
    inbox = Inbox(runner=runner, actor=REVIEWERS[0], page_size=2)
    for message in ({"turn": -1}, {"turn": 5}, {"turn": "1"}, {"line": "nope:1"}, "1"):
        inbox.rows.lines._handle_msg(message)
    assert inbox.page == 0 and inbox.opened is None
    inbox.rows.lines._handle_msg({"turn": 1})
    assert inbox.page == 1


def test_an_empty_inbox_says_so(runner, trial):
    inbox = Inbox(runner=runner, actor=WORKER)
    lines = inbox.rows.lines
    assert lines.rows == [] and lines.empty == "没有等您办理的事项。"
