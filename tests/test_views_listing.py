"""A workflow's list: state filter, text search and pages, all answered by runner.search."""

from meide.views.listing import Listing

from .views_support import OFFICER, OUTSIDER, WORKER, runner, started, trial  # noqa: F401


def fill(runner, count):
    records = [started(runner, story=f"第{i}件事") for i in range(count)]
    runner.apply("test_view_trial", records[0].id, "submit", WORKER)
    return records


def listing(runner, actor=OFFICER, **params):
    return Listing(runner=runner, actor=actor, slug="test_view_trial", **params)


def test_the_list_shows_a_page_of_records_newest_first(runner, trial):
    records = fill(runner, 25)
    view = listing(runner, page_size=10)
    assert view.total == 25 and [r.id for r in view.rows.records][:1] == [records[-1].id]
    assert len(view.rows.records) == 10 and "第 1/3 页" in view.rows.lines.status


def test_the_state_filter_and_search_run_on_the_server(runner, trial):
    records = fill(runner, 5)
    view = listing(runner)
    view.state_filter.value = "review"
    assert [r.id for r in view.rows.records] == [records[0].id]
    view.state_filter.value = ""
    view.search_box.value = "第3件"
    assert [r.id for r in view.rows.records] == [records[3].id]


def test_state_choices_are_the_declared_labels(runner, trial):
    options = listing(runner).state_filter.options
    assert options["全部状态"] == "" and options["公示中"] == "notice"


def test_a_new_filter_starts_on_the_first_page(runner, trial):
    fill(runner, 25)
    view = listing(runner, page_size=10)
    view.rows.lines.turn(1)
    assert view.page == 1
    view.search_box.value = "件事"
    assert view.page == 0 and view.total == 25


def test_only_records_in_scope_are_listed(runner, trial):
    fill(runner, 3)
    assert listing(runner, actor=OUTSIDER).total == 0


def test_the_open_button_names_the_record(runner, trial):
    records = fill(runner, 2)
    view = listing(runner)
    view.rows.open(("test_view_trial", records[1].id))
    assert view.opened == ("test_view_trial", records[1].id)
