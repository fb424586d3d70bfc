"""好人好事: a grid worker reports a resident's good deed, a community officer verifies it, points follow."""

import param

from meide.kernel import (AwardPoints, Compute, IssueDocument, Publish, Reference, State,
                          Transition, Workflow)
from meide.kernel.defaults import this_year


class GoodDeed(Workflow):
    """A good deed (好人好事) reported, verified and rewarded; optionally told as a story."""

    slug = "good_deed"
    title = "好人好事"
    description = "网格员上报居民的好人好事，社区核实后按规则发放积分，可发布为美德信用故事。"
    start_roles = ("网格员", "社区管理员")
    required = ("resident", "deed_date", "category", "deed")
    scope_field = "resident"
    title_field = "deed"
    long_text = ("deed", "story_text")
    sample = {"resident": 1, "deed_date": this_year(10, 1), "category": "GOOD_DEED",
              "deed": "帮助独居老人修好了漏水的水管。", "witness": "",
              "story_title": "邻里之间一把扳手", "story_text": "", "photo": ""}

    resident = Reference(kind="resident", doc="做了好事的居民。", label="居民")
    deed_date = param.CalendarDate(default=None, doc="好事发生的日期。", label="发生日期")
    category = param.Selector(
        default="GOOD_DEED", objects={"好人好事": "GOOD_DEED", "孝老爱亲": "FILIAL_CARE",
                                      "邻里互助": "NEIGHBOUR_HELP"},
        doc="按哪条积分规则计分。", label="类别")
    deed = param.String(default="", doc="发生了什么、帮助了谁，写清楚时间地点。", label="事迹")
    witness = param.String(default="", doc="见证人或受助人（可不填）。", label="见证人")
    story_title = param.String(default="", doc="发布为美德信用故事时的标题。", label="故事标题")
    story_text = param.String(default="", doc="故事正文；不填则用“事迹”。", label="故事正文")
    photo = param.String(default="", doc="故事配图的文件名（可不填）。", label="照片")

    states = [
        State("reported", "待核实"),
        State("returned", "已退回", editable=("deed_date", "category", "deed", "witness")),
        State("verified", "已核实", editable=("story_title", "story_text", "photo")),
        State("published", "已发布故事", final=True),
        State("closed", "已办结", final=True),
    ]
    transitions = [
        Transition("verify", "核实通过", "reported", "verified", roles=("社区管理员",), approves=True),
        Transition("send_back", "退回补充", "reported", "returned", roles=("社区管理员",),
                   comment_required=True, style="warning"),
        Transition("resubmit", "重新提交", "returned", "reported", roles=("网格员", "社区管理员")),
        Transition("publish", "发布为美德信用故事", "verified", "published", roles=("社区管理员",),
                   guard="has_story_title"),
        Transition("close", "办结", "verified", "closed", roles=("社区管理员",)),
    ]
    effects = {
        "verified": [AwardPoints(account_field="resident", rule_field="category",
                                 reason="好人好事：{deed}")],
        "published": [Compute("story_defaults"),
                      Publish(board="stories", title_field="story_title", text_field="story_text",
                              person_field="resident", photo_field="photo"),
                      IssueDocument(kind="story", title="美德信用故事")],
    }

    def story_defaults(self, services) -> dict:
        return {"story_text": self.story_text.strip() or self.deed}

    def has_story_title(self, services) -> bool:
        """发布故事前请先填写“故事标题”"""
        return bool(self.story_title.strip())
