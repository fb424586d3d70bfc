"""榜样评选: nominate a resident with a story, check eligibility on the ledger, 会签, 公示, honour."""

from typing import ClassVar

import param

from meide.kernel import (AwardPoints, Choice, Compute, IssueDocument, Output, Publish, Quorum,
                          Reference, State, Timed, Transition, Workflow)
from meide.rating.certificates import IssueCertificates
from meide.recognition import DEFAULT_CATEGORIES, RoleModelCategories

CATEGORIES = DEFAULT_CATEGORIES        # offered until settings (榜样类别) say otherwise
STAFF = ("网格员", "社区管理员")


class RoleModel(Workflow):
    """A role-model nomination (榜样评选): eligibility, review by several signers, 公示, honour."""

    slug = "role_model"
    title = "榜样评选"
    description = "推荐身边榜样，核对积分资格，评审小组会签，公示七天无异议后上光荣榜、颁发证书、奖励积分。"
    start_roles = STAFF
    required = ("nominee", "category", "story_title", "story")
    scope_field = "nominee"
    title_field = "story_title"
    long_text = ("story",)
    # Eligibility (configurable): points earned in the last window_days, and no deduction in
    # that window left standing (unreversed). The categories are data: settings → 榜样类别.
    min_points: ClassVar[int] = 10
    window_days: ClassVar[int] = 365
    sample = {"nominee": 1, "category": "好婆婆", "story_title": "三十年如一日照顾瘫痪婆婆",
              "story": "李秀英照顾瘫痪在床的婆婆三十年，邻里有难处总是第一个到。",
              "evidence": "社区走访记录、邻居联名信"}

    nominee = Reference(kind="resident", doc="被推荐的居民。", label="被推荐人")
    category = Choice(default=CATEGORIES[0], objects=CATEGORIES, options="offered_categories",
                      doc="评选类别（各社区可设置本社区的类别）。", label="评选类别")
    story_title = param.String(default="", doc="事迹标题，用于公示、光荣榜和美德信用故事。", label="事迹标题")
    story = param.String(default="", doc="主要事迹：做了什么、坚持多久、影响了谁。", label="主要事迹")
    evidence = param.String(default="", doc="佐证材料（照片、走访记录、联名信等），每行一项。", label="佐证材料")
    # What eligibility is judged on, worked out when nominated and again when checked.
    certificate_number = Output("证书编号", "荣誉证书的编号（可在 /verify 核验）。", default="")
    eligibility = Output("资格核对", "是否符合评选条件，及所依据的积分和扣分。", default="")
    earned = Output("资格期内所得积分", "资格审核所看时段内所得的积分（时段见“资格核对”）。")
    open_deductions = Output("未冲正的扣分", "资格审核时段内尚未冲正的扣分记录。", default=[],
                             columns={"at": "日期", "points": "扣分", "reason": "事由"})

    states = [
        State("nominated", "已推荐·待资格审核",
              editable=("category", "story_title", "story", "evidence")),
        State("review", "评审中（会签）"),
        State("notice", "公示中", timed=Timed(days=7, then="approve", on_objection=("reopen", "revise"))),
        State("approved", "已评定", final=True),
        State("rejected", "未通过", final=True),
        State("withdrawn", "已撤回", final=True),
    ]
    transitions = [
        Transition("check", "资格审核通过", "nominated", "review", roles=("社区管理员",),
                   guard="eligible"),
        Transition("pass_review", "评审通过（会签）", "review", "notice", roles=("评审委员",),
                   approves=True, quorum=Quorum(count=3)),
        Transition("reject", "不予通过", ("nominated", "review"), "rejected", roles=("社区管理员",),
                   comment_required=True, style="danger"),
        Transition("withdraw", "撤回推荐", ("nominated", "review"), "withdrawn", roles=STAFF,
                   comment_required=True, style="warning"),
        Transition("approve", "公示期满，评定通过", "notice", "approved", system=True),
        Transition("reopen", "重新评审", "notice", "review", roles=("社区管理员",)),
        Transition("revise", "退回推荐人修改", "notice", "nominated", roles=("社区管理员",)),
    ]
    effects = {
        "nominated": [Compute("standing_figures")],
        "review": [Compute("standing_figures")],
        "notice": [IssueDocument(kind="notice", title="公示")],
        "approved": [AwardPoints(account_field="nominee", rule="ROLE_MODEL",
                                 reason="榜样评选：{category}"),
                     Publish(board="honor", title_field="category", text_field="story_title",
                             person_field="nominee"),
                     Publish(board="stories", title_field="story_title", text_field="story",
                             person_field="nominee"),
                     IssueCertificates(person_field="nominee"),
                     IssueDocument(kind="certificate", title="荣誉证书", size="A4-landscape")],
    }

    @classmethod
    def offered_categories(cls, services, community) -> list:
        """The categories a nomination in community may take now (the store's lists when the
        registry is wired in; the declared ones when a workflow is tried alone)."""
        registry = getattr(services, "registry", None)
        if registry is None:
            return list(CATEGORIES)
        return RoleModelCategories(registry.store).offered(community)

    def eligible(self, services) -> str:
        """被推荐人不符合评选条件"""
        community = services.scope_of("resident", self.nominee).get("community")
        # The list may have changed since the nomination: it is checked again here.
        offered = self.offered_categories(services, community)
        if self.category not in offered:
            return f"本社区已不评选“{self.category}”，请撤回后按现有类别重新推荐：{'、'.join(offered)}"
        return self._judged(*services.standing("resident", self.nominee, self.window_days))

    def _judged(self, earned, deductions) -> str:
        """Why the points and deductions of the window fall short ("" when they do not)."""
        if deductions:
            return f"近{self.window_days}天内有未冲正的扣分记录（{deductions[0].reason}）"
        return "" if earned >= self.min_points else \
            f"近{self.window_days}天所得积分 {earned} 分，未达到 {self.min_points} 分"

    def standing_figures(self, services) -> dict:
        """The points and standing deductions eligibility is judged on, for the record page
        (none where no ledger is wired in: a workflow tried on its own)."""
        if getattr(services, "ledger", None) is None:
            return {}
        earned, deductions = services.standing("resident", self.nominee, self.window_days)
        short = self._judged(earned, deductions)
        return {"earned": earned,
                "open_deductions": [{"at": entry.at.date().isoformat(), "points": entry.points,
                                     "reason": entry.reason} for entry in deductions],
                "eligibility": f"不符合：{short}" if short else
                f"符合：近{self.window_days}天所得积分 {earned} 分（不少于 {self.min_points} 分），"
                "无未冲正的扣分"}
