"""信用星级楼道评比期结算: at the end of a quarter, freeze every building's score and stars, name
the 最美楼栋流动牌 holder for the next quarter, and issue the plaque and the 信用星级榜."""

import param

from meide import clock
from meide.kernel import IssueDocument, Output, Reference, State, Transition, Workflow
from meide.kernel.defaults import closing_quarter, closing_year
from meide.kernel.migrations import MoveRecords
from meide.periods import Period
from meide.stairwells import RotatingPlaque
from meide.stairwells.effects import ClosePeriod
from meide.stairwells.plaque import TABLE as PLAQUE_TABLE

OFFICERS = ("社区管理员", "街道管理员")


class StairwellPeriod(Workflow):
    """The close of one evaluation period of the star stairwells, for a community or all."""

    slug = "stairwell_period"
    title = "信用星级楼道评比期结算"
    description = "季度末结算：按居民积分、楼道检查和公约遵守评出楼栋星级，最美楼栋下季度持流动牌，" \
                  "印发流动牌和信用星级榜。"
    start_roles = OFFICERS
    required = ("year", "quarter")
    scope_field = "community"
    # A period closes once it is over: the form offers the last quarter that has ended.
    sample = {"year": closing_year(), "quarter": closing_quarter()}
    # Closes were once records of star_stairwell (purpose "评比期结算"): they live here now.
    migrations = (MoveRecords(source="star_stairwell", where={"purpose": "close"},
                              dropped=("purpose",), sources=(PLAQUE_TABLE,)),)

    community = Reference(kind="community", label="结算社区", blank="全街道",
                          doc="结算哪个社区；不填为您所在的社区（街道管理员不填为全街道）。")
    year = param.Integer(default=None, default_factory=closing_year, bounds=(2020, 2100),
                         doc="评比期所在年份。", label="年份")
    quarter = param.Integer(default=None, default_factory=closing_quarter, bounds=(1, 4),
                            doc="第几季度。", label="季度")
    period_key = Output("评比期", "结算的评比期代码（年份、Q 和季度）。", default="", shown=False)
    scope_name = Output("结算范围", "结算范围（社区或街道）。", default="")
    holder = Output("流动牌楼栋", "本期最美楼栋（下期持流动牌）。", default={},
                    columns={"building_name": "楼栋", "community_name": "社区", "score": "得分",
                             "stars": "星级"})
    holds_for = Output("持牌期", "流动牌持有期。", default={}, columns={"label": "季度", "start": "自", "end": "至"})
    scores = Output("楼栋得分", "结算时冻结的各楼栋得分和星级。", default=[],
                    columns={"rank": "名次", "building_name": "楼栋", "community_name": "社区",
                             "residents": "居民数", "members": "居民积分（折算）",
                             "inspection": "楼道检查", "compliance": "公约遵守", "score": "总分",
                             "stars": "星级"})
    holders = Output("流动牌历史", "历次结算的持牌楼栋（最早的在前）。", default=[],
                     columns={"period": "评比期", "building": "楼栋", "score": "得分"})
    plaque = Output("流动牌", "流动牌的印制数据。", default={}, shown=False)
    board = Output("星级榜", "信用星级榜的印制数据。", default={}, shown=False)

    states = [
        State("draft", "草拟"),
        State("closed", "评比期已结算", final=True),
        State("cancelled", "已作废", final=True),
    ]
    transitions = [
        Transition("close_period", "结算评比期", "draft", "closed", roles=OFFICERS,
                   guard="close_ready"),
        Transition("cancel", "作废", "draft", "cancelled", roles=OFFICERS,
                   comment_required=True, style="danger"),
    ]
    effects = {"closed": [ClosePeriod(),
                          IssueDocument(kind="plaque", title="最美楼栋流动牌", heading="最美楼栋"),
                          IssueDocument(kind="board", title="信用星级榜")]}

    def summary(self) -> str:
        return f"{Period.quarter(self.year, self.quarter).label}信用星级楼道结算"

    def close_ready(self, services) -> str:
        """Why the period cannot be closed yet ("" when it can)."""
        period = Period.quarter(self.year, self.quarter)
        if clock.today() < period.end:
            return f"{period.label}到{period.last_day.month}月{period.last_day.day}日才结束，结束后才能结算"
        if RotatingPlaque(services.store()).closed(self.community, period.key):
            return f"{period.label}已经结算过，不能重复结算"
        return ""
