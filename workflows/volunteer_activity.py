"""志愿服务: a team publishes an activity, volunteers sign in and out (or a paper sheet is typed
in), a community officer verifies the hours, and each volunteer gets points per hour."""

from typing import ClassVar

import param

from meide.kernel import IssueDocument, Output, Reference, State, Transition, Workflow
from meide.kernel.defaults import this_year
from meide.volunteer import AwardHours, FreezeAttendance

# Teams belong to a community, not a grid: community and subdistrict staff run activities.
OFFICERS = ("社区管理员", "街道管理员")


class VolunteerActivity(Workflow):
    """A volunteer activity (志愿服务活动): publish, sign in and out, verify, points per hour."""

    slug = "volunteer_activity"
    title = "志愿服务活动"
    description = "志愿服务队发布活动，居民报名、签到签退（或录入纸质签到表），社区核实时长后按小时发放积分。"
    start_roles = OFFICERS
    required = ("team", "activity_title", "start", "end", "place", "rule")
    scope_field = "team"
    title_field = "activity_title"
    long_text = ("details",)
    # States in which sign-ups and attendance (check-in/out, a typed sheet) may be recorded.
    attendance_states: ClassVar[tuple] = ("published", "ongoing")
    sample = {"team": 1, "activity_title": "银杏树下清扫楼道", "start": this_year(10, 1, 8, 30),
              "end": this_year(10, 1, 11, 30), "place": "北门社区书香苑1号楼", "slots": 20,
              "rule": "VOLUNTEER_HOUR", "details": "带好手套和扫帚，8:20在楼下集合。"}

    team = Reference(kind="team", doc="发布活动的志愿服务队（如星火、济水情）。", label="服务队")
    activity_title = param.String(default="", doc="活动名称，如“银杏树下清扫楼道”。", label="活动名称")
    start = param.Date(default=None, doc="活动开始的日期和时间。", label="开始时间")
    end = param.Date(default=None, doc="活动结束的日期和时间；每人计分时长不超过活动时长。", label="结束时间")
    place = param.String(default="", doc="集合和服务的地点。", label="地点")
    slots = param.Integer(default=0, bounds=(0, 1000), doc="可报名人数；0 为不限。", label="名额")
    rule = param.Selector(default="VOLUNTEER_HOUR",
                          objects={"志愿服务(按小时)": "VOLUNTEER_HOUR",
                                   "环境卫生整治(按小时)": "CLEANUP_HOUR"},
                          doc="按哪条按小时计分的积分规则发放积分（每小时分值和上限见积分规则）。",
                          label="积分规则")
    details = param.String(default="", doc="活动内容、注意事项（可不填）。", label="活动说明")
    attendance = Output("签到名单", "提交核实时冻结的签到名单与时长。", default=[],
                        columns={"name": "姓名", "check_in": "签到", "check_out": "签退",
                                 "hours": "时长（小时）", "source": "来源"})
    awards = Output("计分结果", "核实后每位志愿者的计分结果（含超出上限的说明）。", default=[],
                    columns={"name": "姓名", "hours": "时长（小时）", "awarded_hours": "计分时长",
                             "points": "积分", "note": "说明"})

    states = [
        State("published", "已发布·报名中"),
        State("ongoing", "进行中·签到"),
        State("checking", "待核实"),
        State("verified", "已核实·积分已发放"),
        State("closed", "已办结", final=True),
        State("cancelled", "已取消", final=True),
    ]
    transitions = [
        Transition("begin", "开始签到", "published", "ongoing", roles=OFFICERS, guard="times_valid"),
        Transition("submit", "签到结束，提交核实", ("published", "ongoing"), "checking", roles=OFFICERS,
                   guard="times_valid"),
        Transition("send_back", "退回修改", "checking", "ongoing", roles=OFFICERS,
                   comment_required=True, style="warning"),
        Transition("verify", "核实通过", "checking", "verified", roles=OFFICERS, approves=True),
        Transition("close", "办结", "verified", "closed", roles=OFFICERS),
        Transition("cancel", "取消活动", ("published", "ongoing"), "cancelled", roles=OFFICERS,
                   comment_required=True, style="danger"),
    ]
    effects = {
        "published": [IssueDocument(kind="notice", title="志愿服务活动招募")],
        "checking": [FreezeAttendance()],
        "verified": [AwardHours(), IssueDocument(kind="roll", title="志愿服务时长登记")],
    }

    def times_valid(self, services) -> str:
        """The end must come after the start (else no hours can be credited)."""
        return "" if self.hours_limit() > 0 else "结束时间须晚于开始时间至少半小时，请先更正活动时间"

    def hours_limit(self) -> float:
        """The activity's length in hours (half hours): the most anyone can be credited."""
        if self.start is None or self.end is None:
            return 0.0
        return int((self.end - self.start).total_seconds() // 1800) / 2
