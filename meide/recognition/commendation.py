"""Quarterly commendation (季度表彰): a frozen ranking, its shortlist, and later changes beside it."""

from ..periods import Period
from ..points.accounts import KIND_LABELS

BY_LABELS = {"community": "社区", "grid": "网格", "category": "积分类别", "kind": "账户类型"}
# A quarter's frozen ranking as the 季度表彰 computes it: what its documents' previews print.
_RANKED = [{"account": f"resident:{number}", "name": name, "points": points, "rank": rank,
            "group": group, "group_name": group}
           for number, (name, points, rank, group) in enumerate((
               ("张晓华", 96, 1, "志愿服务"), ("欧阳建国", 88, 2, "志愿服务"),
               ("王秀英", 75, 1, "好人好事"), ("丁德明", 60, 2, "好人好事")), 1)]
SAMPLE_RANKING = {"ranking": _RANKED, "shortlist": _RANKED}


def freeze(services, period: Period, *, by="community", kind="resident",
           community=None) -> list:
    """The ranking of the period as plain rows (JSON-ready) with names, as it stands now; once
    stored on a record it never changes, whatever the ledger later says."""
    start, end = period.bounds
    ranking = services.ledger.ranking(start, end, by=by, kind=kind, community=community)
    names = {}
    rows = [{"group": row.group,
             "group_name": names.setdefault(row.group, group_name(services, by, row.group,
                                                                  community)),
             "rank": row.rank, "account": row.account, "points": row.points,
             "name": services.describe(row.kind, int(row.account.partition(":")[2]))}
            for row in ranking]
    order = group_order(services, by)
    # A stable sort: within a group the rows keep their ranks' order.
    return sorted(rows, key=lambda row: order.get(str(row["group"]), len(order)))


def group_name(services, by: str, group, community=None) -> str:
    """A group's name as the ranking prints it; a grid is named with its community when the
    ranking spans several (every community has its 第一网格)."""
    if group is None:
        return "未分组"
    if by == "grid" and community is None:
        place = services.scope_of("grid", int(group)).get("community")
        within = services.describe("community", place) if place is not None else ""
        return f"{within}{services.describe('grid', int(group))}"
    if by in ("community", "grid"):
        return services.describe(by, int(group))
    return KIND_LABELS.get(group, group) if by == "kind" else str(group)


def group_order(services, by: str) -> dict:
    """{community or grid id as text: its place} in the registry's natural order (第一、第二…
    第十网格, not the order ids or names sort as text); {} for other groupings."""
    registry = getattr(services, "registry", None)
    if registry is None or by not in ("community", "grid"):
        return {}
    book = registry.communities if by == "community" else registry.grids
    return {str(doc.doc_id): place for place, doc in enumerate(book.list(None))}


def shortlist(rows: list, *, top: int = 0, threshold: int = 0, excluded: str = "",
              group: str = "") -> list:
    """Rows ranked 1..top in their group (0: any rank) with at least threshold points, in the
    named group only if group is given (志愿服务 for volunteers); rows whose account or name is
    listed in excluded (one a line) are left out. A commendation honours: a row whose points
    net to zero or below (a 楼道公约 deduction, ranked by="category") is never shortlisted."""
    dropped = {line.strip() for line in (excluded or "").replace("、", "\n").splitlines()}
    return [row for row in rows if (not top or row["rank"] <= top)
            and row["points"] >= threshold and row["points"] > 0 and not dropped & {row["account"], row["name"]}
            and (not group or group.strip() in (row["group_name"], row["group"]))]


def later_changes(services, rows: list, period: Period, *, by="community",
                  kind="resident", community=None) -> list:
    """Frozen rows whose points have changed since (a reversal, a late entry), with the points
    now: listed beside the closed ranking, which itself stays as it was."""
    start, end = period.bounds
    ranking = services.ledger.ranking(start, end, by=by, kind=kind, community=community)
    now = {(row.group, row.account): row.points for row in ranking}
    return [{**row, "points_now": now.get((row["group"], row["account"]), 0)} for row in rows
            if now.get((row["group"], row["account"]), 0) != row["points"]]
