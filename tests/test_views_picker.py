"""The reference picker asks the server for matches as staff type, within their scope."""

from meide.views.picker import NOBODY, ReferencePicker

import pytest

from meide.kernel import Actor

from .views_support import LIMING, OFFICER, OUTSIDER, XIAOHUA, ZHANGWEI, runner  # noqa: F401

STREET = Actor("street1", "街道干部", {"街道管理员"}, subdistrict=1)


@pytest.fixture
def searches(runner, monkeypatch):  # noqa: F811
    """The texts the registry services were asked to search for, in order."""
    asked, search = [], runner.services.search

    def spied(kind, text, actor, limit=20):
        asked.append(text)
        return search(kind, text, actor, limit)
    monkeypatch.setattr(runner.services, "search", spied)
    return asked


def picker(runner, actor=OFFICER, **params):
    return ReferencePicker(services=runner.services, actor=actor, kind="resident", label="居民",
                           **params)


def test_typing_looks_matches_up_on_the_server(runner, searches):
    chooser = picker(runner)
    chooser.search_box.value_input = "张"
    assert searches == ["张"]
    assert list(chooser.choice.options.values()) == [NOBODY, XIAOHUA]
    # Name and home, no phone: enough to tell two residents of one name apart.
    assert "张晓华（1号楼1单元301）" in chooser.choice.options


def test_matches_stay_within_the_actors_scope(runner):
    chooser = picker(runner, actor=OUTSIDER)
    chooser.search_box.value_input = "张"
    assert list(chooser.choice.options.values()) == [NOBODY, ZHANGWEI]


def test_nothing_is_searched_or_offered_before_typing(runner, searches):
    chooser = picker(runner)
    assert searches == []
    assert list(chooser.choice.options.values()) == [NOBODY]
    chooser.search_box.value_input = "  "
    assert searches == []


def test_choosing_a_match_sets_the_value(runner):
    chooser = picker(runner)
    chooser.search_box.value_input = "李"
    chooser.choice.value = LIMING
    assert chooser.value == LIMING
    chooser.search_box.value_input = "张"       # a new search keeps the choice visible
    assert chooser.choice.value == LIMING and LIMING in chooser.choice.options.values()


def test_the_browser_shows_the_prompt_until_something_is_chosen(runner):
    chooser = picker(runner)
    for typed in ("", "张"):
        chooser.search_box.value_input = typed
        shown = chooser.choice.get_root()
        # The browser selects the option whose value equals the model's value.
        assert dict(shown.options)[shown.value] in ("暂无结果：请先输入搜索", "请从搜索结果中选择")
    assert chooser.value is None
    chooser.choice.value = XIAOHUA
    chooser.choice.value = NOBODY              # back to the prompt: nobody chosen
    assert chooser.value is None


def test_a_value_given_at_the_start_is_shown_by_name(runner):
    chooser = picker(runner, value=XIAOHUA)
    assert chooser.choice.value == XIAOHUA
    assert "张晓华" in chooser.choice.options


def test_at_most_limit_matches_are_sent(runner):
    chooser = picker(runner, limit=1)
    chooser.search_box.value_input = "张"
    assert len(chooser.choice.options) == 2          # the prompt and one match


def test_grids_are_offered_before_typing_in_natural_order(runner, searches):  # noqa: F811
    runner.services.registry.grids.add(name="第十网格", community="北门社区")
    runner.services.registry.grids.add(name="第三网格", community="北门社区")
    chooser = ReferencePicker(services=runner.services, actor=OFFICER, kind="grid", label="网格")
    assert searches == [""]                             # a few of them: listed at once
    assert list(chooser.choice.options)[1:] == ["第一网格", "第二网格", "第三网格", "第十网格"]
    chooser.search_box.value_input = "十"
    assert list(chooser.choice.options)[1:] == ["第十网格"]


def test_beyond_one_community_a_grid_is_named_with_its_community(runner):  # noqa: F811
    chooser = ReferencePicker(services=runner.services, actor=STREET, kind="grid", label="网格")
    assert list(chooser.choice.options)[1:] == ["北门社区第一网格", "北门社区第二网格",
                                                "翰林街社区第一网格"]
