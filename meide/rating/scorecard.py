"""Weighted scorecards: criteria marked 0–100, a weighted total, and stars by thresholds."""

import dataclasses
import threading

from meide import clock

from ..errors import MeideError

TABLE = "scorecards"
FULL_MARK = 100


class ScorecardInvalid(MeideError, ValueError):
    """A scorecard or a set of marks that cannot be used; the message says what to fix."""


@dataclasses.dataclass(frozen=True)
class Criterion:
    """One line of a scorecard: marked 0–100 by the reviewer, counted with its weight."""

    code: str
    name: str
    weight: float
    hint: str = ""
    # A veto line (e.g. 投诉记录 with an upheld complaint): marked below its floor, the whole
    # review is capped at `veto_cap` stars whatever the total — how the programme's 一票否决 works.
    floor: float | None = None
    veto_cap: int = 0


@dataclasses.dataclass(frozen=True)
class Scored:
    """The outcome of marking a scorecard: weighted total (0–100), stars, and why."""

    total: float
    stars: int
    marks: dict
    vetoed_by: tuple = ()


@dataclasses.dataclass(frozen=True)
class Scorecard:
    """The criteria of one kind of review (e.g. 'merchant') and the totals each star needs.

    thresholds maps stars to the least total that earns them, e.g. {5: 90, 4: 80, 3: 70, 2: 60,
    1: 50}; a total below every threshold earns no star (不予评星).
    """

    kind: str
    title: str
    criteria: tuple
    thresholds: dict
    version: int = 1

    def __post_init__(self):
        if not self.criteria:
            raise ScorecardInvalid(f"评分表“{self.title}”至少要有一项评分内容")
        codes = [c.code for c in self.criteria]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise ScorecardInvalid(f"评分表“{self.title}”的评分项编码重复：{'、'.join(repeated)}")
        for criterion in self.criteria:
            if not criterion.name.strip():
                raise ScorecardInvalid(f"评分项 {criterion.code} 缺少名称")
            if not criterion.weight > 0:
                raise ScorecardInvalid(f"评分项“{criterion.name}”的权重须大于 0")
        stars = sorted(self.thresholds)
        if not stars or any(not isinstance(s, int) or not 1 <= s <= 5 for s in stars):
            raise ScorecardInvalid("星级门槛须为 1 到 5 星，例如 {5: 90, 4: 80, 3: 70}")
        minima = [self.thresholds[s] for s in stars]
        if any(not 0 <= m <= FULL_MARK for m in minima) or minima != sorted(set(minima)):
            raise ScorecardInvalid("星级门槛须在 0–100 之间，且星级越高门槛越高")

    def score(self, marks: dict) -> Scored:
        """Weigh marks ({criterion code: 0–100}); every criterion must be marked."""
        missing = [c.name for c in self.criteria if c.code not in marks]
        if missing:
            raise ScorecardInvalid(f"还有评分项没有打分：{'、'.join(missing)}")
        unknown = sorted(set(marks) - {c.code for c in self.criteria})
        if unknown:
            raise ScorecardInvalid(f"评分表“{self.title}”没有这些评分项：{'、'.join(unknown)}")
        clean, weighted, vetoes = {}, 0.0, []
        for criterion in self.criteria:
            value = _mark(criterion, marks[criterion.code])
            clean[criterion.code] = value
            weighted += criterion.weight * value
            if criterion.floor is not None and value < criterion.floor:
                vetoes.append(criterion)
        total = round(weighted / sum(c.weight for c in self.criteria), 1)
        stars = self.stars_for(total)
        if vetoes:
            stars = min([stars, *(c.veto_cap for c in vetoes)])
        return Scored(total, stars, clean, tuple(c.code for c in vetoes))

    def stars_for(self, total: float) -> int:
        earned = [stars for stars, least in self.thresholds.items() if total >= least]
        return max(earned, default=0)

    def to_doc(self) -> dict:
        return {"kind": self.kind, "title": self.title, "version": self.version,
                "criteria": [dataclasses.asdict(c) for c in self.criteria],
                "thresholds": {str(s): least for s, least in self.thresholds.items()}}

    @classmethod
    def from_doc(cls, doc: dict) -> "Scorecard":
        return cls(kind=doc["kind"], title=doc["title"], version=doc["version"],
                   criteria=tuple(Criterion(**c) for c in doc["criteria"]),
                   thresholds={int(s): least for s, least in doc["thresholds"].items()})


