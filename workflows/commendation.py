"""季度表彰: close a quarter (the ranking is frozen), shortlist, review, publish board and certificates."""

import param

from meide.periods import Period
from meide.rating.certificates import IssueCertificates
from meide.recognition import commendation
from meide.recognition.commendation import SAMPLE_RANKING
from meide.kernel import (AwardEach, Compute, IssueDocument, Output, Publish, Reference, State,
                          Transition, Workflow)
from meide.kernel.defaults import current_year

OFFICERS = ("社区管理员", "街道管理员")
BY = {"按社区": "community", "按网格": "grid", "按积分类别（如志愿服务）": "category", "按账户类型": "kind"}
KINDS = {"居民": "resident", "家庭户": "household", "商户": "merchant", "楼栋": "building", "单位": "unit"}
# The points rule a shortlisted account may be given (staff pick it by name; none: no bonus).
BONUS = {"不加分": "", "季度表彰入选奖励": "COMMENDATION_BONUS"}
RANKED = {"group_name": "分组", "rank": "名次", "name": "姓名（名称）", "points": "积分"}


class Commendation(Workflow):
    """A quarterly commendation (季度表彰) from a ranking frozen when the quarter is closed."""

    slug = "commendation"
    title = "季度表彰"
    description = "关闭季度、冻结积分排名，按名次或分数初选，审定后发布光荣榜、荣誉证书和表彰大会宣读名单。"
    start_roles = OFFICERS
    required = ("commendation_title", "year", "quarter", "by", "kind")
    title_field = "commendation_title"
    scope_field = "community"
    long_text = ("excluded",)
    sample = {"commendation_title": f"{current_year()}年第三季度美德信用表彰", "community": 1,
              "year": current_year(),
              "quarter": 3, "by": "community", "kind": "resident", "group": "", "top": 10,
              "threshold": 20,
              "excluded": "", "bonus_rule": "", "meeting": "10月12日上午 北门社区党群服务中心"}

    commendation_title = param.String(default="", doc="表彰名称，印在光荣榜和证书上。", label="表彰名称")
    community = Reference(kind="community", label="社区", blank="全街道",
                          doc="在哪个社区排名；不填为您所在的社区（街道管理员不填为全街道）。")
    year = param.Integer(default=None, default_factory=current_year, bounds=(2020, 2100),
                         doc="哪一年。", label="年份")
    quarter = param.Integer(default=1, bounds=(1, 4), doc="第几季度。", label="季度")
    by = param.Selector(default="community", objects=BY, doc="在什么范围内排名。", label="排名分组")
    kind = param.Selector(default="resident", objects=KINDS, doc="表彰哪类账户。", label="表彰对象")
    group = param.String(default="", label="只限分组",
                         doc="只表彰这一组，如“志愿服务”（按积分类别排名时即志愿者）；不填为全部。")
    top = param.Integer(default=10, bounds=(0, None), doc="每组取前几名（0 为不限）。", label="每组名额")
    threshold = param.Integer(default=0, bounds=(0, None), doc="至少多少积分才能入选。", label="最低积分")
    excluded = param.String(default="", doc="审定时剔除的账户或姓名，每行一个（理由写在审定意见中）。", label="剔除名单")
    bonus_rule = param.Selector(default="", objects=BONUS, label="奖励规则",
                                doc="审定发布时给每位入选者加分所用的积分规则；选“不加分”则不加分。")
    meeting = param.String(default="", doc="表彰大会的时间和地点。", label="表彰大会")
    certificate_numbers = Output("证书编号", "入选名单每人荣誉证书的编号（依名单顺序，可在 /verify 核验）。",
                                 default=[])
    shortlist = Output("入选名单", "入选名单（审定时以此为准）。", default=[], columns=RANKED)
    ranking = Output("冻结排名", "关闭季度时冻结的排名。", default=[], columns=RANKED)
    later = Output("冻结后变动", "冻结后积分有变动的（如冲正），列在排名旁。", default=[],
                   columns={"group_name": "分组", "name": "姓名（名称）", "points": "冻结时积分",
                            "points_now": "现在积分"})

    states = [
        State("draft", "草拟", editable=("commendation_title", "year", "quarter", "by",
                                         "kind", "group", "top", "threshold", "meeting")),
        # The approver may leave someone out, add a bonus and set the meeting as they approve.
        State("shortlisted", "排名已冻结·初选待审定", editable=("excluded", "bonus_rule", "meeting")),
        State("published", "已发布", final=True),
        State("cancelled", "已取消", final=True),
    ]
    transitions = [
        Transition("close_quarter", "关闭季度并初选", "draft", "shortlisted", roles=OFFICERS),
        Transition("approve", "审定并发布", "shortlisted", "published", roles=OFFICERS,
                   approves=True),
        Transition("cancel", "取消", ("draft", "shortlisted"), "cancelled", roles=OFFICERS,
                   comment_required=True, style="danger"),
    ]
    effects = {
        "shortlisted": [Compute("freeze"), IssueDocument(kind="ranking", final=False, title="冻结排名",
                                                          heading="积分排名", sample=SAMPLE_RANKING)],
        "published": [Compute("finalise"), AwardEach(list_field="shortlist", rule_field="bonus_rule",
                                                     reason="{commendation_title}"),
                      Publish(board="quarterly", title_field="commendation_title"),
                      IssueDocument(kind="board", title="光荣榜", size="A4-landscape",
                                    sample=SAMPLE_RANKING),
                      IssueCertificates(list_field="shortlist"),
                      IssueDocument(kind="certificates", title="荣誉证书", size="A4-landscape",
                                    sample=SAMPLE_RANKING),
                      IssueDocument(kind="readout", title="表彰大会宣读名单", sample=SAMPLE_RANKING)],
    }

    @property
    def period(self) -> Period:
        return Period.quarter(self.year, self.quarter)

    def _options(self):
        return {"by": self.by, "kind": self.kind, "community": self.community}

    def _shortlist(self, rows):
        return commendation.shortlist(rows, top=self.top, threshold=self.threshold,
                                      excluded=self.excluded, group=self.group)

    def freeze(self, services) -> dict:
        rows = commendation.freeze(services, self.period, **self._options())
        return {"ranking": rows, "shortlist": self._shortlist(rows)}

    def finalise(self, services) -> dict:
        return {"shortlist": self._shortlist(self.ranking),
                "later": commendation.later_changes(services, self.ranking, self.period,
                                                    **self._options())}
