"""The reference picker asks the server for matches as staff type, within their scope."""

from meide.views.picker import NOBODY, ReferencePicker

from .views_support import OFFICER, OUTSIDER, TrialServices, runner  # noqa: F401


def picker(runner, actor=OFFICER, **params):
    return ReferencePicker(services=runner.services, actor=actor, kind="resident", label="居民",
                           **params)


def test_typing_looks_matches_up_on_the_server(runner):
    chooser = picker(runner)
    chooser.search_box.value_input = "张"
    assert runner.services.searches == ["张"]
    assert list(chooser.choice.options.values()) == [NOBODY, 7]
    assert "张晓华" in chooser.choice.options


def test_matches_stay_within_the_actors_scope(runner):
    chooser = picker(runner, actor=OUTSIDER)
    chooser.search_box.value_input = "张"
    assert list(chooser.choice.options.values()) == [NOBODY, 9]


def test_nothing_is_searched_or_offered_before_typing(runner):
    chooser = picker(runner)
    assert runner.services.searches == []
    assert list(chooser.choice.options.values()) == [NOBODY]
    chooser.search_box.value_input = "  "
    assert runner.services.searches == []


def test_choosing_a_match_sets_the_value(runner):
    chooser = picker(runner)
    chooser.search_box.value_input = "李"
    chooser.choice.value = 8
    assert chooser.value == 8
    chooser.search_box.value_input = "张"       # a new search keeps the choice visible
    assert chooser.choice.value == 8 and 8 in chooser.choice.options.values()


def test_the_browser_shows_the_prompt_until_something_is_chosen(runner):
    chooser = picker(runner)
    for typed in ("", "张"):
        chooser.search_box.value_input = typed
        shown = chooser.choice.get_root()
        # The browser selects the option whose value equals the model's value.
        assert dict(shown.options)[shown.value] in ("暂无结果：请先输入搜索", "请从搜索结果中选择")
    assert chooser.value is None
    chooser.choice.value = 7
    chooser.choice.value = NOBODY              # back to the prompt: nobody chosen
    assert chooser.value is None


def test_a_value_given_at_the_start_is_shown_by_name(runner):
    chooser = picker(runner, value=7)
    assert chooser.choice.value == 7
    assert "张晓华" in chooser.choice.options


def test_at_most_limit_matches_are_sent(runner):
    chooser = picker(runner, limit=1)
    chooser.search_box.value_input = "张"
    assert len(chooser.choice.options) == 2          # the prompt and one match
