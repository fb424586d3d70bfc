"""The organisation tree: 街道 subdistricts, 社区 communities, 网格 grids, 小区 estates and 楼栋 buildings."""

from . import normalize
from .book import RecordBook, raise_if_errors, reference
from .errors import NotFound
from .natural import grid_order, natural_order
from .validation import Problem, check_required


class _NamedBook(RecordBook):
    """Org records are named uniquely within their parent; adding and renaming check that."""

    # Subclasses define _prepare(values, current) -> (doc, problems), as every RecordBook does.
    parent_field: str | None = None

    def list(self, scope=None, **equals) -> list:
        """As RecordBook.list, without retired records (撤销的记录 stay for history, readable by
        id); retired=True lists only those."""
        wanted = bool(equals.pop("retired", False))
        return [doc for doc in super().list(scope, **equals) if bool(doc.get("retired")) == wanted]

    def _duplicate(self, doc, current) -> list:
        equals = {self.parent_field: doc[self.parent_field]} if self.parent_field else {}
        for other in self.list(None, name=doc["name"], **equals):
            if current is None or other.doc_id != current.doc_id:
                return [Problem(f"{self.label}“{doc['name']}”已存在（编号{other.doc_id}）", "name")]
        return []

    def ensure(self, **values) -> int:
        """The id of the record with this name under this parent, adding it if missing."""
        doc, problems = self._prepare(values)
        raise_if_errors(problems)
        equals = {self.parent_field: doc[self.parent_field]} if self.parent_field else {}
        existing = self.list(None, name=doc["name"], **equals)
        return existing[0].doc_id if existing else self._create(doc)


def kept(values: dict, *fields) -> dict:
    """The fields of values that are set (retired, worker_account, leader): carried through an
    update, absent from records that never had them."""
    return {field: values[field] for field in fields if values.get(field) not in (None, "")}


class SubdistrictBook(_NamedBook):
    table_name, label = "subdistricts", "街道"

    def _prepare(self, values, current=None):
        doc = {"name": normalize.name(values.get("name"))}
        problem = check_required(doc["name"], "name")
        return doc, [problem] if problem else []

    def only(self):
        """The subdistrict when the store holds exactly one (the usual deployment)."""
        docs = self.table.all()
        if len(docs) != 1:
            raise NotFound("请指明街道" if docs else "还没有街道，请先运行 meide init")
        return docs[0]


class CommunityBook(_NamedBook):
    table_name, label, parent_field = "communities", "社区", "subdistrict"
    indexed = ("name", "subdistrict")
    scope_levels = ("subdistrict",)

    def list(self, scope=None, **equals) -> list:
        """As RecordBook.list, in natural order (第一社区 before 第十社区; else as registered)."""
        return natural_order(super().list(scope, **equals))

    def _prepare(self, values, current=None):
        problems = []
        name = normalize.name(values.get("name"))
        if problem := check_required(name, "name"):
            problems.append(problem)
        sub_value = values.get("subdistrict")
        subdistrict = (reference(self.registry.subdistricts, sub_value, "subdistrict", problems)
                       if sub_value not in (None, "") else self.registry.subdistricts.only())
        return {"name": name, "subdistrict": subdistrict.doc_id if subdistrict else None,
                **kept(values, "retired")}, problems


class GridBook(_NamedBook):
    table_name, label, parent_field = "grids", "网格", "community"
    indexed = ("name", "community")
    scope_levels = ("subdistrict", "community")

    def list(self, scope=None, **equals) -> list:
        """As RecordBook.list, community by community, each in natural order: 第一、第二、…第十网格
        (第1网格 … 第10网格), not in the order their characters sort or they were added."""
        return grid_order(super().list(scope, **equals), self.registry.communities.list(None))

    def _prepare(self, values, current=None):
        doc, problems = _named_in_community(self.registry, values)
        return {**doc, "worker": normalize.name(values.get("worker")),
                **kept(values, "worker_account", "retired")}, problems


class EstateBook(_NamedBook):
    """小区 estates of a community; its buildings carry its name (field estate, and their name
    begins with it: 北门小区1号楼)."""

    table_name, label, parent_field = "estates", "小区", "community"
    indexed = ("name", "community")
    scope_levels = ("subdistrict", "community")

    def _prepare(self, values, current=None):
        doc, problems = _named_in_community(self.registry, values)
        return {**doc, **kept(values, "retired")}, problems


class BuildingBook(_NamedBook):
    """Buildings carry their stairwells (单元/楼道) as a list of labels like '2单元'."""

    table_name, label, parent_field = "buildings", "楼栋", "community"
    indexed = ("name", "community", "grid", "estate")
    scope_levels = ("subdistrict", "community", "grid")

    def _prepare(self, values, current=None):
        problems = []
        name = normalize.building(values.get("name"))
        if problem := check_required(name, "name"):
            problems.append(problem)
        community = reference(self.registry.communities, values.get("community"), "community",
                              problems)
        grid = None
        if community is not None:
            grid = reference(self.registry.grids, values.get("grid"), "grid", problems,
                             community=community.doc_id)
        if grid is None and not problems:
            problems.append(check_required(None, "grid"))
        if grid is not None and community is not None and grid["community"] != community.doc_id:
            problems.append(Problem(f"网格“{grid['name']}”不属于{community['name']}", "grid"))
        units = [normalize.unit(label) for label in values.get("units") or ["1单元"]]
        estate = normalize.name(values.get("estate"))
        if estate and not name.startswith(estate):
            name = estate + name            # two estates may both have a 1号楼
        doc = {"name": name, "estate": estate,
               "subdistrict": community["subdistrict"] if community else None,
               "community": community.doc_id if community else None,
               "grid": grid.doc_id if grid else None, "units": units,
               **kept(values, "leader", "retired")}
        return doc, problems

    def find(self, community_id: int, label) -> object:
        """The building a roster means by label in this community, or None.

        Rosters often drop the estate: '1号楼' finds '书香苑1号楼' when only one building fits.
        """
        wanted = normalize.building(label)
        exact = self.list(None, community=community_id, name=wanted)
        if exact:
            return exact[0]
        endings = [doc for doc in self.list(None, community=community_id)
                   if doc["name"].endswith(wanted)]
        return endings[0] if len(endings) == 1 else None

    def in_community(self, community_id: int, label):
        """Like find, but NotFound says which community and how to fix it."""
        found = self.find(community_id, label)
        if found is None:
            community = self.registry.communities.get(community_id)
            raise NotFound(f"楼栋“{normalize.building(label)}”在{community['name']}不存在，"
                           "请先在系统中添加该楼栋，或检查楼栋名称")
        return found


def _named_in_community(registry, values) -> tuple:
    """({name, subdistrict, community}, problems) of a grid or an estate being written."""
    problems = []
    name = normalize.name(values.get("name"))
    if problem := check_required(name, "name"):
        problems.append(problem)
    community = reference(registry.communities, values.get("community"), "community", problems)
    if community is None and not problems:
        problems.append(check_required(None, "community"))
    return {"name": name, "subdistrict": community["subdistrict"] if community else None,
            "community": community.doc_id if community else None}, problems
