"""How a building's period score is made: component weights, star thresholds, covenant penalty."""

from dataclasses import dataclass, field

from ..errors import MeideError

COMPONENTS = {"members": "居民积分", "inspection": "楼道检查", "covenant": "公约遵守"}


class StairwellSettingsInvalid(MeideError, ValueError):
    """Settings that cannot score buildings; the message says what to fix."""


@dataclass(frozen=True)
class StairwellSettings:
    """The programme's scoring of buildings, each component on a 0–100 scale.

    - members: the members' points in the period per resident (so a big building is not
      favoured for being big), scaled so the best building compared is 100;
    - inspection: the total of the latest 楼道检查 scorecard of the period (none: 0);
    - covenant: 100 less `covenant_penalty` for each 居民楼道公约 point deducted per resident.

    The defaults weigh the inspection and the residents' own effort equally and the covenant at
    half that; thresholds are the stairwell scorecard's (90/80/70/60/50 for 5…1 stars).
    """

    weights: dict = field(default_factory=lambda: {"members": 0.4, "inspection": 0.4,
                                                   "covenant": 0.2})
    thresholds: dict = field(default_factory=lambda: {5: 90, 4: 80, 3: 70, 2: 60, 1: 50})
    # 50: one point deducted per resident on average costs half the covenant score; a single
    # 楼道堆放杂物 (-2) in a 40-resident building costs 2.5.
    covenant_penalty: float = 50.0
    covenant_category: str = "楼道公约"
    # 'community': a building is measured against its own community's buildings;
    # 'subdistrict': against every building compared (a subdistrict-wide evaluation).
    compare_across: str = "community"
    # A period whose best building earns fewer stars names no plaque holder.
    plaque_min_stars: int = 1

    def __post_init__(self):
        unknown = sorted(set(self.weights) - set(COMPONENTS))
        if unknown:
            raise StairwellSettingsInvalid(f"没有这些评分项：{'、'.join(unknown)}；"
                                           f"可用：{'、'.join(COMPONENTS)}")
        if any(not isinstance(w, (int, float)) or w < 0 for w in self.weights.values()) \
                or not sum(self.weights.values()) > 0:
            raise StairwellSettingsInvalid("各项权重须为不小于 0 的数字，且合计大于 0")
        stars = sorted(self.thresholds)
        minima = [self.thresholds[s] for s in stars]
        if not stars or any(s not in (1, 2, 3, 4, 5) for s in stars) \
                or any(not 0 <= m <= 100 for m in minima) or minima != sorted(set(minima)):
            raise StairwellSettingsInvalid("星级门槛须为 1 到 5 星、0–100 分，且星级越高门槛越高，"
                                           "例如 {5: 90, 4: 80, 3: 70, 2: 60, 1: 50}")
        if self.covenant_penalty < 0:
            raise StairwellSettingsInvalid("违约扣减系数不能为负数")
        if self.compare_across not in ("community", "subdistrict"):
            raise StairwellSettingsInvalid("居民积分的比较范围只能是 community（社区内）或 "
                                           "subdistrict（全街道）")

    def combine(self, parts: dict) -> float:
        """The weighted score (0–100, one decimal) of component scores {name: 0–100}."""
        total = sum(self.weights.values())
        return round(sum(w * parts.get(name, 0.0) for name, w in self.weights.items()) / total, 1)

    def stars_for(self, score: float) -> int:
        return max((s for s, least in self.thresholds.items() if score >= least), default=0)
