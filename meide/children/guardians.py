"""Children and their guardians: a minor resident added, a guardian linked or changed (audited
with who, when, and the old and new guardian by name). Guardians are searched with the
console's resident picker, within the staff member's scope."""

from ..registry.book import raise_if_errors
from ..registry.errors import NotFound
from ..registry.validation import Problem, ValidationError

LINK_ACTION = "guardian.link"
# Who adds children and links guardians: the administrators and the grid's worker.
MANAGE_ROLES = frozenset({"社区管理员", "街道管理员", "网格员"})


def add_child(registry, *, guardian, **values) -> int:
    """A minor resident with a guardian (a resident id) from the start; values as
    residents.add takes them (name, gender, birth_date, household or address...)."""
    if guardian in (None, ""):
        raise ValidationError([Problem("请选择监护人：未成年居民须有监护人", "guardian")])
    return registry.residents.add(**values, minor=True, guardian=guardian)


def link_guardian(registry, child_id, guardian_id, reason: str = "") -> bool:
    """Make guardian_id (a resident of the same household or another) the child's guardian;
    audited as guardian.link with the old and new guardian's names. False if unchanged."""
    residents = registry.residents
    child = residents.get(child_id)
    if not child.get("minor"):
        raise ValidationError([Problem(f"{child['name']}不是未成年居民，不需要监护人", "child")])
    if guardian_id in (None, ""):
        raise ValidationError([Problem("请选择监护人", "guardian")])
    try:
        guardian = residents.get(guardian_id)
    except NotFound as exc:
        raise ValidationError([Problem(str(exc), "guardian")]) from exc
    if child.get("guardian") == guardian.doc_id:
        return False
    old = _name(residents, child.get("guardian"))
    doc, problems = residents._prepare({**child, "guardian": guardian.doc_id}, child)
    raise_if_errors(problems)
    residents.save(doc, child, action=LINK_ACTION, note=reason.strip(),
                   old_guardian=old, new_guardian=guardian["name"])
    return True


def history(registry, child_id) -> list:
    """The child's guardian changes, oldest first: {at, actor, old, new, note}."""
    return [{"at": entry["at"], "actor": entry["actor"], "old": entry.get("old_guardian", ""),
             "new": entry.get("new_guardian", ""), "note": entry.get("note", "")}
            for entry in registry.audit.entries("residents", int(child_id), action=LINK_ACTION)]


def children(registry) -> list:
    """The minor residents within the registry's scope."""
    return registry.residents.list(None, minor=True)


def _name(residents, resident_id) -> str:
    if resident_id is None:
        return ""
    try:
        return residents.table.get(doc_id=int(resident_id))["name"]
    except (TypeError, KeyError):
        return ""
