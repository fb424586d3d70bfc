"""Shared by the view tests: a runner on a temporary store, trial services and a trial workflow."""

import datetime as dt

import param
import pytest

import store
from meide import clock, i18n
from meide.kernel import (Actor, AwardPoints, Quorum, Reference, Runner, Services, State, Timed,
                          Transition, Workflow, catalog)

WORKER = Actor("grid1", "网格员甲", {"网格员"}, community="北门社区", grid="一网格")
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community="北门社区")
OFFICER2 = Actor("officer2", "社区干部乙", {"社区管理员"}, community="北门社区")
REVIEWERS = [Actor(f"rev{i}", f"评委{i}", {"评审委员"}, community="北门社区") for i in range(3)]
OUTSIDER = Actor("officer9", "别社区干部", {"社区管理员"}, community="铁塔寺社区")
# Residents the trial registry knows: id → (name, community).
RESIDENTS = {7: ("张晓华", "北门社区"), 8: ("李明", "北门社区"), 9: ("张伟", "铁塔寺社区")}


class TrialLedger:
    """Awards as the points ledger makes them: one per idempotency key."""

    def __init__(self, opened_store):
        self.table = opened_store.table("test_awards")

    def award(self, account, rule, *, quantity, reason, source, actor, key):
        existing = self.table.get(store.where("key") == key)
        if existing is None:
            doc_id = self.table.insert({"account": account, "rule": rule, "key": key,
                                        "points": 10, "source": source})
            existing = self.table.get(doc_id=doc_id)
        return type("Entry", (), {"points": existing["points"], "id": existing.doc_id})()


class TrialServices(Services):
    """A registry of three residents in two communities, searched within the actor's scope."""

    def __init__(self, opened_store):
        self.ledger = TrialLedger(opened_store)
        self.searches = []

    def describe(self, kind, record_id):
        return RESIDENTS[int(record_id)][0]

    def search(self, kind, text, actor, limit=20):
        self.searches.append(text)
        return [(rid, name) for rid, (name, community) in RESIDENTS.items()
                if text in name and actor.covers({"community": community, "grid": "一网格"})
                ][:limit]

    def scope_of(self, kind, record_id):
        return {"community": RESIDENTS[int(record_id)][1], "grid": "一网格"}

    def account(self, kind, record_id):
        return f"{kind}:{record_id}"


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
            State("draft", "草稿"),
            State("review", "评审中"),
            State("notice", "公示中", timed=Timed(days=7, then="approve", on_objection="reopen")),
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
            Transition("reopen", "异议成立，重新评审", "notice", "review", roles=("社区管理员",)),
        ]
        effects = {"approved": [AwardPoints(account_field="nominee", rule="ROLE_MODEL")]}

    return ViewTrial


@pytest.fixture
def runner(tmp_path):
    """A Runner over a fresh store, the clock at 2026-10-01 09:00, the UI in Chinese."""
    opened = store.open_store(tmp_path / "data")
    with clock.frozen(dt.datetime(2026, 10, 1, 9, 0)), i18n.using_locale("zh_CN"):
        yield Runner(opened, TrialServices(opened))
    opened.close()


@pytest.fixture
def trial():
    cls = declare_trial()
    yield cls
    catalog.unregister(cls.slug)


def started(runner, actor=WORKER, **values):
    values = {"nominee": 7, "story": "照顾独居老人", **values}
    return runner.start("test_view_trial", actor, values)


def click(button):
    """What a browser click does to a Panel button on the server."""
    button.clicks += 1
