"""家园小卫士: a child resident's integrity index (诚信指数) as a level, with the linked guardian."""

from dataclasses import dataclass

from ..errors import MeideError

CHILD_CATEGORY = "家园小卫士"


class NotAChild(MeideError, ValueError):
    """The resident is not a minor, so has no 家园小卫士 index."""


@dataclass(frozen=True)
class Level:
    """One step of the index: its name and the least points that reach it."""

    name: str
    least: int


@dataclass(frozen=True)
class IntegrityLevels:
    """The index's levels, lowest first; the first starts at 0 so every child has a level."""

    levels: tuple

    def __post_init__(self):
        if not self.levels or self.levels[0].least != 0:
            raise ValueError("诚信指数的第一级须从 0 分开始")
        leasts = [level.least for level in self.levels]
        if leasts != sorted(set(leasts)):
            raise ValueError("诚信指数各级的分数须逐级升高，且不能重复")
        names = [level.name for level in self.levels]
        if len(set(names)) != len(names) or not all(name.strip() for name in names):
            raise ValueError("诚信指数各级须有名称，且不能重名")

    def level_for(self, points: int) -> tuple:
        """(the level reached, the next level or None) for points earned."""
        reached = [level for level in self.levels if points >= level.least] or [self.levels[0]]
        following = [level for level in self.levels if level.least > points]
        return reached[-1], (following[0] if following else None)


# A child reaches 诚信新星 in about a month of daily sorting and reading, 诚信榜样 in a school year.
DEFAULT_LEVELS = IntegrityLevels((Level("诚信萌芽", 0), Level("诚信新星", 20),
                                  Level("诚信小卫士", 50), Level("诚信榜样", 100)))


def integrity_index(registry, ledger, resident_id,
                    levels: IntegrityLevels = DEFAULT_LEVELS) -> dict:
    """The child's index: points earned so far (spending in the credit supermarket does not
    lower it; deductions and reversals do), the level, what the next level needs, the
    spendable balance and the guardian who exchanges with the child."""
    child = registry.residents.get(resident_id)
    if not child.get("minor"):
        raise NotAChild(f"{child['name']}不是未成年居民，没有家园小卫士诚信指数")
    key = f"resident:{child.doc_id}"
    points = ledger.total(key)
    level, following = levels.level_for(points)
    guardian = None
    if child.get("guardian") is not None:
        doc = registry.residents.get(child["guardian"])
        guardian = {"id": doc.doc_id, "name": doc["name"]}
    return {"resident": child.doc_id, "name": child["name"], "points": points,
            "child_rule_points": _category_points(ledger, key),
            "balance": ledger.balance(key), "level": level.name,
            "next_level": following.name if following else "",
            "to_next": following.least - points if following else 0,
            "guardian": guardian}


def _category_points(ledger, key) -> int:
    """Of the points, those earned under the children's own (家园小卫士) rules."""
    return sum(entry.points for entry in ledger.history(key)
               if entry.earns and entry.category == CHILD_CATEGORY)
