"""Whether the staff a place has can take a step at all: a 会签 short of signers is said, not met."""

from .permissions import may_take
from .records import Record


def signers_needed(transition) -> int:
    return transition.quorum.needed(transition.roles) if transition.quorum else 1


def shortfall(transition, record, staff) -> str:
    """What is missing for transition to ever be taken on record by the staff there now
    ("" when enough people could), e.g. "…还需要 1 名评审委员账号". staff are the active
    accounts (Actors); those outside the record's scope or barred (their own submission, already
    signed) don't count."""
    if transition.system:
        return ""
    signed = record.signatures.get(transition.name, [])
    able = [actor for actor in staff if actor.covers(record.scope)
            and may_take(actor, transition, record) is None]
    quorum = transition.quorum
    if quorum is not None and quorum.per_role:
        taken = {s["role"] for s in signed}
        missing = [role for role in quorum.per_role if role not in taken
                   and not any(role in actor.roles for actor in able)]
        if not missing:
            return ""
        return f"“{transition.label}”还需要{'、'.join(f'1 名{role}账号' for role in missing)}"
    needed = signers_needed(transition)
    short = needed - len(signed) - len(able)
    if short <= 0:
        return ""
    return (f"“{transition.label}”需要 {needed} 人签署，本范围内能签署的只有 "
            f"{len(signed) + len(able)} 人：还需要 {short} 名{'或'.join(transition.roles)}账号")


def place_shortfalls(cls, scope: dict, staff) -> list:
    """(transition, what is missing) for each step of cls that a record placed at scope could
    not take with these staff: the settings page's report. A step that approves its starter's
    submission is also checked as started by one of its approvers, who may not approve it."""
    problems = []
    for transition in cls.declaration().transitions.values():
        if transition.system:
            continue
        fresh = Record(cls.slug, 0, {"scope": scope, "created_by": "", "signatures": {}})
        missing = shortfall(transition, fresh, staff)
        starters = sorted(set(cls.start_roles) & set(transition.roles))
        if not missing and transition.approves and not transition.allow_self and starters:
            able = [actor for actor in staff if actor.covers(scope)
                    and actor.roles & set(transition.roles)]
            if len(able) <= signers_needed(transition):
                missing = (f"由{'或'.join(starters)}发起时，发起人不能办理“{transition.label}”："
                           f"还需要 1 名{'或'.join(transition.roles)}账号")
        if missing:
            problems.append((transition, missing))
    return problems
