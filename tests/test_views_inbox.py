"""The inbox lists what waits for the signed-in person, a page at a time, with open buttons."""

from meide.views.inbox import Inbox

from .views_support import (OFFICER, OUTSIDER, REVIEWERS, WORKER, click, runner,  # noqa: F401
                            started, trial)


def submitted(runner, count=1):
    records = [started(runner, story=f"事迹{i}") for i in range(count)]
    return [runner.apply("test_view_trial", r.id, "submit", WORKER) for r in records]


def test_the_inbox_lists_records_waiting_for_the_actor(runner, trial):
    record, = submitted(runner)
    inbox = Inbox(runner=runner, actor=REVIEWERS[0])
    assert [r.id for r in inbox.rows.records] == [record.id]
    assert inbox.total == 1 and "1" in inbox.status.object
    assert Inbox(runner=runner, actor=OUTSIDER).rows.records == []


def test_the_open_button_names_the_record(runner, trial):
    record, = submitted(runner)
    inbox = Inbox(runner=runner, actor=OFFICER)
    inbox.rows.open(("test_view_trial", record.id))
    assert inbox.opened == ("test_view_trial", record.id)


def test_the_inbox_turns_pages(runner, trial):
    submitted(runner, 5)
    inbox = Inbox(runner=runner, actor=REVIEWERS[0], page_size=2)
    assert len(inbox.rows.records) == 2 and inbox.previous.disabled
    click(inbox.next)
    click(inbox.next)
    assert inbox.page == 2 and len(inbox.rows.records) == 1 and inbox.next.disabled


def test_an_empty_inbox_says_so(runner, trial):
    inbox = Inbox(runner=runner, actor=WORKER)
    assert "没有等您办理的事项" in inbox.rows.__panel__().objects[0].object
