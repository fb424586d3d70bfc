"""商户挂牌授星: score a merchant on the scorecard, 会签, hang a star plaque that /verify resolves."""

import param

from meide.kernel import AwardPoints, IssueDocument, Reference
from meide.rating import DEFAULT_SCORECARDS
from meide.rating.marks import blank_form, guide
from meide.rating.review import IssuePlaque, RatedReview, marks_field, months_field

CARD = DEFAULT_SCORECARDS["merchant"]


class MerchantStar(RatedReview):
    """A merchant's star review (商户挂牌授星): marks, 会签, plaque, complaints, re-review."""

    slug = "merchant_star"
    title = "商户挂牌授星"
    description = ("按诚信经营、明码标价等评分项给商户打分，按门槛评定星级，评审委员与社区会签后授牌；"
                   "星级牌印验证码供居民核验，投诉查实可降级或摘牌，期满前提醒复评。")
    start_roles = ("网格员", "社区管理员")
    required = ("merchant", "marks", "valid_months")
    scope_field = "merchant"
    title_field = "merchant"
    long_text = ("marks", "notes")
    sample = {"merchant": 1, "marks": "诚信经营：95\n明码标价：90\n环境卫生：92\n服务质量：95\n"
                                     "参与公益/志愿服务：90\n投诉记录：100",
              "notes": "证照齐全，价签清楚，参与信用超市让利。", "valid_months": 12,
              "removal_reason": "经核实存在失信行为"}

    merchant = Reference(kind="merchant", doc="参评的商户。", label="商户")
    marks = marks_field(blank_form(CARD), guide(CARD))
    notes = param.String(default="", doc="检查情况、佐证材料（照片、检查记录），可不填。", label="检查记录")
    valid_months = months_field()

    effects = {
        **RatedReview.effects,
        "approved": [IssuePlaque(), IssueDocument(kind="merchant_plaque", title="星级商户牌", heading="诚信商户"),
                     AwardPoints(account_field="merchant", rule="MERCHANT_INTEGRITY",
                                 reason="商户挂牌授星：{level_text}", within_caps=True)],
    }

    def subject(self) -> tuple:
        return "merchant", self.merchant

    def card_kind(self) -> str:
        return "merchant"
