"""The review-and-rate workflow: scorecard marks → stars → 会签 → a plaque; complaints, re-review.

merchant_star (商户挂牌授星) and integrity_unit (诚信单位) subclass RatedReview and add what they
rate (subject fields, the scorecard kind); everything else — states, transitions, the plaque
effects — is declared once here.
"""

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import param
from dateutil.relativedelta import relativedelta

from .. import clock
from ..kernel import (Choice, Effect, FieldError, IssueDocument, Output, Quorum, State, Timed,
                      Transition, Workflow, records)
from .marks import read_marks
from .plaques import REMOVAL_REASONS, REVIEW_NOTICE_DAYS, Plaques, level_text
from .scorecard import ScorecardInvalid, Scorecards

OFFICER = ("社区管理员",)
STAFF = ("网格员", "社区管理员")
REVIEWERS = ("评审委员", "社区管理员")
BOOKS = {"merchant": "merchants", "unit": "units"}


def marks_field(blank: str, guide: str) -> param.String:
    """The marks field: one criterion a line, prefilled with the criteria's names."""
    return param.String(default=blank, label="评分",
                        doc=f"每行一项，在冒号后填 0–100 分。{guide}")


def months_field() -> param.Integer:
    return param.Integer(default=12, bounds=(1, 36), label="有效期（月）",
                         doc="授牌后星级牌的有效期，期满前 30 天提醒复评。")


def add_months(day: dt.date, months: int) -> dt.date:
    """The day `months` later (31 January + 1 month is 28/29 February)."""
    return day + relativedelta(months=months)


def last_comment(ctx) -> str:
    """The comment of the transition being applied (its history line is written before the
    entered state's effects run): the reason of a downgrade or 摘牌."""
    entries = records.history(ctx.store, ctx.record.slug, ctx.record.id)
    return entries[-1].get("comment", "") if entries else ""


@dataclass
class ScoreMarks(Effect):
    """Weigh the typed marks on the scorecard in force: total, stars, vetoes, card version."""

    def apply(self, ctx):
        workflow = ctx.workflow
        workflow.subject()                      # says which field to fill, if none fits
        card = Scorecards(ctx.store).current(workflow.card_kind())
        try:
            scored = card.score(read_marks(card, workflow.marks))
        except ScorecardInvalid as exc:
            raise FieldError({"marks": str(exc)}) from None
        names = {c.code: c.name for c in card.criteria}
        ctx.record.outputs.update(
            total=scored.total, stars=scored.stars, card_version=card.version,
            vetoed="、".join(names[code] for code in scored.vetoed_by),
            sheet=[{"name": c.name, "weight": c.weight, "mark": scored.marks[c.code]}
                   for c in card.criteria])
        return {"effect": "score", "total": scored.total, "stars": scored.stars,
                "card": card.kind, "version": card.version}


@dataclass
class IssuePlaque(Effect):
    """Issue the plaque of an approved review (it supersedes the subject's plaque in force) and
    keep its code and validity on the record, for the printed plaque."""

    def apply(self, ctx):
        workflow = ctx.workflow
        kind, subject_id = workflow.subject()
        valid_from, valid_until = workflow.validity()
        plaque = Plaques(ctx.store).issue(
            subject_kind=kind, subject_id=subject_id,
            subject_name=ctx.services.describe(kind, subject_id), card=workflow.card_kind(),
            title=workflow.title_on_plaque(), stars=workflow.stars, total=workflow.total,
            valid_from=valid_from, valid_until=valid_until, actor=ctx.actor.username,
            source=f"{ctx.record.slug}:{ctx.record.id}", address=_address(ctx, kind, subject_id),
            scope=ctx.record.scope, key=ctx.key)
        ctx.record.outputs.update(plaque_values(plaque))
        return {"effect": "plaque", "code": plaque["code"], "stars": plaque["stars"]}


@dataclass
class ChangePlaque(Effect):
    """Downgrade (one star fewer, a new plaque) or remove (摘牌) the record's plaque: the
    transition's comment is kept as the reason staff read, the 摘牌原因 chosen beside the button
    is the category the old code then resolves with in public."""

    action: str = "downgrade"

    def apply(self, ctx):
        plaques, code = Plaques(ctx.store), ctx.workflow.plaque_code
        reason, actor = last_comment(ctx), ctx.actor.username
        if self.action == "remove":
            plaques.remove(code, reason=reason, actor=actor,
                           category=ctx.workflow.removal_reason or REMOVAL_REASONS[0])
            ctx.record.outputs.update(plaque_status="已摘牌")
            return {"effect": "plaque_removed", "code": code}
        new = plaques.downgrade(code, reason=reason, actor=actor, key=ctx.key,
                                source=f"{ctx.record.slug}:{ctx.record.id}")
        ctx.record.outputs.update(plaque_values(new))
        return {"effect": "plaque_downgraded", "code": code, "new": new["code"],
                "stars": new["stars"]}


def plaque_values(plaque) -> dict:
    return {"plaque_code": plaque["code"], "plaque_stars": plaque["stars"],
            "plaque_title": plaque["title"], "valid_from": plaque["valid_from"],
            "valid_until": plaque["valid_until"], "plaque_address": plaque["address"],
            "level_text": level_text(plaque["stars"], plaque["title"]), "plaque_status": "有效"}


def _address(ctx, kind, subject_id) -> str:
    # A shop front or a unit's premises is public; a resident's home address is never printed.
    registry = getattr(ctx.services, "registry", None)
    if registry is None or kind not in BOOKS:
        return ""
    return getattr(registry, BOOKS[kind]).get(subject_id).get("address") or ""


