"""Choice fields: names offered from data per community, checked on start and on edits."""

import pytest

import store
from meide.kernel import (Actor, Choice, DeclarationError, FieldError, Reference, Runner,
                          Services, State, Transition, Workflow, catalog)
from meide.kernel.fields import offered

OFFICER = Actor("officer", "社区干部", {"社区管理员"})
LISTS = {None: ["甲类", "乙类"], 7: ["丙类"]}      # what the "data" offers, per community


class ScopedServices(Services):
    def scope_of(self, kind, record_id):
        return {"community": record_id}


@pytest.fixture(autouse=True)
def forget_trials():
    before = {cls.slug for cls in catalog.all_workflows()}
    yield
    for cls in catalog.all_workflows():
        if cls.slug not in before:
            catalog.unregister(cls.slug)


def declare(options="kinds"):
    def kinds(cls, services, community):
        return LISTS.get(community, LISTS[None])
    namespace = {
        "slug": "choice_trial", "title": "试用", "start_roles": ("社区管理员",),
        "scope_field": "place", "kinds": classmethod(kinds),
        "place": Reference(kind="community", doc="所在社区。", label="社区"),
        "kind": Choice(default="甲类", objects=("甲类",), options=options, doc="类别。",
                       label="类别"),
        "states": [State("open", "待办", editable="kind"), State("done", "办结", final=True)],
        "transitions": [Transition("finish", "办结", "open", "done", roles=("社区管理员",))],
    }
    return type(Workflow)("ChoiceTrial", (Workflow,), {"__module__": __name__, **namespace})


@pytest.fixture
def runner(tmp_path):
    opened = store.open_store(tmp_path / "data")
    yield Runner(opened, ScopedServices())
    opened.close()


def test_a_start_accepts_only_what_the_records_community_offers(runner):
    cls = declare()
    assert offered(cls, cls.param.kind, None, 7) == ["丙类"]
    assert runner.start("choice_trial", OFFICER, {"place": 7, "kind": "丙类"}).state == "open"
    with pytest.raises(FieldError) as refused:
        runner.start("choice_trial", OFFICER, {"place": 7, "kind": "甲类"})
    assert refused.value.problems == {"kind": "“类别”只能是以下之一：丙类"}


def test_a_name_dropped_later_stays_in_its_record_but_cannot_be_chosen_again(runner):
    declare()
    record = runner.start("choice_trial", OFFICER, {"place": 1, "kind": "乙类"})
    LISTS[None] = ["甲类"]
    try:
        done = runner.apply("choice_trial", record.id, "finish", OFFICER)
        assert done.values["kind"] == "乙类"
        assert runner.instance(done).kind == "乙类"
        again = runner.start("choice_trial", OFFICER, {"place": 1, "kind": "甲类"})
        with pytest.raises(FieldError, match="只能是以下之一：甲类"):
            runner.apply("choice_trial", again.id, "finish", OFFICER, changes={"kind": "乙类"})
    finally:
        LISTS[None] = ["甲类", "乙类"]


def test_without_an_options_method_the_declared_names_are_offered():
    cls = declare(options="")
    assert offered(cls, cls.param.kind, None, 7) == ["甲类"]


def test_options_must_name_a_method():
    with pytest.raises(DeclarationError, match="options='nothing' 不是本类的 classmethod"):
        declare(options="nothing")
