"""Who is acting: the signed-in staff member's roles and scope, and what that lets them do."""

from dataclasses import dataclass, field
from typing import Optional

from ..scope import Scope


@dataclass(frozen=True)
class Actor:
    """A staff member (or the system clock) acting on records.

    community/grid give the scope: None for the whole subdistrict; a community officer has a
    community; a grid worker has a community and a grid. subdistrict (None: any) matters only
    where one installation serves several subdistricts.
    """

    username: str
    name: str
    roles: frozenset = field(default_factory=frozenset)
    community: Optional[object] = None
    grid: Optional[object] = None
    subdistrict: Optional[object] = None

    def __post_init__(self):
        object.__setattr__(self, "roles", frozenset(self.roles))

    @property
    def is_system(self) -> bool:
        return self.username == SYSTEM.username

    @property
    def scope(self) -> Scope:
        return Scope(self.subdistrict, self.community, self.grid)

    def covers(self, place) -> bool:
        """Whether a record placed there is within the actor's part of the subdistrict."""
        return self.scope.covers(place)


def actor_from_staff(account) -> Actor:
    """The Actor a registry staff account acts as (its roles and scope)."""
    return Actor(account["username"], account.get("display_name") or account["username"],
                 frozenset(account.get("roles") or ()), community=account.get("community"),
                 grid=account.get("grid"), subdistrict=account.get("subdistrict"))


SYSTEM = Actor("system", "系统（到期自动）", frozenset({"system"}))


def may_take(actor: Actor, transition, record) -> Optional[str]:
    """None if actor may take transition on record now, else the reason why not (Chinese)."""
    if transition.system:
        return None if actor.is_system else f"“{transition.label}”由系统到期自动执行"
    if not actor.roles & set(transition.roles):
        return f"“{transition.label}”需要以下角色之一：{'、'.join(transition.roles)}"
    if transition.approves and not transition.allow_self and record.created_by == actor.username:
        return "不能审批自己提交的记录，请由其他人员办理"
    signed = {s["actor"] for s in record.signatures.get(transition.name, [])}
    if actor.username in signed:
        return f"您已签署“{transition.label}”，请等待其他人员会签"
    quorum = transition.quorum
    if quorum is not None and quorum.per_role:
        taken = {s["role"] for s in record.signatures.get(transition.name, [])}
        if not (actor.roles & (set(quorum.per_role) - taken)):
            return f"“{transition.label}”需要的角色都已签署"
    return None
