"""抽奖: freeze the entrant list and publish its hash, fix a seed in public, draw; anyone re-checks."""

import dataclasses

import param

from meide.periods import Period
from meide.recognition import lottery
from meide.kernel import Compute, IssueDocument, Output, Reference, State, Transition, Workflow
from meide.kernel.defaults import current_year, this_year
from meide.printing.masking import PUBLIC_MASKED_NAMES

STAFF = ("社区管理员", "街道管理员")


class Lottery(Workflow):
    """A verifiable draw among residents who earned enough points in a quarter (see meide.recognition.lottery)."""

    slug = "lottery"
    title = "美德信用抽奖"
    description = "按季度积分确定参与名单，冻结名单并公示其SHA-256指纹，之后当众确定随机种子开奖，任何人可复核。"
    start_roles = STAFF
    required = ("lottery_title", "year", "quarter", "min_points", "prizes")
    title_field = "lottery_title"
    scope_field = "community"
    long_text = ("prizes",)
    sample = {"lottery_title": f"{current_year()}年第三季度美德信用抽奖", "community": 1,
              "year": current_year(), "quarter": 3, "min_points": 10, "prizes": "一等奖:1\n二等奖:2",
              "draw_on": this_year(10, 10),
              "place": "北门社区党群服务中心", "seed": "3-1-4-1-5", "seed_source": "三名居民代表当众掷骰子",
              "witnesses": "王秀英、李建国、赵志强"}

    lottery_title = param.String(default="", doc="抽奖活动名称。", label="活动名称")
    community = Reference(kind="community", doc="在哪个社区抽奖；不填为您所在的社区（街道管理员不填为全街道）。", label="社区")
    year = param.Integer(default=None, default_factory=current_year, bounds=(2020, 2100),
                         doc="按哪一年的积分。", label="年份")
    quarter = param.Integer(default=1, bounds=(1, 4), doc="按第几季度的积分。", label="季度")
    min_points = param.Integer(default=10, bounds=(1, None), doc="季度内所得积分不少于几分可参与。", label="参与门槛（分）")
    prizes = param.String(default="", doc="每行一个奖项和名额，如“一等奖:1”。", label="奖项")
    draw_on = param.CalendarDate(default=None, doc="开奖日期。", label="开奖日期")
    place = param.String(default="", doc="开奖地点。", label="开奖地点")
    seed = param.String(default="", doc="名单公示后当众确定的随机种子，如彩票开奖号码或骰子点数。", label="随机种子")
    seed_source = param.String(default="", doc="种子如何确定（哪期彩票、谁掷的骰子）。", label="种子来源")
    witnesses = param.String(default="", doc="现场见证人姓名。", label="见证人")
    entrant_list = Output("参与名单", "冻结的参与名单（规范文本，姓名已遮挡，可公开）。", default="",
                          file="参与名单.txt")
    entrant_residents = Output("参与居民", "名单各序号对应的居民（仅供工作人员联系中奖人，不公示）。",
                               default=[], shown=False)
    list_hash = Output("名单指纹", "参与名单的 SHA-256 指纹。", default="")
    entrant_count = Output("参与人数", "参与人数。", default=0)
    prize_plan = Output("冻结奖项", "冻结时的奖项（开奖按此抽取）。", default="")
    winners = Output("中奖名单", "中奖名单（按抽出顺序；中奖居民的全名只给工作人员看）。", default=[])

    states = [
        State("draft", "草拟", editable=("lottery_title", "year", "quarter",
                                         "min_points", "prizes", "draw_on", "place")),
        State("frozen", "名单已公示·待开奖"),
        State("drawn", "已开奖", final=True),
        State("cancelled", "已取消", final=True),
    ]
    transitions = [
        Transition("freeze", "冻结名单并公示", "draft", "frozen", roles=STAFF, guard="can_freeze"),
        Transition("draw", "录入种子并开奖", "frozen", "drawn", roles=STAFF,
                   inputs=("seed", "seed_source", "witnesses")),
        Transition("cancel", "取消抽奖", ("draft", "frozen"), "cancelled", roles=STAFF,
                   comment_required=True, style="danger"),
    ]
    # Posted in public: entrants' and winners' names masked (张*华) wherever they appear.
    effects = {"frozen": [Compute("freeze_list"),
                          IssueDocument(kind="notice", title="公示", masking=PUBLIC_MASKED_NAMES)],
               "drawn": [Compute("draw_winners"),
                         IssueDocument(kind="record", title="抽奖记录", masking=PUBLIC_MASKED_NAMES)]}

    def can_freeze(self, services) -> str:
        """名单冻结前的检查"""
        if self.seed.strip():
            return "随机种子须在名单公示之后当众确定，请先清空“随机种子”"
        try:
            lottery.parse_prizes(self.prizes)
        except lottery.LotteryError as exc:
            return str(exc)
        return ""

    def freeze_list(self, services) -> dict:
        people = lottery.eligible(services, Period.quarter(self.year, self.quarter),
                                  self.min_points, self.community)
        text = lottery.entrant_list((name, community) for _, name, community in people)
        lottery.check_places(text, lottery.parse_prizes(self.prizes))
        return {"entrant_list": text, "list_hash": lottery.fingerprint(text),
                "entrant_residents": [resident for resident, _, _ in people],
                "entrant_count": len(people), "prize_plan": self.prizes}

    def draw_winners(self, services) -> dict:
        found = lottery.draw(self.entrant_list, self.seed, lottery.parse_prizes(self.prize_plan))
        entrants = lottery.parse(self.entrant_list)
        return {"winners": [{**dataclasses.asdict(winner), "resident_name": services.describe(
            "resident", self._resident(entrants[winner.ticket - 1]))} for winner in found]}

    def _resident(self, entrant) -> int:
        """Who holds the entrant's ticket; a list frozen before accounts were left out of it
        names the account itself (resident:22)."""
        if self.entrant_residents:
            return self.entrant_residents[entrant.ticket - 1]
        return int(entrant.account.partition(":")[2])
