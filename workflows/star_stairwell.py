"""信用星级楼道检查: a 楼长 or 网格员 marks a stairwell on the scorecard (检查), the community
reviews it (审核), and the approved inspection is kept among the building's scores (记录)."""

from typing import ClassVar

import param

from meide import clock
from meide.kernel import (AwardEach, Compute, Fields, Output, Reference, State, Transition,
                          Workflow)
from meide.rating import DEFAULT_SCORECARDS
from meide.stairwells import inspections
from meide.stairwells.effects import RecordInspection

INSPECTORS = ("楼长", "网格员", "社区管理员")
OFFICERS = ("社区管理员", "街道管理员")
CARD = DEFAULT_SCORECARDS[inspections.CARD]


class StarStairwell(Workflow):
    """A stairwell inspection of one building, marked on the stairwell scorecard."""

    slug = "star_stairwell"
    title = "信用星级楼道检查"
    description = "楼长、网格员按星级楼道检查评分表检查楼道，社区审核后记入楼栋得分；达标的楼栋获信用楼道检查达标积分。"
    start_roles = INSPECTORS
    required = ("building", "inspector", "inspected_on")
    scope_field = "building"
    long_text = ("notes",)
    # An inspection totalling this much is 达标 and earns the building STAIRWELL_INSPECTION.
    pass_mark: ClassVar[float] = 80
    sample = {"building": 1, **{c.code: 90 for c in CARD.criteria}, "inspector": "王楼长",
              "inspected_on": clock.today().isoformat(), "notes": "楼道整洁，三楼纸箱已当场清理。",
              "photo": "楼道照片.jpg"}

    building = Reference(kind="building", doc="检查的楼栋。", label="楼栋")
    # One mark per criterion of the scorecard (RecordInspection reads them by code).
    marks = Fields({c.code: param.Number(default=None, bounds=(0, 100), label=c.name,
                                         doc=f"{c.hint}；0–100 分。") for c in CARD.criteria})
    inspector = param.String(default="", doc="检查人姓名。", label="检查人")
    inspected_on = param.CalendarDate(default=None, doc="检查日期。", label="检查日期")
    notes = param.String(default="", doc="发现的问题和整改情况。", label="检查记录")
    photo = param.String(default="", doc="现场照片的文件名，每行一项。", label="照片")
    inspection_total = Output("检查得分", "检查评分表加权总分。")
    inspection_stars = Output("检查星级", "检查评分对应的星级。")
    inspection_result = Output("检查结论", "是否达标、是否获信用楼道检查达标积分。", default="")
    # What the 检查结论 says in words and the points entries show; kept for AwardEach.
    award_to = Output("计分楼栋", "达标且本月未计分时，获信用楼道检查达标积分的楼栋。", default=[],
                      shown=False)

    states = [
        State("draft", "草拟"),
        State("reviewing", "检查待审核"),
        State("recorded", "检查已记录", final=True),
        State("cancelled", "已作废", final=True),
    ]
    transitions = [
        Transition("submit", "提交检查", "draft", "reviewing", roles=INSPECTORS, guard="ready"),
        Transition("approve", "审核通过", "reviewing", "recorded", roles=("社区管理员",),
                   approves=True, guard="ready"),
        Transition("send_back", "退回修改", "reviewing", "draft", roles=("社区管理员",),
                   comment_required=True, style="warning"),
        Transition("cancel", "作废", ("draft", "reviewing"), "cancelled", roles=OFFICERS,
                   comment_required=True, style="danger"),
    ]
    effects = {
        "reviewing": [Compute("score_marks")],
        "recorded": [Compute("score_marks"), RecordInspection(),
                     AwardEach(list_field="award_to", rule="STAIRWELL_INSPECTION",
                               reason="信用楼道检查达标（{inspected_on}）")],
    }

    def summary(self) -> str:
        return f"楼道检查 {self.inspected_on or ''}".strip()

    def ready(self, services) -> str:
        """What is missing before the inspection can be submitted or recorded ("" if nothing)."""
        return inspections.unready(services, self)

    def score_marks(self, services) -> dict:
        return inspections.worked_out(services, self, self.pass_mark, "STAIRWELL_INSPECTION")
