"""Point accounts ("<kind>:<id>") with where they sit in the organisation, and roll-up settings."""

from dataclasses import dataclass, field
from types import MappingProxyType

from .errors import InvalidRequest

KINDS = ("resident", "household", "merchant", "building", "unit")
KIND_LABELS = {"resident": "居民", "household": "家庭户", "merchant": "商户",
               "building": "楼栋", "unit": "单位", "child": "未成年居民(家园小卫士)"}


@dataclass(frozen=True)
class Account:
    """Who an entry is for, with their place in the tree at the time of the entry.

    The registry owns people and places; the ledger copies community, grid, household and
    building into every entry so that rankings and roll-ups never join at query time and keep
    counting points where they were earned after someone moves.
    """

    kind: str
    id: str
    community: str | None = None
    grid: str | None = None
    household: str | None = None
    building: str | None = None
    is_child: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise InvalidRequest(f"账户类型「{self.kind}」无效，应为: {'、'.join(KINDS)}。")
        for name in ("id", "community", "grid", "household", "building"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                # Registry doc ids are ints; keys and stored fields are strings.
                object.__setattr__(self, name, str(value))
        if not self.id:
            raise InvalidRequest("账户编号不能为空。")
        if self.is_child and self.kind != "resident":
            raise InvalidRequest("只有居民账户可以标记为未成年(家园小卫士)。")

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def audience(self) -> str:
        """The 'applies to' word of rules for this account: its kind, or 'child'."""
        return "child" if self.is_child else self.kind

    def label(self) -> str:
        return f"{KIND_LABELS[self.audience]}账户 {self.key}"


def parse_key(key: str) -> tuple:
    """'resident:42' -> ('resident', '42'); raises InvalidRequest for anything else."""
    kind, sep, ident = str(key).partition(":")
    if not sep or kind not in KINDS or not ident:
        raise InvalidRequest(f"账户「{key}」格式不对，应为「类型:编号」，如 resident:42。")
    return kind, ident


def account_from_key(key: str) -> Account:
    """A bare Account (no place in the tree) for a key."""
    return Account(*parse_key(key))


@dataclass(frozen=True)
class RollUp:
    """Which member kinds' points count towards household and building totals (per programme).

    into maps a target kind to the member kinds rolled into it: with the default, a resident's
    points also count for their household and building, and a household's for its building.
    Roll-up totals are for rankings and star levels; spendable balances never roll up.
    """

    into: MappingProxyType = field(default_factory=lambda: MappingProxyType({
        "household": ("resident",),
        "building": ("resident", "household"),
    }))

    def __post_init__(self):
        into = {target: tuple(sources) for target, sources in dict(self.into).items()}
        for target, sources in into.items():
            if target not in ("household", "building"):
                raise InvalidRequest(f"只能汇总到家庭户或楼栋，不能汇总到「{target}」。")
            if target in sources or any(kind not in KINDS for kind in sources):
                raise InvalidRequest(f"汇总到「{target}」的成员类型无效: {sources}。")
        object.__setattr__(self, "into", MappingProxyType(into))

    @classmethod
    def off(cls) -> "RollUp":
        return cls(into={})

    def targets(self, kind: str, household: str | None, building: str | None) -> tuple:
        """Account keys that an entry of this kind, household and building rolls up into."""
        keys = []
        for target, place in (("household", household), ("building", building)):
            if place is not None and kind in self.into.get(target, ()):
                keys.append(f"{target}:{place}")
        return tuple(keys)

    def is_target(self, kind: str) -> bool:
        return bool(self.into.get(kind))
