"""Rankings (排名) and group totals of points earned in a period, from the earned-points columns."""

from dataclasses import dataclass

import numpy

import store

from .errors import InvalidRequest
from .profile_codes import ABSENT
from .rules import BASE_CATALOGUE

GROUPINGS = ("community", "grid", "category", "kind")


@dataclass(frozen=True, slots=True)
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


def _contributions(columns, start, end, rollup, kind=None, community=None):
    """(codes, {field: numpy array}) of every contribution to a ranking: each profile's own
    points in [start, end) and, for households and buildings, the points their members roll up
    into them. Fields: account, kind, community, grid, category, catalogue, points; accounts are
    coded in codes.accounts, the others in codes.fields.

    Rows come in profile order, each profile's own row before its household's and building's:
    an account's first row says where it is placed (kind, community, grid) in the ranking.
    """
    totals, codes = columns.totals(start, end), columns.codes()
    numbers = numpy.flatnonzero(totals)
    if community is not None:
        numbers = numbers[codes["community"][numbers] == codes.fields["community"].find(community)]
    kinds = codes["kind"][numbers]
    find_kind = codes.fields["kind"].find
    slots = [(codes["account"][numbers], kinds,
              numpy.ones(len(numbers), bool) if kind is None else kinds == find_kind(kind))]
    if rollup is not None and (kind is None or rollup.is_target(kind)):
        for target in ("household", "building"):
            if kind is not None and target != kind:
                continue
            sources = [find_kind(source) for source in rollup.into.get(target, ())]
            targets = codes[target][numbers]
            slots.append((targets, numpy.full(len(numbers), find_kind(target)),
                          numpy.isin(kinds, sources) & (targets != ABSENT)))
    # One row per (profile, slot), profile-major, then the slots that apply.
    keep = numpy.stack([slot[2] for slot in slots], axis=1).ravel()
    rows = {"account": numpy.stack([slot[0] for slot in slots], axis=1).ravel()[keep],
            "kind": numpy.stack([slot[1] for slot in slots], axis=1).ravel()[keep]}
    for name in ("community", "grid", "category", "catalogue"):
        rows[name] = numpy.repeat(codes[name][numbers], len(slots))[keep]
    rows["points"] = numpy.repeat(totals[numbers], len(slots))[keep]
    return codes, rows


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
    codes, rows = _contributions(columns, start, end, rollup, kind, community)
    groups, accounts = codes.fields[by].values, codes.accounts.values
    width = max(1, len(accounts))
    # Points per (group, account): contributions sorted by a combined key, summed per run.
    combined = rows[by] * width + rows["account"]
    order = numpy.argsort(combined)         # any order: integer sums do not depend on it
    combined = combined[order]
    starts = numpy.flatnonzero(numpy.diff(combined, prepend=-1))
    points = numpy.add.reduceat(rows["points"][order], starts) if len(starts) else starts
    group, account = numpy.divmod(combined[starts], width)
    ranked = points != 0
    group, account, points = group[ranked], account[ranked], points[ranked]
    # Group order, then most points, then account key (lexsort takes its keys last first).
    order = numpy.lexsort((codes.account_rank[account], -points, _order_of(groups)[group]))
    group, account, points = group[order], account[order], points[order]
    rank = _competition_ranks(group, points)
    if top is not None:
        kept = rank <= top
        group, account, points, rank = group[kept], account[kept], points[kept], rank[kept]
    placed = _first_placement(codes, rows, account)
    # A whole subdistrict is ~127,000 rows: made while the collector would otherwise walk the
    # whole store again (a full collection cost seconds at a million entries); see paused_gc.
    with store.paused_gc():
        table = [RankingRow(groups[g], r, accounts[a], p, *placing)
                 for g, r, a, p, placing in zip(group.tolist(), rank.tolist(), account.tolist(),
                                                points.tolist(), placed)]
    return Ranking(table, start=start, end=end, by=by,
                   catalogues=_catalogues(codes, rows, by, titles or {}))


def _order_of(values: list) -> numpy.ndarray:
    """Each value's place in group order (equal places for values that order alike)."""
    keys = [_group_order(value) for value in values]
    places = {key: place for place, key in enumerate(sorted(set(keys)))}
    return numpy.array([places[key] for key in keys], dtype=numpy.int64)


def _competition_ranks(group, points) -> numpy.ndarray:
    """1, 2, 2, 4 within each group of rows sorted by group and falling points."""
    positions = numpy.arange(len(group))
    new_group = numpy.diff(group, prepend=-1) != 0
    new_points = new_group | (numpy.diff(points, prepend=0) != 0)
    group_first = numpy.maximum.accumulate(numpy.where(new_group, positions, 0))
    run_first = numpy.maximum.accumulate(numpy.where(new_points, positions, 0))
    return run_first - group_first + 1


def _first_placement(codes, rows, wanted) -> list:
    """(kind, community, grid) of each wanted account code, from its first contribution."""
    accounts, first = numpy.unique(rows["account"], return_index=True)
    first_of = numpy.zeros(max(1, len(codes.accounts)), dtype=numpy.int64)
    first_of[accounts] = first
    chosen = first_of[wanted]
    fields = [[codes.fields[name].values[code] for code in rows[name][chosen].tolist()]
              for name in ("kind", "community", "grid")]
    return list(zip(*fields))


def _catalogues(codes, rows, by, titles) -> dict:
    """{group: [titles of the catalogues of its contributions]}, the base catalogue first."""
    catalogue_values = codes.fields["catalogue"].values
    width = max(1, len(catalogue_values))
    pairs = numpy.unique(rows[by] * width + rows["catalogue"])
    used = {(codes.fields[by].values[g], catalogue_values[c])
            for g, c in zip(*(part.tolist() for part in numpy.divmod(pairs, width)))}
    catalogues = {}
    for group, catalogue in sorted((item for item in used if item[1]),
                                   key=lambda item: (_group_order(item[0]),
                                                     item[1] != BASE_CATALOGUE, item[1])):
        catalogues.setdefault(group, []).append(titles.get(catalogue, catalogue))
    return catalogues


def group_totals(columns, start, end, *, by="community") -> dict:
    """{group: points} earned in [start, end), each entry counted once (no roll-up)."""
    if by not in GROUPINGS:
        raise InvalidRequest(f"汇总分组应为 {'、'.join(GROUPINGS)} 之一，收到「{by}」。")
    totals, codes = columns.totals(start, end), columns.codes()
    numbers = numpy.flatnonzero(totals)
    groups = codes[by][numbers]
    sums = numpy.zeros(len(codes.fields[by]), dtype=numpy.int64)
    numpy.add.at(sums, groups, totals[numbers])
    values = codes.fields[by].values
    found = {values[group]: int(sums[group]) for group in numpy.unique(groups).tolist()}
    return dict(sorted(found.items(), key=lambda item: _group_order(item[0])))


def rolled_total(columns, account_key, start, end, rollup) -> int:
    """An account's own points in [start, end) plus what its members roll up into them."""
    kind = account_key.partition(":")[0]
    codes, rows = _contributions(columns, start, end, rollup, kind)
    mine = rows["account"] == codes.accounts.find(account_key)
    return int(rows["points"][mine].sum())


def _group_order(group):
    return (group is None, str(group))