def _mark(criterion: Criterion, value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ScorecardInvalid(f"“{criterion.name}”的分数须是 0–100 的数字，收到“{value}”") from None
    if not 0 <= number <= FULL_MARK:
        raise ScorecardInvalid(f"“{criterion.name}”的分数须在 0–100 之间，收到 {value}")
    return number


def _card(kind, title, lines, thresholds=None):
    criteria = tuple(Criterion(*line) if isinstance(line, tuple) else line for line in lines)
    return Scorecard(kind, title, criteria, thresholds or {5: 90, 4: 80, 3: 70, 2: 60, 1: 50})


FIVE_HAS = [("organisation", "有组织", 1, "有负责人和信用工作小组"),
            ("rules", "有制度", 1, "有信用承诺、公约或管理制度并公开"),
            ("place", "有阵地", 1, "有宣传栏、信用角或服务场所"),
            ("activity", "有活动", 1, "定期开展诚信宣传和志愿服务"),
            ("results", "有成效", 1, "群众满意、无失信记录")]

# The programme's criteria; each community's staff may save their own versions (Scorecards.save).
DEFAULT_SCORECARDS = {card.kind: card for card in [
    _card("merchant", "诚信商户挂牌授星评分表", [
        ("honest", "诚信经营", 25, "证照齐全、守法经营、无欺诈"),
        ("prices", "明码标价", 15, "商品和服务明码标价，价签清楚"),
        ("hygiene", "环境卫生", 15, "门前三包、店内整洁"),
        ("service", "服务质量", 20, "态度好、售后有保障"),
        ("charity", "参与公益/志愿服务", 15, "参与社区公益、让利信用超市"),
        Criterion("complaints", "投诉记录", 10, "无投诉为 100 分；查实一次投诉低于 60 分",
                  floor=60, veto_cap=2)]),
    _card("committee", "诚信居委会评分表", [*FIVE_HAS, ("x", "+X 特色", 1, "本社区特色做法")]),
    _card("resident", "诚信居民评分表", [
        ("covenant", "遵守居民公约", 1, "遵守居民楼道公约、无违约扣分"),
        ("volunteer", "志愿服务", 1, "参与志愿服务和邻里互助"),
        ("payments", "按时缴费", 1, "物业费、水电费按时缴纳"),
        ("family", "家庭和睦", 1, "孝老爱亲、家庭和睦"),
        ("x", "+X 特色", 1, "其他诚信事迹")]),
    _card("merchant_integrity", "诚信商户（五有+X）评分表", [*FIVE_HAS, ("x", "+X 特色", 1, "")]),
    _card("property", "诚信物业评分表", [*FIVE_HAS, ("x", "+X 特色", 1, "服务承诺兑现情况")]),
    _card("campus", "诚信校园评分表", [*FIVE_HAS, ("x", "+X 特色", 1, "诚信教育进课堂")]),
    _card("stairwell", "星级楼道检查评分表", [
        ("clean", "楼道整洁", 30, "无垃圾、无小广告"),
        ("clutter", "无杂物堆放", 25, "楼道、消防通道无杂物"),
        ("safety", "消防安全", 25, "无飞线充电、灭火器完好"),
        ("covenant", "公约上墙", 20, "居民楼道公约张贴并有楼长签名")]),
]}


class Scorecards:
    """The scorecards in force: the defaults above, replaced by versions staff saved in the store."""

    def __init__(self, store):
        self._store = store
        self._table = store.table(TABLE)
        self._lock = threading.Lock()

    def current(self, kind: str) -> Scorecard:
        saved = [doc for doc in self._table.all() if doc["kind"] == kind]
        if saved:
            return Scorecard.from_doc(max(saved, key=lambda doc: doc["version"]))
        if kind not in DEFAULT_SCORECARDS:
            known = "、".join(sorted(DEFAULT_SCORECARDS))
            raise ScorecardInvalid(f"没有“{kind}”这种评分表；现有：{known}")
        return DEFAULT_SCORECARDS[kind]

    def version(self, kind: str, version: int) -> Scorecard:
        """The scorecard kind as it was at version (reviews keep the version they were marked on)."""
        for doc in self._table.all():
            if doc["kind"] == kind and doc["version"] == version:
                return Scorecard.from_doc(doc)
        default = DEFAULT_SCORECARDS.get(kind)
        if default is not None and default.version == version:
            return default
        raise ScorecardInvalid(f"评分表“{kind}”没有第 {version} 版")

    def save(self, card: Scorecard, saved_by: str) -> Scorecard:
        """Keep card as the next version of its kind (validated by Scorecard itself)."""
        with self._store.transaction():
            latest = self.current(card.kind).version if self._known(card.kind) else 0
            kept = dataclasses.replace(card, version=latest + 1)
            self._table.insert({**kept.to_doc(), "saved_by": saved_by,
                                "saved_at": clock.now().isoformat(timespec="seconds")})
        return kept

    def _known(self, kind):
        return kind in DEFAULT_SCORECARDS or any(doc["kind"] == kind for doc in self._table.all())
