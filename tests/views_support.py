"""Shared by the view tests: the real engine over a temporary store (the small 古槐街道 with
three residents and the actors' staff accounts), and a trial workflow."""

import datetime as dt

import param
import pytest

from meide import clock, i18n
from meide.kernel import (Actor, AwardPoints, Quorum, Reference, State, Timed, Transition,
                          Workflow, catalog)
from meide.kernel.permissions import actor_from_staff

from .registry_support import add_resident

PASSWORD = "Meide-2026-test"
# The small registry's ids: 古槐街道 1; 北门社区 1 with 第一网格 1; 翰林街社区 2.
SUBDISTRICT, BEIMEN, FIRST_GRID, HANLIN = 1, 1, 1, 2
WORKER = Actor("grid1", "网格员甲", {"网格员"}, subdistrict=SUBDISTRICT, community=BEIMEN,
               grid=FIRST_GRID)
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, subdistrict=SUBDISTRICT,
                community=BEIMEN)
OFFICER2 = Actor("officer2", "社区干部乙", {"社区管理员"}, subdistrict=SUBDISTRICT,
                 community=BEIMEN)
REVIEWERS = [Actor(f"rev{i}", f"评委{i}", {"评审委员"}, subdistrict=SUBDISTRICT, community=BEIMEN)
             for i in range(3)]
OUTSIDER = Actor("officer9", "别社区干部", {"社区管理员"}, subdistrict=SUBDISTRICT,
                 community=HANLIN)
ACTORS = [WORKER, OFFICER, OFFICER2, *REVIEWERS, OUTSIDER]
# The residents the fixture adds, by their ids: 张晓华 and 李明 in 北门社区's first grid, 张伟 in
# 翰林街社区.
XIAOHUA, LIMING, ZHANGWEI = 1, 2, 3
RESIDENTS = {XIAOHUA: ("张晓华", "13812345678", "北门社区", "301"),
             LIMING: ("李明", "13812345679", "北门社区", "302"),
             ZHANGWEI: ("张伟", "13812345670", "翰林街社区", "101")}


def scope_text(actor) -> str:
    """The scope of actor as a staff account names it ('北门社区/第一网格')."""
    community = {BEIMEN: "北门社区", HANLIN: "翰林街社区"}.get(actor.community)
    if community is None:
        return "古槐街道"
    return community + ("/第一网格" if actor.grid else "")


def add_staff(registry, actor) -> Actor:
    """A staff account for actor; the Actor it signs in as (which is actor)."""
    role, = actor.roles
    registry.staff.add(actor.username, actor.name, PASSWORD, [role], scope_text(actor))
    signed_in = actor_from_staff(registry.staff.by_username(actor.username))
    assert signed_in == actor, (signed_in, actor)
    return signed_in


def declare_trial():
    """A nomination with every kernel feature the views show: a 2-of-3 会签 and a 公示."""

    class ViewTrial(Workflow):
        """A trial nomination."""

        slug = "test_view_trial"
        title = "测试评选"
        start_roles = ("网格员", "社区管理员")
        required = ("nominee", "story")
        scope_field = "nominee"
        title_field = "story"
        long_text = ("story",)

        nominee = Reference(kind="resident", doc="被提名的居民。", label="被提名人")
        story = param.String(default="", doc="事迹。", label="事迹")
        points = param.Integer(default=0, bounds=(0, 100), doc="已有积分。", label="积分")
        since = param.CalendarDate(default=None, doc="开始日期。", label="开始日期")
        kind = param.Selector(default="A", objects={"甲类": "A", "乙类": "B"}, doc="类别。",
                              label="类别")
        public = param.Boolean(default=True, doc="是否公开。", label="公开")

        states = [
            State("draft", "草稿", editable=("story", "points")),
            State("review", "评审中"),
            State("notice", "公示中", timed=Timed(days=7, then="approve",
                                                on_objection=("reopen", "revise"))),
            State("approved", "已通过", final=True),
            State("rejected", "未通过", final=True),
        ]
        transitions = [
            Transition("submit", "提交", "draft", "review", roles=("网格员", "社区管理员")),
            Transition("pass_review", "评审通过", "review", "notice", roles=("评审委员",),
                       approves=True, quorum=Quorum(count=2)),
            Transition("reject", "不通过", "review", "rejected", roles=("社区管理员",),
                       approves=True, comment_required=True, style="danger"),
            Transition("approve", "公示期满通过", "notice", "approved", system=True),
            Transition("reopen", "重新评审", "notice", "review", roles=("社区管理员",)),
            Transition("revise", "退回修改", "notice", "draft", roles=("社区管理员",)),
        ]
        effects = {"approved": [AwardPoints(account_field="nominee", rule="ROLE_MODEL")]}

    return ViewTrial


@pytest.fixture
def runner(engine):
    """The engine's Runner over the small registry with RESIDENTS, the clock at 2026-10-01
    09:00, the UI in Chinese. (The runner needs no staff accounts for the ACTORS; pages that
    act through the registry as the signed-in person do: add_staff.)"""
    for resident_id, (name, phone, community, room) in RESIDENTS.items():
        assert add_resident(engine.registry, name=name, phone=phone, community=community,
                            room=room) == resident_id
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)), i18n.using_locale("zh_CN"):
        yield engine.runner


@pytest.fixture
def trial():
    cls = declare_trial()
    yield cls
    catalog.unregister(cls.slug)


def started(runner, actor=WORKER, **values):
    values = {"nominee": XIAOHUA, "story": "照顾独居老人", **values}
    return runner.start("test_view_trial", actor, values)


def click(button):
    """What a browser click does to a Panel button on the server."""
    button.clicks += 1
