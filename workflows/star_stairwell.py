"""信用星级楼道: stairwell inspections (检查 → 审核 → 记录) and the period close that names the
最美楼栋流动牌 holder and issues the plaque and the 信用星级榜."""

from typing import ClassVar

import param

from meide import clock
from meide.kernel import (AwardEach, Compute, IssueDocument, Reference, State, Transition,
                         Workflow, computed)
from meide.rating import ScorecardInvalid, Scorecards
from meide.stairwells import Period, RotatingPlaque, inspections
from meide.stairwells.effects import ClosePeriod, RecordInspection

INSPECTORS = ("楼长", "网格员", "社区管理员")
OFFICERS = ("社区管理员", "街道管理员")
PURPOSES = {"楼道检查": "inspection", "评比期结算": "close"}


def _mark(criterion: str, hint: str):
    # One field per criterion code of the stairwell scorecard (RecordInspection reads them).
    return param.Number(default=None, bounds=(0, 100), doc=f"{hint}；0–100 分。", label=criterion)


class StarStairwell(Workflow):
    """A stairwell inspection of a building, or the close of an evaluation period."""

    slug = "star_stairwell"
    title = "信用星级楼道"
    description = "楼长、网格员按星级楼道检查评分表检查楼道，社区审核后记入楼栋得分；季度末结算：" \
                  "按居民积分、楼道检查和公约遵守评出楼栋星级，最美楼栋下季度持流动牌。"
    start_roles = INSPECTORS + ("街道管理员",)
    required = ("purpose",)
    scope_field = "building"
    long_text = ("notes",)
    # An inspection totalling this much is 达标 and earns the building STAIRWELL_INSPECTION.
    pass_mark: ClassVar[float] = 80
    sample = {"purpose": "inspection", "building": 1, "clean": 95, "clutter": 90, "safety": 85,
              "covenant": 100, "inspector": "王楼长", "inspected_on": "2026-09-20",
              "notes": "楼道整洁，三楼有纸箱已当场清理。", "photo": "楼道-0920.jpg",
              "year": 2026, "quarter": 3}

    purpose = param.Selector(default="inspection", objects=PURPOSES, label="事项",
                             doc="楼道检查：给一栋楼的楼道打分；评比期结算：季度末评出星级和流动牌。")
    building = Reference(kind="building", doc="检查的楼栋（楼道检查必填）。", label="楼栋")
    clean = _mark("楼道整洁", "无垃圾、无小广告")
    clutter = _mark("无杂物堆放", "楼道、消防通道无杂物")
    safety = _mark("消防安全", "无飞线充电、灭火器完好")
    covenant = _mark("公约上墙", "居民楼道公约张贴并有楼长签名")
    inspector = param.String(default="", doc="检查人姓名（楼道检查必填）。", label="检查人")
    inspected_on = param.CalendarDate(default=None, doc="检查日期（楼道检查必填）。", label="检查日期")
    notes = param.String(default="", doc="发现的问题和整改情况。", label="检查记录")
    photo = param.String(default="", doc="现场照片的文件名，每行一项。", label="照片")
    community = Reference(kind="community", label="结算社区",
                          doc="评比期结算：街道管理员可指定社区，不填为全街道；社区工作人员结算本社区。")
    year = param.Integer(default=2026, bounds=(2020, 2100), doc="评比期所在年份（结算用）。", label="年份")
    quarter = param.Integer(default=1, bounds=(1, 4), doc="第几季度（结算用）。", label="季度")
    inspection_total = computed("检查评分表加权总分。", "检查得分", param.Number)
    inspection_stars = computed("检查评分对应的星级。", "检查星级", param.Integer)
    award_to = computed("达标且本月未计分时，获信用楼道检查达标积分的楼栋。", "计分楼栋", param.List)
    period_key = computed("结算的评比期，如 2026Q3。", "评比期")
    scope_name = computed("结算范围（社区或街道）。", "结算范围")
    scores = computed("结算时冻结的各楼栋得分和星级。", "楼栋得分", param.List)
    holder = computed("本期最美楼栋（下期持流动牌）。", "流动牌楼栋", param.Dict)
    holds_for = computed("流动牌持有期。", "持牌期", param.Dict)
    plaque = computed("流动牌的印制数据。", "流动牌", param.Dict)
    board = computed("信用星级榜的印制数据。", "星级榜", param.Dict)

    states = [
        State("draft", "草拟"),
        State("reviewing", "检查待审核"),
        State("recorded", "检查已记录", final=True),
        State("closed", "评比期已结算", final=True),
        State("cancelled", "已作废", final=True),
    ]
    transitions = [
        Transition("submit", "提交检查", "draft", "reviewing", roles=INSPECTORS,
                   guard="inspection_ready"),
        Transition("approve", "审核通过", "reviewing", "recorded", roles=("社区管理员",),
                   approves=True, guard="inspection_ready"),
        Transition("send_back", "退回修改", "reviewing", "draft", roles=("社区管理员",),
                   comment_required=True, style="warning"),
        Transition("close_period", "结算评比期", "draft", "closed", roles=OFFICERS,
                   guard="close_ready"),
        Transition("cancel", "作废", ("draft", "reviewing"), "cancelled", roles=OFFICERS,
                   comment_required=True, style="danger"),
    ]
    effects = {
        "reviewing": [Compute("score_marks")],
        "recorded": [Compute("score_marks"), RecordInspection(),
                     AwardEach(list_field="award_to", rule="STAIRWELL_INSPECTION",
                               reason="信用楼道检查达标（{inspected_on}）")],
        "closed": [ClosePeriod(), IssueDocument(kind="plaque"), IssueDocument(kind="board")],
    }

    def summary(self) -> str:
        if self.purpose == "close":
            return f"{self.year}年第{self.quarter}季度信用星级楼道结算"
        return f"楼道检查 {self.inspected_on or ''}".strip()

    def inspection_ready(self, services) -> str:
        """What is missing before an inspection can be submitted or recorded ("" if nothing)."""
        if self.purpose != "inspection":
            return "这是评比期结算记录，请用“结算评比期”"
        missing = [label for name, label in (("building", "楼栋"), ("inspector", "检查人"),
                                             ("inspected_on", "检查日期"))
                   if getattr(self, name) in (None, "")]
        if missing:
            return f"请填写{'、'.join(missing)}"
        if self.inspected_on > clock.today():
            return "检查日期不能晚于今天"
        try:
            self._scored(services)
        except ScorecardInvalid as exc:
            return str(exc)
        return ""

    def close_ready(self, services) -> str:
        """Why the period cannot be closed yet ("" when it can)."""
        if self.purpose != "close":
            return "这是楼道检查记录，请先“提交检查”"
        period = Period(self.year, self.quarter)
        if clock.today() < period.end:
            return f"{period.label}到{period.last_day.month}月{period.last_day.day}日才结束，结束后才能结算"
        if RotatingPlaque(services.registry.store).closed(self.community, period.key):
            return f"{period.label}已经结算过，不能重复结算"
        return ""

    def score_marks(self, services) -> dict:
        scored = self._scored(services)
        return {"inspection_total": scored.total, "inspection_stars": scored.stars,
                "award_to": inspections.award_to(services, self.building, scored.total,
                                                 self.pass_mark, "STAIRWELL_INSPECTION")}

    def _scored(self, services):
        return inspections.marked(Scorecards(services.registry.store).current("stairwell"), self)
