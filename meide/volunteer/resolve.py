"""Match a sign-in sheet's rows to residents within the staff member's scope, row by row.

A name alone must be unique in the scope; a namesake needs the phone or ID-number tail. Every
problem names its row and says what to write instead; nothing is saved while any row is wrong.
"""

from dataclasses import dataclass, field

from ..registry import Scope


@dataclass
class ResolvedRow:
    """A sheet row matched to one resident (resident set) or with its problems."""

    number: int
    name: str
    hours: float | None
    tail: str = ""
    times: tuple = ()
    resident: int | None = None
    place: str = ""
    problems: list = field(default_factory=list)

    def as_saved(self) -> dict:
        return {"resident": self.resident, "name": self.name, "hours": self.hours,
                "times": list(self.times)}


def scope_of_actor(registry, actor) -> Scope:
    """The registry Scope of a kernel Actor (the whole subdistrict for subdistrict staff)."""
    subdistrict = actor.subdistrict
    if subdistrict is None:
        found = registry.subdistricts.list()
        subdistrict = found[0].doc_id if found else None
    return Scope(subdistrict, actor.community, actor.grid)


def _tail_matches(resident, tail: str) -> bool:
    return tail in (resident.get("phone_tail") or "", (resident.get("id_number") or "")[-4:])


def _resolve_one(registry, scope, row, resolved):
    people = registry.residents.list(scope, name=row.name)
    if not people:
        resolved.problems.append(f"您管辖的范围内没有名为“{row.name}”的居民，请核对姓名"
                                 "（错别字、同音字），或先在居民名册中登记")
        return
    if row.tail:
        people = [p for p in people if _tail_matches(p, row.tail)]
        if not people:
            resolved.problems.append(f"“{row.name}”的手机号和身份证后四位都不是 {row.tail}，请核对")
            return
    if len(people) > 1:
        resolved.problems.append(
            f"有 {len(people)} 位居民叫“{row.name}”，请在姓名后加上手机号或身份证后四位，"
            f"如“{row.name} 1234 {_hours_text(row.hours)}”")
        return
    resolved.resident = people[0].doc_id
    resolved.place = people[0].get("address") or ""


def _hours_text(hours) -> str:
    if hours is None:
        return "2"
    return str(int(hours)) if float(hours).is_integer() else str(hours)


def resolve_sheet(registry, actor, rows, *, max_hours: float | None = None) -> list:
    """ResolvedRows for parsed SheetRows; max_hours (the activity's length) bounds each row."""
    scope = scope_of_actor(registry, actor)
    resolved, seen = [], {}
    for row in rows:
        result = ResolvedRow(row.number, row.name, row.hours, row.tail, tuple(row.times),
                             problems=list(row.problems))
        if row.hours is not None and max_hours is not None and row.hours > max_hours:
            result.problems.append(f"时长 {_hours_text(row.hours)} 小时超过了活动时长 "
                                   f"{_hours_text(max_hours)} 小时，请核对")
        if row.name and not any("姓名" in p for p in row.problems):
            _resolve_one(registry, scope, row, result)
        if result.resident is not None:
            if result.resident in seen:
                result.problems.append(f"与第 {seen[result.resident]} 行是同一位居民，"
                                       "请合并为一行（时长相加）")
            else:
                seen[result.resident] = row.number
        resolved.append(result)
    return resolved


def sheet_problems(resolved) -> list:
    """Every problem as '第 N 行（姓名）：…', in row order."""
    return [f"第 {row.number} 行（{row.name or '无姓名'}）：{problem}"
            for row in resolved for problem in row.problems]
