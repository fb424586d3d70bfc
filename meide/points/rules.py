"""A scoring rule (积分规则): one immutable version of what an event is worth, caps, conditions."""

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Real

from .accounts import KIND_LABELS
from .errors import CAP_LABELS, InvalidQuantity, RuleInvalid

AUDIENCES = ("resident", "household", "merchant", "building", "unit", "child")
PER = {"event": "次", "hour": "小时"}
CAPS = ("day", "month", "year")
BASE_CATALOGUE = "subdistrict"
# Every rule code declared in this process (the programme's catalogue, a notebook's new rule):
# what a workflow declaration may name, so a mistyped code fails when the class is defined.
_declared_codes = set()


def declared_codes() -> frozenset:
    """The codes of every Rule declared so far in this process."""
    return frozenset(_declared_codes)


def round_half_up(value: Fraction) -> int:
    """Round to a whole point, halves away from zero: 4.5 -> 5 and -4.5 -> -5.

    Points are integers. Per-hour rules allow half hours, so an odd number of points per hour
    times x.5 hours lands exactly on a half; residents expect it rounded in their favour (and a
    deduction rounded the same way in magnitude, so reversing it gives the same amount back).
    """
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def normalise_quantity(quantity, per: str):
    """A valid quantity as stored: a positive int of events, or hours in steps of half an hour."""
    if isinstance(quantity, bool) or not isinstance(quantity, Real):
        raise InvalidQuantity(f"数量「{quantity!r}」不是数字，请填写次数或小时数。")
    exact = Fraction(quantity)
    if exact <= 0:
        raise InvalidQuantity(f"数量必须大于 0，收到 {quantity}。")
    if per == "event":
        if exact.denominator != 1:
            raise InvalidQuantity(f"按次计分的规则数量必须是整数次，收到 {quantity}。")
        return int(exact)
    if (exact * 2).denominator != 1:
        raise InvalidQuantity(f"按小时计分的规则以半小时为单位 (如 1.5 小时)，收到 {quantity}。")
    return int(exact) if exact.denominator == 1 else float(exact)


@dataclass(frozen=True)
class Rule:
    """One version of a rule; a change makes a new version and old entries keep theirs.

    points is per event, or per hour when per == "hour"; negative points make a deduction rule
    (扣分). Caps limit the points (in magnitude) one account can get from this rule per
    calendar day, month and year. effective_to is the last day the version applies (inclusive).
    evidence_required: an entry must attach evidence (photo, sign-in sheet); review_required:
    an entry must name its source record, the workflow record in which it was reviewed.
    """

    code: str
    name: str
    category: str
    points: int
    per: str = "event"
    day_cap: int | None = None
    month_cap: int | None = None
    year_cap: int | None = None
    evidence_required: bool = False
    review_required: bool = False
    applies_to: tuple = ("resident",)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    description: str = ""
    enabled: bool = True
    version: int = 1
    catalogue: str = BASE_CATALOGUE

    def __post_init__(self):
        object.__setattr__(self, "applies_to", tuple(self.applies_to))
        for name in ("effective_from", "effective_to"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, dt.date.fromisoformat(value))
            elif isinstance(value, dt.datetime):
                object.__setattr__(self, name, value.date())
        self._validate()
        _declared_codes.add(self.code)

    def _validate(self):
        problems = []
        if not isinstance(self.code, str) or not self.code or any(c.isspace() for c in self.code):
            problems.append(f"规则代码「{self.code}」不能为空或含空格")
        if not self.name:
            problems.append("规则名称不能为空")
        if not self.category:
            problems.append("规则类别不能为空")
        if isinstance(self.points, bool) or not isinstance(self.points, int) or self.points == 0:
            problems.append(f"分值必须是非零整数 (扣分为负数)，收到 {self.points!r}")
        if self.per not in PER:
            problems.append(f"计分方式必须是 event (按次) 或 hour (按小时)，收到 {self.per!r}")
        for cap in CAPS:
            limit = getattr(self, f"{cap}_cap")
            if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)
                                      or limit <= 0):
                problems.append(f"{CAP_LABELS[cap]}上限必须是正整数或不设，收到 {limit!r}")
            elif limit is not None and not problems and limit < self._smallest_amount():
                problems.append(f"{CAP_LABELS[cap]}上限 {limit} 分小于一次最少的分值，规则将无法使用")
        unknown = [a for a in self.applies_to if a not in AUDIENCES]
        if not self.applies_to or unknown:
            problems.append(f"适用对象必须从 {'、'.join(AUDIENCES)} 中选择，收到 {self.applies_to}")
        if (self.effective_from and self.effective_to
                and self.effective_to < self.effective_from):
            problems.append("失效日期不能早于生效日期")
        if not isinstance(self.version, int) or self.version < 1:
            problems.append(f"版本号必须是正整数，收到 {self.version!r}")
        if problems:
            raise RuleInvalid(f"积分规则「{self.name or self.code}」设置有误: " + "；".join(problems)
                              + "。请修改后再保存。")

    def _smallest_amount(self) -> int:
        step = Fraction(1, 2) if self.per == "hour" else 1
        return abs(round_half_up(Fraction(self.points) * step))

    # -- using a rule --------------------------------------------------------------------------

    @property
    def is_deduction(self) -> bool:
        return self.points < 0

    @property
    def unit(self) -> str:
        return PER[self.per]

    def caps(self) -> list:
        """[(period, limit)] for the caps this version sets, day first."""
        return [(cap, getattr(self, f"{cap}_cap")) for cap in CAPS
                if getattr(self, f"{cap}_cap") is not None]

    def in_effect(self, on: dt.date) -> bool:
        return ((self.effective_from is None or self.effective_from <= on)
                and (self.effective_to is None or on <= self.effective_to))

    def points_for(self, quantity) -> int:
        """Points for a quantity of events or hours (validated; per-hour results round half up)."""
        quantity = normalise_quantity(quantity, self.per)
        return round_half_up(Fraction(self.points) * Fraction(quantity))

    def applies_to_label(self) -> str:
        return "、".join(KIND_LABELS[a] for a in self.applies_to)

    def with_changes(self, **changes) -> "Rule":
        """A copy with fields changed (validated again); the caller sets the version."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise RuleInvalid(f"积分规则没有这些设置项: {'、'.join(sorted(unknown))}。")
        return dataclasses.replace(self, **changes)

    # -- storing -------------------------------------------------------------------------------

    def to_doc(self) -> dict:
        doc = dataclasses.asdict(self)
        doc["applies_to"] = list(self.applies_to)
        for name in ("effective_from", "effective_to"):
            doc[name] = doc[name].isoformat() if doc[name] else None
        return doc

    @classmethod
    def from_doc(cls, doc) -> "Rule":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in doc.items() if key in names})
