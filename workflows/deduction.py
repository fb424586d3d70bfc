"""扣分与申诉: a 居民楼道公约 violation deducted with evidence and a notice; appeal, review, reversal."""

import datetime as dt

import param

from meide import clock
from meide.kernel import (DeductPoints, IssueDocument, Output, Reference, ReversePoints,
                          SetValue, State, Timed, Transition, Workflow)
from meide.kernel.defaults import this_year

STAFF = ("网格员", "社区管理员")
APPEAL_DAYS = 7
# Papers for the resident concerned, not posted; previews show what the record holds by then.
DECISION = IssueDocument(kind="decision", title="申诉复核决定书", public=False,
                         sample={"deducted": 2, "outcome": "申诉成立，所扣积分已冲正退回"})
RULES = {"楼道堆放杂物": "COVENANT_CLUTTER", "不文明养犬": "COVENANT_PET",
         "楼道停放电动车或飞线充电": "COVENANT_CHARGING", "高空抛物": "COVENANT_THROWING"}


class Deduction(Workflow):
    """A deduction (扣分) under the 居民楼道公约, its notice to the resident, and the appeal (申诉)."""

    slug = "deduction"
    title = "扣分与申诉"
    description = "网格员或楼长登记违反居民楼道公约的行为并附照片，社区审核后扣分并告知居民；" \
                  "居民可在七天内申诉，复核后维持或冲正（原记录不改）。"
    start_roles = ("网格员", "楼长", "社区管理员")
    required = ("resident", "rule", "occurred_on", "facts", "evidence")
    scope_field = "resident"
    title_field = "facts"
    long_text = ("facts", "appeal_reason", "review_opinion")
    sample = {"resident": 1, "rule": "COVENANT_CLUTTER", "occurred_on": this_year(9, 28),
              "place": "1号楼1单元三楼楼道", "facts": "楼道内堆放纸箱和旧家具，经劝导三日未清理。",
              "evidence": "楼道照片-0928.jpg", "appeal_reason": "杂物已于次日清理。",
              "review_opinion": "经复核，居民已及时整改，申诉成立。"}

    resident = Reference(kind="resident", doc="违反公约的居民。", label="居民")
    rule = param.Selector(default="COVENANT_CLUTTER", objects=RULES,
                          doc="违反的《居民楼道公约》条款，按对应扣分规则扣分。", label="违反条款")
    occurred_on = param.CalendarDate(default=None, doc="发现违约行为的日期。", label="发生日期")
    place = param.String(default="", doc="具体位置，如楼栋、单元、楼层。", label="地点")
    facts = param.String(default="", doc="违约情况和劝导经过。", label="情况说明")
    evidence = param.String(default="", doc="照片或记录的文件名，每行一项（扣分必须有佐证）。", label="佐证材料")
    appeal_reason = param.String(default="", doc="居民申诉的理由（由工作人员代为登记）。", label="申诉理由")
    review_opinion = param.String(default="", doc="复核结论和理由，将告知居民。", label="复核意见")
    deducted = Output("扣除积分", "审核后实际扣除的积分（告知书上写明）。", default=0)
    outcome = Output("复核结果", "复核结果（由流程写入）。", default="")

    states = [
        State("recorded", "待审核"),
        State("notified", "已扣分·申诉期", timed=Timed(days=APPEAL_DAYS, then="close",
                                                    until="appeal_deadline", label="申诉期")),
        State("appealed", "申诉复核中"),
        State("closed", "已生效", final=True),
        State("upheld", "申诉不成立·维持扣分", final=True),
        State("reversed", "申诉成立·已冲正", final=True),
        State("cancelled", "不予扣分", final=True),
    ]
    transitions = [
        Transition("confirm", "审核扣分", "recorded", "notified", roles=("社区管理员",), approves=True),
        Transition("cancel", "不予扣分", "recorded", "cancelled", roles=("社区管理员",),
                   comment_required=True, style="warning"),
        Transition("appeal", "登记申诉", "notified", "appealed", roles=STAFF, inputs="appeal_reason"),
        Transition("close", "申诉期满，扣分生效", "notified", "closed", system=True),
        Transition("uphold", "维持扣分", "appealed", "upheld", roles=("社区管理员", "评审委员"),
                   approves=True, inputs="review_opinion"),
        Transition("reverse", "申诉成立，冲正", "appealed", "reversed", roles=("社区管理员", "评审委员"),
                   approves=True, inputs="review_opinion", style="warning"),
    ]
    effects = {
        "notified": [DeductPoints(account_field="resident", rule_field="rule",
                                  evidence_field="evidence", reason="违反居民楼道公约：{facts}",
                                  points_output="deducted"),
                     IssueDocument(kind="notice", title="扣分告知书", public=False,
                                   sample={"deducted": 2})],
        "upheld": [SetValue("outcome", "申诉不成立，维持扣分"), DECISION],
        "reversed": [ReversePoints(reason="申诉成立，冲正：{review_opinion}"),
                     SetValue("outcome", "申诉成立，所扣积分已冲正退回"), DECISION],
    }

    def appeal_deadline(self, services) -> dt.datetime:
        """The end of the appeal period: the whole of the seventh day after the notice, so the
        date printed on the 扣分告知书 as 申诉截止日期 is a day the resident may still appeal."""
        last_day = clock.today() + dt.timedelta(days=APPEAL_DAYS)
        return dt.datetime.combine(last_day, dt.time(23, 59, 59), tzinfo=clock.TIMEZONE)
