"""诚信单位 (五有+X): rate a committee, resident, merchant, property company or campus on its card."""

import param

from meide.kernel import FieldError, Reference
from meide.rating.review import RatedReview, marks_field, months_field

# The kind of 诚信单位 → (scorecard kind, subject field, plaque title).
KINDS = {"诚信居委会": ("committee", "unit", "诚信居委会"),
         "诚信居民": ("resident", "resident", "诚信居民"),
         "诚信商户": ("merchant_integrity", "merchant", "诚信商户"),
         "诚信物业": ("property", "unit", "诚信物业"),
         "诚信校园": ("campus", "unit", "诚信校园")}
FIVE_HAS = ("有组织：\n有制度：\n有阵地：\n有活动：\n有成效：\n+X 特色：")


class IntegrityUnit(RatedReview):
    """An integrity-unit review (诚信单位创建, 五有+X) on the scorecard of the unit's kind."""

    slug = "integrity_unit"
    title = "诚信单位评定"
    description = ("诚信居委会、诚信居民、诚信商户、诚信物业、诚信校园按“五有+X”评分表打分评星，"
                   "会签后授牌，牌上验证码可核验；投诉查实可降级或摘牌，期满前提醒复评。")
    start_roles = ("网格员", "社区管理员")
    required = ("kind", "marks", "valid_months")
    title_field = "kind"
    scope_field = ("unit", "merchant", "resident")      # whichever the kind fills in
    long_text = ("marks", "notes")
    sample = {"kind": "诚信物业", "unit": 1, "marks": "有组织：95\n有制度：90\n有阵地：92\n"
                                                "有活动：88\n有成效：90\n+X 特色：85",
              "notes": "物业服务承诺上墙，月度公开收支。", "valid_months": 12,
              "removal_reason": "经核实存在失信行为"}

    kind = param.Selector(default="诚信居委会", objects=list(KINDS), label="评定类别",
                          doc="评哪一类诚信单位；决定用哪张评分表、填哪一项。")
    unit = Reference(kind="unit", label="单位",
                     doc="参评的单位（诚信居委会、诚信物业、诚信校园填这一项）。")
    merchant = Reference(kind="merchant", label="商户", doc="参评的商户（诚信商户填这一项）。")
    resident = Reference(kind="resident", label="居民", doc="参评的居民（诚信居民填这一项）。")
    marks = marks_field(FIVE_HAS, "诚信居民的评分项为：遵守居民公约、志愿服务、按时缴费、家庭和睦、+X 特色；"
                                  "其他类别为“五有+X”：有组织、有制度、有阵地、有活动、有成效、+X 特色。")
    notes = param.String(default="", doc="检查情况、佐证材料，可不填。", label="检查记录")
    valid_months = months_field()

    def subject(self) -> tuple:
        _card, field, _title = KINDS[self.kind]
        if getattr(self, field) is None:
            label = type(self).param[field].label
            raise FieldError({field: f"评定“{self.kind}”请填写“{label}”"})
        return type(self).param[field].kind, getattr(self, field)

    def card_kind(self) -> str:
        return KINDS[self.kind][0]

    def title_on_plaque(self) -> str:
        return KINDS[self.kind][2]
