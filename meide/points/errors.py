"""Points errors: one PointsError hierarchy; messages tell staff, in Chinese, what to do."""

from ..errors import MeideError

CAP_LABELS = {"day": "每日", "month": "每月", "year": "每年"}
PERIOD_WORDS = {"day": "今日", "month": "本月", "year": "今年"}


class PointsError(MeideError):
    """Base class of every error the points package raises; str() is the message for staff."""


class RuleInvalid(PointsError):
    """A rule definition or change is not acceptable (bad points, caps, dates or kinds)."""


class CatalogueNotFound(PointsError):
    """A community catalogue was named that has not been set up."""

    def __init__(self, catalogue, known=()):
        self.catalogue = catalogue
        known_text = "、".join(known) or "无"
        super().__init__(f"没有积分规则目录「{catalogue}」(已有: {known_text})。"
                         "请先为该社区建立规则目录，或不指定目录以使用街道规则。")


class RuleNotFound(PointsError):
    """No rule has this code; suggestions lists similar codes (did you mean)."""

    def __init__(self, code, suggestions=()):
        self.code = code
        self.suggestions = list(suggestions)
        hint = (f"您是不是要找: {'、'.join(self.suggestions)}？" if self.suggestions
                else "请在积分规则目录中查看可用的规则代码。")
        super().__init__(f"没有代码为「{code}」的积分规则。{hint}")


class RuleNotInEffect(PointsError):
    """The rule exists but no version is in effect on that date (or the community retired it)."""

    def __init__(self, code, name, on_date, detail=""):
        self.code, self.on_date = code, on_date
        super().__init__(f"积分规则「{name}」({code}) 在 {on_date:%Y年%m月%d日} 不在有效期内"
                         f"{detail}。请选择有效的规则，或请管理员调整规则的生效日期。")


class RuleNotApplicable(PointsError):
    """The rule does not apply to this kind of account (e.g. a children's rule for an adult)."""

    def __init__(self, rule, account_label):
        self.code = rule.code
        super().__init__(f"积分规则「{rule.name}」只适用于{rule.applies_to_label()}，"
                         f"不适用于{account_label}。请换用适用的规则。")


class WrongDirection(PointsError):
    """award() was given a deduction rule, or deduct() a rule that adds points."""

    def __init__(self, rule, operation):
        self.code = rule.code
        if operation == "award":
            text = f"「{rule.name}」是扣分规则，请使用扣分 (deduct) 录入。"
        else:
            text = f"「{rule.name}」是加分规则，请使用加分 (award) 录入。"
        super().__init__(text)


class InvalidQuantity(PointsError):
    """The quantity is not a positive count of events, or not whole/half hours."""


class InvalidRequest(PointsError):
    """A required detail (reason, actor, idempotency key, points) is missing or malformed."""


class EvidenceRequired(PointsError):
    """The rule requires evidence (a photo, a sign-in sheet) and none was attached."""

    def __init__(self, rule):
        self.code = rule.code
        super().__init__(f"积分规则「{rule.name}」需要上传佐证材料(照片、签到表等)，请补充后再录入。")


class ReviewRequired(PointsError):
    """The rule requires review, so the entry must name the reviewed source record."""

    def __init__(self, rule):
        self.code = rule.code
        super().__init__(f"积分规则「{rule.name}」需经审核后才能记分，请通过审核流程录入"
                         "(须注明来源记录)。")


class CapExceeded(PointsError):
    """A day/month/year cap of the rule would be exceeded; says which cap and what remains."""

    def __init__(self, rule, cap, limit, used, requested):
        self.code, self.cap = rule.code, cap
        self.limit, self.used, self.requested = limit, used, requested
        self.remaining = max(limit - used, 0)
        verb = "扣" if rule.points < 0 else "得"
        smallest = abs(rule.points) if rule.per == "event" else (abs(rule.points) + 1) // 2
        if self.remaining >= smallest:
            advice = f"本次最多还可记 {self.remaining} 分，请减少数量后再录入。"
        elif self.remaining:
            advice = f"还剩 {self.remaining} 分额度，不够记一{rule.unit}，请在下一个周期再录入。"
        else:
            advice = "已达上限，请在下一个周期再录入。"
        super().__init__(
            f"超出{CAP_LABELS[cap]}上限: 积分规则「{rule.name}」{CAP_LABELS[cap]}最多{verb} "
            f"{limit} 分，{PERIOD_WORDS[cap]}已{verb} {used} 分，本次 {requested} 分。{advice}")


class InsufficientBalance(PointsError):
    """The entry would take the account's spendable balance below zero."""

    def __init__(self, account, balance, needed):
        self.account, self.balance, self.needed = account, balance, needed
        super().__init__(f"积分不足: 账户 {account} 当前可用积分 {balance} 分，本次需要 {needed} 分，"
                         f"还差 {needed - balance} 分。积分不能扣成负数，请核对后调整。")


class EntryNotFound(PointsError):
    """No ledger entry has this id."""

    def __init__(self, entry_id):
        self.entry_id = entry_id
        super().__init__(f"积分台账中没有编号为 {entry_id} 的记录，请核对编号。")


class AlreadyReversed(PointsError):
    """The entry was already reversed (each entry is reversed at most once)."""

    def __init__(self, entry_id, reversal_id):
        self.entry_id, self.reversal_id = entry_id, reversal_id
        super().__init__(f"第 {entry_id} 号记录已被第 {reversal_id} 号记录冲正，不能再次冲正。"
                         "如需重新记分，请新录入一条记录。")


class NotReversible(PointsError):
    """A reversal entry cannot itself be reversed; record a new entry instead."""

    def __init__(self, entry_id):
        self.entry_id = entry_id
        super().__init__(f"第 {entry_id} 号记录本身是冲正记录，不能再冲正。如冲正有误，请重新录入一条记录。")


class IdempotencyConflict(PointsError):
    """The idempotency key was already used for a different operation."""

    def __init__(self, key, entry_id):
        self.key, self.entry_id = key, entry_id
        super().__init__(f"操作编号「{key}」已用于第 {entry_id} 号记录，且内容不同。"
                         "同一操作编号只能用于同一次操作；新的操作请使用新的编号。")
