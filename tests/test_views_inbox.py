"""The inbox lists what waits for the signed-in person, a page at a time, with open buttons."""

import datetime as dt

import pytest

from meide import clock
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


def test_the_words_typed_filter_what_waits(runner, trial):
    records = [r.id for r in submitted(runner, 3)]
    inbox = Inbox(runner=runner, actor=REVIEWERS[0])
    inbox.query = "事迹1"
    assert [r.id for r in inbox.rows.records] == [records[1]]
    assert inbox.total == 3 and inbox.shown == 1
    assert inbox.rows.lines.status == "共有 3 件事项等您办理。当前显示 1 件。"
    inbox.query = "测试评选  评审中"            # every word, in any part of the line
    assert inbox.shown == 3
    inbox.query = "没有这样的事"
    assert inbox.rows.records == [] and inbox.rows.lines.empty == "没有符合条件的待办事项。"


def test_filtering_goes_back_to_the_first_page(runner, trial):
    submitted(runner, 5)
    inbox = Inbox(runner=runner, actor=REVIEWERS[0], page_size=2)
    inbox.rows.lines.turn(1)
    inbox.query = "事迹"
    assert inbox.page == 0 and len(inbox.rows.records) == 2


@pytest.mark.parametrize("order, newest_first", [("oldest", False), ("newest", True)])
def test_the_list_is_sorted_as_chosen(runner, trial, order, newest_first):
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)):
        first = submitted(runner)[0]
    with clock.frozen(dt.datetime(2026, 10, 2, 9, 0)):
        second = submitted(runner)[0]
    inbox = Inbox(runner=runner, actor=REVIEWERS[0], order=order)
    expected = [second.id, first.id] if newest_first else [first.id, second.id]
    assert [r.id for r in inbox.rows.records] == expected


def test_a_kind_chosen_leaves_the_others_out(runner, trial):
    submitted(runner, 2)
    inbox = Inbox(runner=runner, actor=REVIEWERS[0], kind="good_deed")
    assert inbox.rows.records == [] and inbox.total == 2
    inbox.kind = "test_view_trial"
    assert len(inbox.rows.records) == 2