ON_PLAQUE = ("approved", "listed", "downgraded")
# The plaque a review issues (merchant_star declares its own 星级商户牌).
PLAQUE = IssueDocument(kind="merchant_plaque", title="诚信单位牌", heading="诚信")
REMIND = Timed(days=0, then="remind", until="review_date", ends="复评日期")


class RatedReview(Workflow):
    """Base of the rating workflows (no slug: not itself a workflow). Subclasses declare the
    subject field(s), `marks = marks_field(...)`, `valid_months = months_field()`, and
    implement subject() and card_kind()."""

    programme: ClassVar[str] = "古槐街道美德信用"
    review_notice_days: ClassVar[int] = REVIEW_NOTICE_DAYS

    # Chosen beside the 摘牌 button: the public check shows this category, never the comment.
    removal_reason = Choice(default="", objects=REMOVAL_REASONS, label="摘牌原因",
                            doc="星级牌核验页向公众显示的摘牌原因类别；具体情况写在意见栏，只在内部记录中可见。")

    total = Output("总分", "加权总分（0–100）。")
    stars = Output("星级", "按门槛评定的星级。")
    card_version = Output("评分表版本", "打分所用评分表的版本。")
    vetoed = Output("一票否决项", "低于底线、限制星级的评分项。", default="")
    sheet = Output("评分明细", "逐项得分。", default=[],
                   columns={"name": "评分项", "weight": "权重", "mark": "得分"})
    plaque_code = Output("验证码", "星级牌验证码。", default="")
    plaque_stars = Output("牌面星级", "星级牌现在的星级（降级后会变）。")
    plaque_title = Output("牌名", "牌名，如“诚信商户”。", default="")
    level_text = Output("等级", "如“四星级诚信商户”。", default="")
    valid_from = Output("有效期自", "有效期开始。", default="")
    valid_until = Output("有效期至", "有效期结束。", default="")
    plaque_address = Output("地址", "牌上印的地址（商户、单位的经营场所）。", default="")
    plaque_status = Output("牌的状态", "星级牌现在的状态。", default="")

    states = [
        State("scored", "已评分·待评审"),
        State("approved", "已授星·挂牌中", timed=REMIND),
        State("listed", "挂牌中", timed=REMIND),
        State("downgraded", "已降级·挂牌中", timed=REMIND),
        State("complaint", "投诉核查中"),
        State("review_due", "即将到期·待复评"),
        State("rejected", "不予授星", final=True),
        State("removed", "已摘牌", final=True),
        State("closed", "已复评归档", final=True),
    ]
    transitions = [
        Transition("pass_review", "评审通过（会签）", "scored", "approved", roles=REVIEWERS,
                   approves=True, quorum=Quorum(per_role=REVIEWERS), guard="has_stars"),
        Transition("reject", "不予授星", "scored", "rejected", roles=OFFICER,
                   comment_required=True, style="danger"),
        Transition("complain", "登记投诉", (*ON_PLAQUE, "review_due"), "complaint", roles=STAFF,
                   comment_required=True, style="warning"),
        Transition("dismiss", "投诉不成立", "complaint", "listed", roles=OFFICER,
                   comment_required=True),
        Transition("downgrade", "投诉查实，降一星", "complaint", "downgraded", roles=OFFICER,
                   comment_required=True, guard="can_downgrade", style="warning"),
        Transition("remove", "投诉查实，摘牌", "complaint", "removed", roles=OFFICER,
                   comment_required=True, style="danger", inputs="removal_reason"),
        Transition("remind", "到期前提醒复评", ON_PLAQUE, "review_due", system=True),
        Transition("close", "已重新评审，归档", "review_due", "closed", roles=OFFICER),
    ]
    effects = {
        "scored": [ScoreMarks()],
        "approved": [IssuePlaque(), PLAQUE],
        "downgraded": [ChangePlaque("downgrade"), PLAQUE],
        "removed": [ChangePlaque("remove")],
    }

    def subject(self) -> tuple:
        """(registry kind, id) of what is rated; FieldError naming the field when missing."""
        raise NotImplementedError

    def card_kind(self) -> str:
        raise NotImplementedError

    def title_on_plaque(self) -> str:
        return "诚信商户"

    def validity(self) -> tuple:
        """(first day, last day) of the plaque issued today."""
        if self.valid_from and self.valid_until:
            return dt.date.fromisoformat(self.valid_from), dt.date.fromisoformat(self.valid_until)
        today = clock.now().date()
        return today, add_months(today, self.valid_months) - dt.timedelta(days=1)

    def review_date(self, services) -> dt.datetime:
        """When the plaque comes up for re-review: review_notice_days before it expires."""
        last_day = self.validity()[1]
        day = last_day - dt.timedelta(days=self.review_notice_days)
        return dt.datetime.combine(day, dt.time(), tzinfo=clock.TIMEZONE)

    def has_stars(self, services) -> str:
        """Stars 1–5 are needed to hang a plaque."""
        if self.stars:
            return ""
        veto = f"（“{self.vetoed}”低于底线）" if self.vetoed else ""
        return f"总分 {self.total:g} 分{veto}，未达到一星门槛，请选择“不予授星”"

    def can_downgrade(self, services) -> str:
        if (self.plaque_stars or 0) > 1:
            return ""
        return "现为一星，不能再降级；投诉查实请选择“投诉查实，摘牌”"
