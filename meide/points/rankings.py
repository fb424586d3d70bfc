"""Rankings (排名) and group totals of points earned in a period, from the earned-points columns."""

from dataclasses import dataclass

from .errors import InvalidRequest
from .rules import BASE_CATALOGUE

GROUPINGS = ("community", "grid", "category", "kind")


@dataclass(frozen=True)
class RankingRow:
    """One account's place within its group. Ties share a rank (1, 2, 2, 4)."""

    group: str | None
    rank: int
    account: str
    points: int
    kind: str
    community: str | None
    grid: str | None


class Ranking(list):
    """RankingRows ordered by group, then rank; says what period and catalogues it covers."""

    def __init__(self, rows, *, start, end, by, catalogues):
        super().__init__(rows)
        self.start, self.end, self.by = start, end, by
        self.catalogues = catalogues    # {group: [titles of the rule catalogues that applied]}

    def groups(self) -> dict:
        """{group: [rows]} in group order."""
        grouped = {}
        for row in self:
            grouped.setdefault(row.group, []).append(row)
        return grouped


# Where a grouping is found in a profile (earned.PROFILE_FIELDS) and in a contribution row.
_PROFILE_FIELD = {"community": 2, "grid": 3, "category": 6, "kind": 1}
_ROW_FIELD = {"community": 2, "grid": 3, "category": 4, "kind": 1}


def _contributions(sums: dict, rollup, kind=None, community=None):
    """(account, kind, community, grid, category, catalogue, points) for each account's own
    points and, for households and buildings, the points their members roll up into them.

    kind and community filter early: at a million entries this loop is most of a ranking.
    """
    rolls = rollup is not None and (kind is None or rollup.is_target(kind))
    for profile, points in sums.items():
        account, kind_, comm, grid, household, building, category, catalogue = profile
        if community is not None and comm != community:
            continue
        if kind is None or kind_ == kind:
            yield account, kind_, comm, grid, category, catalogue, points
        if rolls and (household is not None or building is not None):
            for target in rollup.targets(kind_, household, building):
                target_kind = target.partition(":")[0]
                if kind is None or target_kind == kind:
                    yield target, target_kind, comm, grid, category, catalogue, points


def ranking(columns, start, end, *, by="community", kind=None, community=None, top=None,
            rollup=None, titles=None) -> Ranking:
    """Rank accounts by points earned in [start, end) within each group of `by`.

    kind keeps one kind of account (rank residents, or buildings with their members' points
    rolled up); community keeps one community; top keeps ranks 1..top of each group (ties at
    the edge stay in). Points count in the community and grid recorded on each entry; an
    account whose points in the period net to zero is not ranked.
    """
    if by not in GROUPINGS:
        raise InvalidRequest(f"排名分组应为 {'、'.join(GROUPINGS)} 之一，收到「{by}」。")
    community = None if community is None else str(community)
    field = _ROW_FIELD[by]
    points_by, placed, used = {}, {}, set()
    for row in _contributions(columns.sums(start, end), rollup, kind, community):
        account, group, catalogue, points = row[0], row[field], row[5], row[6]
        points_by[group, account] = points_by.get((group, account), 0) + points
        if account not in placed:
            placed[account] = row[1:4]
        used.add((group, catalogue))
    rows, rank, previous = [], 0, (None, None)
    ordered = sorted(((key, points) for key, points in points_by.items() if points),
                     key=lambda item: (_group_order(item[0][0]), -item[1], item[0][1]))
    for position, ((group, account), points) in enumerate(ordered):
        if group != previous[0]:
            first, previous = position, (group, None)
        if points != previous[1]:
            rank, previous = position - first + 1, (group, points)
        if top is None or rank <= top:
            rows.append(RankingRow(group, rank, account, points, *placed[account]))
    titles = titles or {}
    catalogues = {}
    for group, catalogue in sorted((item for item in used if item[1]),
                                   key=lambda item: (_group_order(item[0]),
                                                     item[1] != BASE_CATALOGUE, item[1])):
        catalogues.setdefault(group, []).append(titles.get(catalogue, catalogue))
    return Ranking(rows, start=start, end=end, by=by, catalogues=catalogues)


def group_totals(columns, start, end, *, by="community") -> dict:
    """{group: points} earned in [start, end), each entry counted once (no roll-up)."""
    if by not in GROUPINGS:
        raise InvalidRequest(f"汇总分组应为 {'、'.join(GROUPINGS)} 之一，收到「{by}」。")
    field = _PROFILE_FIELD[by]
    totals = {}
    for profile, points in columns.sums(start, end).items():
        totals[profile[field]] = totals.get(profile[field], 0) + points
    return dict(sorted(totals.items(), key=lambda item: _group_order(item[0])))


def rolled_total(columns, account_key, start, end, rollup) -> int:
    """An account's own points in [start, end) plus what its members roll up into them."""
    kind = account_key.partition(":")[0]
    return sum(row[6] for row in _contributions(columns.sums(start, end), rollup, kind)
               if row[0] == account_key)


def _group_order(group):
    return (group is None, str(group))
