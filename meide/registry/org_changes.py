"""Changing the organisation tree: add and rename its places and stairwells, retire them, and say
who is 网格员 and 楼长 where; every change audited, every refusal a message that names the fix."""

from . import normalize
from .book import raise_if_errors
from .errors import NotFound, OutOfScope
from .org_moves import Mover, refuse
from .org_retire import retire, retire_unit
from .staff import scope_of
from .validation import Problem, ValidationError

# The places of the tree by kind, and the book that holds each.
KINDS = {"community": "communities", "grid": "grids", "estate": "estates", "building": "buildings"}
KIND_LABELS = {"community": "社区", "grid": "网格", "estate": "小区", "building": "楼栋",
               "unit": "单元"}
RENAME, RETIRE, ASSIGN, ADD_UNIT = "rename", "retire", "assign", "unit.add"


class OrgChanges:
    """registry.org: the organisation tree's changes, within the registry's actor and scope."""

    def __init__(self, registry):
        self.registry = registry

    # -- finding places ------------------------------------------------------------------------

    def book(self, kind: str):
        if kind not in KINDS:
            refuse(f"“{kind}”不是组织层级，可选：{'、'.join(KIND_LABELS.values())}", "kind")
        return getattr(self.registry, KINDS[kind])

    def place(self, kind: str, value, community=None, field: str = "name"):
        """The live record of kind that value names: an id, a record, or a name (within community,
        for a grid, estate or building). A place outside the scope is as good as absent."""
        book = self.book(kind)
        if value in (None, ""):
            refuse(f"请指明{book.label}", field)
        try:
            if hasattr(value, "doc_id") or str(value).isdigit():
                found = book.resolve(value)
            elif kind == "community":
                found = book.named(normalize.name(value))
            else:
                if community in (None, ""):
                    refuse(f"请指明{book.label}“{value}”所在的社区", "community")
                home = self.place("community", community, field="community")
                found = self._named_in(kind, value, home)
        except (NotFound, OutOfScope) as exc:
            refuse(str(exc), field)
        if found.get("retired"):
            refuse(f"{book.label}“{found['name']}”已撤销", field)
        return found

    def _named_in(self, kind, value, community):
        book = self.book(kind)
        if kind == "building":
            found = book.find(community.doc_id, value)
            if found is None:
                raise NotFound(f"楼栋“{normalize.building(value)}”在{community['name']}不存在"
                               "（如有重名，请写明小区，如 书香苑1号楼）")
            return found
        if kind == "estate":
            self._ensure_estate(community, normalize.name(value))
        return book.named(normalize.name(value), community=community.doc_id)

    def _ensure_estate(self, community, name: str):
        # Estates entered before they had records of their own live on as their buildings' field.
        books = self.registry
        if name and not books.estates.list(None, community=community.doc_id, name=name) and \
                books.buildings.list(None, community=community.doc_id, estate=name):
            books.estates.add(name=name, community=community.doc_id)

    # -- adding --------------------------------------------------------------------------------

    def add_community(self, name, subdistrict=None) -> int:
        """A new 社区; only the subdistrict's staff add one."""
        scope = self.registry.scope
        if scope is not None and scope.community is not None:
            raise self.registry.refused("只有街道管理员可以添加社区", "communities")
        return self.registry.communities.add(name=name, subdistrict=subdistrict)

    def add_grid(self, community, name) -> int:
        """A new 网格 in community (its name unique there)."""
        home = self.place("community", community, field="community")
        return self.registry.grids.add(name=name, community=home.doc_id)

    def add_estate(self, community, name) -> int:
        """A new 小区 in community (its name unique there)."""
        home = self.place("community", community, field="community")
        return self.registry.estates.add(name=name, community=home.doc_id)

    def add_building(self, community, name, grid, estate=None, units=None) -> int:
        """A new 楼栋 in community and grid, named within its estate (北门小区 + 1号楼 is
        北门小区1号楼), with its stairwells (default 1单元)."""
        home = self.place("community", community, field="community")
        problems = []
        estate = normalize.name(estate)
        if estate:
            try:
                self._named_in("estate", estate, home)
            except NotFound:
                problems.append(Problem(f"小区“{estate}”在{home['name']}不存在，请先添加小区",
                                        "estate"))
        labels = [normalize.unit(label) for label in units or []]
        if len(set(labels)) != len(labels):
            problems.append(Problem(f"单元有重复：{'、'.join(labels)}", "units"))
        grid_doc = None
        if grid in (None, ""):
            problems.append(Problem(f"请指明楼栋所在的网格（{home['name']}的网格）", "grid"))
        else:
            try:
                grid_doc = self.place("grid", grid, home.doc_id, field="grid")
            except ValidationError as exc:
                problems += exc.problems
        raise_if_errors(problems)
        return self.registry.buildings.add(name=name, estate=estate, community=home.doc_id,
                                           grid=grid_doc.doc_id, units=labels or None)

    # -- renaming ------------------------------------------------------------------------------

    def rename(self, kind: str, value, new_name, community=None) -> bool:
        """Rename a community, grid, estate or building; an estate's buildings and a building's
        addresses follow. False when the name is the same."""
        current = self.place(kind, value, community)
        book = self.book(kind)
        mover = Mover(self.registry, f"{book.label}“{current['name']}”改名")
        with mover.transaction():
            if kind == "estate":
                self._rename_estate(current, normalize.name(new_name), mover)
            changed = self.save(book, current, {"name": new_name}, RENAME)
            if kind == "building" and changed:
                mover.readdress(book.get(current.doc_id))
        return changed

    def _rename_estate(self, estate, new: str, mover):
        for building in self.registry.buildings.list(None, community=estate["community"],
                                                     estate=estate["name"]):
            short = building["name"][len(estate["name"]):]
            if new and self.save(self.registry.buildings, building,
                                 {"name": new + short, "estate": new}, RENAME):
                mover.readdress(self.registry.buildings.get(building.doc_id))

    def save(self, book, current, changes: dict, action: str, **note) -> bool:
        """current with changes, checked as the book checks an update, written as action."""
        doc, problems = book._prepare({**current, **changes}, current)
        raise_if_errors(problems + book._duplicate(doc, current))
        return book._change(current.doc_id, doc, action, **note)

    # -- stairwells ----------------------------------------------------------------------------

    def add_unit(self, building, label, community=None) -> bool:
        """A new 单元 (stairwell) in building."""
        current = self.place("building", building, community)
        unit = normalize.unit(label)
        if not unit:
            refuse("请填写单元，如 2单元", "unit")
        if unit in current.get("units", []):
            refuse(f"{current['name']}已有{unit}", "unit")
        return self.save(self.registry.buildings, current,
                         {"units": [*current.get("units", []), unit]}, ADD_UNIT, note=unit)

    def rename_unit(self, building, old, new, community=None) -> bool:
        """Rename a stairwell; its households' addresses follow."""
        current = self.place("building", building, community)
        old, new = normalize.unit(old), normalize.unit(new)
        units = list(current.get("units", []))
        if old not in units:
            refuse(f"{current['name']}没有{old}（现有：{'、'.join(units)}）", "unit")
        if not new:
            refuse("请填写新的单元名称，如 2单元", "unit")
        if new == old:
            return False
        if new in units:
            refuse(f"{current['name']}已有{new}", "unit")
        mover = Mover(self.registry, f"{current['name']}{old}改名为{new}")
        with mover.transaction():
            self.save(self.registry.buildings, current,
                      {"units": [new if u == old else u for u in units]}, RENAME)
            mover.readdress(self.registry.buildings.get(current.doc_id), {old: new})
        return True

    # -- retiring ------------------------------------------------------------------------------

    def retire(self, kind: str, value, to=None, community=None) -> bool:
        """Retire a place; what it holds (residents, buildings, grids…) moves to `to`, which is
        required when there is anything to move. The record stays, marked retired, for history."""
        return retire(self, kind, self.place(kind, value, community), to)

    def retire_unit(self, building, label, to=None, community=None) -> bool:
        """Retire a stairwell; its households move to stairwell `to` of the same building."""
        return retire_unit(self, self.place("building", building, community),
                           normalize.unit(label), normalize.unit(to) if to else None)

    # -- who is where --------------------------------------------------------------------------

    def set_grid_worker(self, grid, username, community=None) -> bool:
        """The 网格员 of grid: a staff account with that role scoped to the grid (None clears)."""
        current = self.place("grid", grid, community)
        if username in (None, ""):
            return self.save(self.registry.grids, current,
                             {"worker": "", "worker_account": None}, ASSIGN)
        try:
            account = self.registry.staff.by_username(username)
        except (NotFound, OutOfScope) as exc:
            refuse(str(exc), "worker")
        place = f"{self.registry.communities.get(current['community'])['name']}/{current['name']}"
        if account.get("disabled"):
            refuse(f"账号“{account['username']}”已停用，不能担任网格员", "worker")
        if "网格员" not in account.get("roles", ()):
            refuse(f"账号“{account['username']}”没有网格员角色，请先在账号管理中为其加上", "worker")
        if account.get("grid") != current.doc_id:
            scope = self.registry.scope_label(scope_of(account))
            refuse(f"账号“{account['username']}”的管辖范围是{scope}，不是{place}，"
                   "请先调整其管辖范围", "worker")
        return self.save(self.registry.grids, current,
                         {"worker": account["display_name"],
                          "worker_account": account["username"]}, ASSIGN)

    def set_building_leader(self, building, resident, community=None) -> bool:
        """The 楼长 of building: a resident living in it (None clears)."""
        current = self.place("building", building, community)
        if resident in (None, ""):
            return self.save(self.registry.buildings, current, {"leader": None}, ASSIGN)
        residents = self.registry.residents
        try:
            person = (residents.resolve(resident) if str(resident).isdigit() else
                      residents.named(normalize.name(resident), building=current.doc_id))
        except (NotFound, OutOfScope):
            refuse(f"{current['name']}没有居民“{resident}”，楼长须是本楼居民", "leader")
        if person.get("building") != current.doc_id:
            refuse(f"{person['name']}不住在{current['name']}，楼长须是本楼居民", "leader")
        return self.save(self.registry.buildings, current, {"leader": person.doc_id}, ASSIGN)
