"""Roster import: a dry run lists every problem by row and column; a real run is all or nothing."""

from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import columns as columns_module
from .import_places import create_building
from .import_plans import HouseholdPlanner, MerchantPlanner, ResidentPlanner
from .import_teams import TeamPlanner
from .roster import parse
from .spreadsheet import read_rows
from .validation import ValidationError, errors_in

PLANNERS = {"residents": ResidentPlanner, "households": HouseholdPlanner,
            "merchants": MerchantPlanner, "teams": TeamPlanner}


@dataclass
class ImportReport:
    """What an import found and did (or, for a dry run, would do)."""

    kind: str
    source: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    applied: bool = False
    problems: list = field(default_factory=list)
    # Buildings the roster names that do not exist: (community id, label); with
    # create_buildings, those the import creates (or, in a dry run, would create).
    unknown_buildings: list = field(default_factory=list)
    new_buildings: list = field(default_factory=list)
    header_row: int = 0                     # the sheet row of the roster's header
    field_columns: dict = field(default_factory=dict)   # field -> column index in the sheet
    # A clean dry run's plan and the store's change count when it was made (see checked).
    plan: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list:
        return [p for p in self.problems if p.level != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        label = columns_module.kind_label(self.kind)
        verb = "将" if self.dry_run or not self.applied else "已"
        counts = (f"{verb}新增{self.created}，{verb}更新{self.updated}，不变{self.unchanged}"
                  f"，跳过{self.skipped}")
        if self.errors:
            state = "试导入" if self.dry_run else "导入未执行"
            return (f"{state}：{self.source} 共{self.rows}行{label}数据，发现{len(self.errors)}处错误"
                    f"{'（未写入任何数据）' if not self.dry_run else ''}；修正后{counts}")
        state = "试导入通过" if self.dry_run else "导入完成"
        return f"{state}：{self.source} 共{self.rows}行{label}数据，{counts}"


class _Counted(list):
    """A roster's rows that call progress(done, total) as the planner checks each one."""

    def __init__(self, rows, progress):
        super().__init__(rows)
        self.progress = progress

    def __iter__(self):
        for done, row in enumerate(super().__iter__(), 1):
            yield row
            self.progress(done, len(self))


def import_roster(registry, kind: str, path, community=None, dry_run: bool = False,
                  progress=None, create_buildings: bool = False, checked=None) -> ImportReport:
    """Import a roster of kind ('residents', 'households', 'merchants', 'teams') from path.

    community (a name or id) fills rows that leave 社区 blank; a registry acting for community
    staff fills it with theirs. A dry run writes nothing. A real run with any error writes
    nothing and raises ValidationError (its .report holds the report); otherwise every row is
    written in one transaction, each record audited, re-imports updating records by key.
    create_buildings adds the buildings the roster names that do not exist (staff confirmed
    them after a dry run), in the same transaction; a dry run with it checks the rows as if
    they had been added. progress(done, total), if given, is called as rows are checked and
    then, for a real run, as they are written (total is then twice the rows).

    checked, the report of a clean dry run of the same file with the same choices, saves
    reading and checking the rows again when nothing was written since it ran (else the rows
    are read and checked again, as without it).
    """
    if kind not in PLANNERS:
        raise ValidationError([f"不能导入“{kind}”，可导入：{'、'.join(PLANNERS)}"])
    path = Path(path)
    if not dry_run and _still_holds(registry, checked, kind):
        return _apply_checked(registry, checked, path, progress)
    report = ImportReport(kind, path.name, dry_run)
    roster = parse(kind, read_rows(path))
    report.rows = len(roster.rows)
    report.header_row = roster.header_row
    report.field_columns = {name: index for name, (index, _) in roster.fields.items()}
    home = _default_community(registry, community) if not errors_in(roster.problems) else None
    # Rows are checked outside a transaction (reads inside one are slower), unless buildings
    # are added for the check: then all of it is one transaction, undone after a dry run.
    try:
        with registry.transaction() if create_buildings else nullcontext():
            planner = _plan(registry, kind, roster, home, report, progress, create_buildings,
                            1 if dry_run else 2)
            if dry_run and not report.new_buildings and not report.errors:
                report.plan = (planner, registry.store.changes)
            if report.errors or dry_run:
                raise _Undo             # buildings added for the check go again
            if progress is not None:
                progress = _offset(progress, report.rows)
            with registry.transaction():
                _write(registry, planner, report, path, progress)
    except _Undo:
        pass
    if report.errors and not dry_run:
        error = ValidationError(report.problems)
        error.report = report
        raise error
    report.applied = not dry_run and not report.errors
    return report


def _write(registry, planner, report, path, progress):
    planner.apply(source=path.name, progress=progress)
    registry.audit.record(registry.actor, "import", planner.table, None, note=path.name,
                          kind=report.kind, rows=report.rows, created=report.created,
                          updated=report.updated, unchanged=report.unchanged,
                          skipped=report.skipped)


def _still_holds(registry, checked, kind) -> bool:
    """Whether checked's plan may be written as it is: made for this registry and kind, and
    nothing written to the store since."""
    plan = getattr(checked, "plan", None)
    return (plan is not None and checked.kind == kind and plan[0].registry is registry
            and plan[1] == registry.store.changes)


def _apply_checked(registry, checked, path, progress) -> ImportReport:
    report = replace(checked, dry_run=False, problems=list(checked.problems))
    planner = checked.plan[0]
    with registry.transaction():
        if registry.store.changes != checked.plan[1]:      # written to while we waited
            return import_roster(registry, report.kind, path, planner.community,
                                 progress=progress)
        _write(registry, planner, report, path, progress)
    report.applied = True
    return report


class _Undo(Exception):
    """Leaves the import's transaction without keeping anything (a dry run, or errors)."""


def _offset(progress, rows):
    return lambda done, total: progress(rows + done, 2 * rows)


def _plan(registry, kind, roster, home, report, progress, create_buildings, passes):
    """Check every row (adding the unknown buildings first when asked); fill in report.
    Progress counts to passes times the rows (2 when the rows are written next)."""
    report.problems[:] = list(roster.problems)
    if errors_in(roster.problems):
        return None
    rows = list(roster.rows)
    total = passes * len(rows)
    if progress is not None:
        roster.rows = _Counted(rows, lambda done, _total: progress(done, total))
    planner = PLANNERS[kind](registry, roster, home)
    planner.plan()
    report.unknown_buildings = planner.unknown_buildings()
    if create_buildings and report.unknown_buildings:
        for place in report.unknown_buildings:
            create_building(registry, *place)
        report.new_buildings = list(report.unknown_buildings)
        roster.rows = rows if progress is None else _Counted(
            rows, lambda done, _total: progress(done, total))
        planner = PLANNERS[kind](registry, roster, home)
        planner.plan()
    report.problems.extend(planner.problems)
    report.problems.extend(planner.place_problems())
    for action in planner.actions():
        setattr(report, action, getattr(report, action) + 1)
    report.problems.sort(key=lambda p: (p.row or 0, p.level != "error"))
    return planner


def _default_community(registry, community):
    if community not in (None, ""):
        return registry.communities.resolve(community).doc_id
    if registry.scope is not None and registry.scope.community is not None:
        return registry.scope.community
    return None
