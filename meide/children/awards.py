"""The children's own (家园小卫士) activities awarded from a form a 网格员 or school contact fills:
children chosen, a 家园小卫士 rule, the day, a note; points through the ledger, each child
within the staff member's scope, each outcome said in Chinese."""

import datetime as dt
from dataclasses import dataclass

from .. import clock
from ..errors import MeideError
from ..points import PointsError
from ..privacy import mask_text
from ..registry.errors import NotFound, OutOfScope
from ..supermarket.redemption import resident_account
from . import CHILD_CATEGORY

# Who may award: the grid's worker and the school's contact, and the administrators over them.
AWARD_ROLES = frozenset({"网格员", "学校联系人", "社区管理员", "街道管理员"})
# An activity is entered within a month of the day it took place.
OLDEST_DAYS = 31
NOTE_LIMIT = 200


class AwardRefused(MeideError, ValueError):
    """The form cannot be awarded as filled (str() says why, in Chinese)."""


@dataclass(frozen=True)
class Outcome:
    """What one child got: the points, or the reason there were none."""

    child: int
    name: str
    points: int = 0
    problem: str = ""


def child_rules(catalogue, community=None) -> list:
    """The 家园小卫士 rules in effect today in the community's catalogue, by name."""
    catalogue_name = catalogue.catalogue_for(community)
    return sorted((rule for rule in catalogue.rules(catalogue=catalogue_name)
                   if rule.category == CHILD_CATEGORY and rule.points > 0),
                  key=lambda rule: rule.name)


def check_form(registry, roles, children, rule, on, note) -> tuple:
    """(children ids, date, note) of a filled form, or AwardRefused with every problem."""
    problems = []
    if not set(roles or ()) & AWARD_ROLES:
        problems.append("只有网格员、学校联系人或社区、街道管理员可以登记家园小卫士活动")
    ids = list(dict.fromkeys(int(child) for child in children or ()))
    if not ids:
        problems.append("请至少选择一名儿童")
    if not rule:
        problems.append("请选择活动规则")
    if not isinstance(on, dt.date):
        problems.append("请填写活动日期")
    else:
        today = clock.today()
        if on > today:
            problems.append(f"活动日期{on}晚于今天，请核对")
        elif (today - on).days > OLDEST_DAYS:
            problems.append(f"活动日期{on}已超过{OLDEST_DAYS}天，不能再登记")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        problems.append(f"备注不能超过{NOTE_LIMIT}字（现有{len(note)}字）")
    if problems:
        raise AwardRefused("；".join(problems))
    return ids, on, note


def award_activity(registry, ledger, *, roles, children, rule, on, note="",
                   form_key: str) -> list:
    """Award rule to each child for the activity of day on; a list of Outcome, one per child.
    registry acts as the staff member (a 网格员 reaches only the children of their grids);
    form_key makes a form submitted twice award once."""
    ids, on, note = check_form(registry, roles, children, rule, on, note)
    try:
        chosen = ledger.catalogue.rule(rule)
    except PointsError as exc:
        raise AwardRefused(str(exc)) from exc
    if chosen.category != CHILD_CATEGORY:
        raise AwardRefused(f"“{chosen.name}”不是家园小卫士的规则，请选择家园小卫士类的活动")
    reason = f"{chosen.name}（{on}）" + (f"：{mask_text(note)}" if note else "")
    outcomes = []
    for child_id in ids:
        try:
            child = registry.residents.get(child_id)
        except NotFound as exc:
            outcomes.append(Outcome(child_id, "", problem=str(exc)))
            continue
        except OutOfScope as exc:      # the form offers none: a forged choice, audited
            registry.refused(str(exc), "residents", child_id, attempted="children.award")
            outcomes.append(Outcome(child_id, "", problem=str(exc)))
            continue
        if not child.get("minor"):
            outcomes.append(Outcome(child_id, child["name"],
                                    problem=f"{child['name']}不是未成年居民"))
            continue
        try:
            entry = ledger.award(resident_account(child), chosen.code, reason=reason,
                                 source=f"children:{on.isoformat()}", actor=registry.actor,
                                 key=f"children:{form_key}:{child_id}")
        except PointsError as exc:
            outcomes.append(Outcome(child_id, child["name"], problem=str(exc)))
            continue
        outcomes.append(Outcome(child_id, child["name"], points=entry.points))
    return outcomes
