"""户 households: a door in a building's stairwell, the unit that resident points roll up into."""

from . import normalize
from .book import RecordBook, raise_if_errors, reference
from .errors import NotFound
from .validation import Problem, check_required


def address_text(building_name: str, unit: str, room: str) -> str:
    """'书香苑1号楼', '2单元', '301' -> '书香苑1号楼2单元301'."""
    return f"{building_name}{unit}{room}"


class HouseholdBook(RecordBook):
    """Households are keyed by 户号 within their community, or by address when 户号 is blank."""

    table_name, label = "households", "户"
    indexed = ("community", "grid", "building", "number")
    scope_levels = ("subdistrict", "community", "grid")

    def locate(self, values: dict, problems: list):
        """The (community, building) records values point at, noting problems about them."""
        community = reference(self.registry.communities, values.get("community"), "community",
                              problems)
        building_value = values.get("building")
        building = None
        if isinstance(building_value, str) and not building_value.isdigit() and building_value:
            if community is None:
                if not problems:
                    problems.append(check_required(None, "community"))
                return community, None
            try:
                building = self.registry.buildings.in_community(community.doc_id, building_value)
            except NotFound as exc:
                problems.append(Problem(str(exc), "building"))
        else:
            building = reference(self.registry.buildings, building_value, "building", problems)
        if building is None:
            if not any(p.field == "building" for p in problems):
                problems.append(check_required(None, "building"))
            return community, None
        if community is None:
            community = self.registry.communities.get(building["community"])
        elif building["community"] != community.doc_id:
            problems.append(Problem(f"楼栋“{building['name']}”不在{community['name']}，"
                                    "请核对社区或楼栋", "building"))
        return community, building

    def _prepare(self, values: dict, current=None):
        problems = []
        community, building = self.locate(values, problems)
        unit = normalize.unit(values.get("unit"))
        room = normalize.room(values.get("room"))
        if problem := check_required(room, "room"):
            problems.append(problem)
        if building is not None and unit and building.get("units") and unit not in building["units"]:
            problems.append(Problem(f"{building['name']}没有{unit}（现有：{'、'.join(building['units'])}）",
                                    "unit"))
        doc = {"number": normalize.text(values.get("number")).replace(" ", ""),
               "subdistrict": community["subdistrict"] if community else None,
               "community": community.doc_id if community else None,
               "grid": building["grid"] if building else None,
               "building": building.doc_id if building else None,
               "unit": unit, "room": room, "head": values.get("head")}
        if building is not None:
            doc["address"] = address_text(building["name"], unit, room)
        return doc, problems

    def find_same(self, doc):
        """The stored household doc stands for: same 户号 in the community, else same address."""
        if doc.get("number"):
            found = self.list(None, community=doc["community"], number=doc["number"])
        else:
            found = [h for h in self.list(None, building=doc["building"])
                     if h["unit"] == doc["unit"] and h["room"] == doc["room"]]
        return found[0] if found else None

    def conflicts(self, doc, current=None) -> list:
        """Problems when doc's 户号 is already used for a different address."""
        same = self.find_same(doc)
        if same is None or (current is not None and same.doc_id == current.doc_id):
            return []
        if doc.get("number") and (same["building"], same["unit"], same["room"]) != (
                doc["building"], doc["unit"], doc["room"]):
            return [Problem(f"户号{doc['number']}已登记在{same.get('address', '')}，与本行地址不一致",
                            "household")]
        return [] if current is None else [Problem("该户已存在", "household")]

    def add(self, **values) -> int:
        doc, problems = self._prepare(values)
        raise_if_errors(problems)
        if self.find_same(doc) is not None:
            raise_if_errors(self.conflicts(doc) or [Problem("该户已存在", "household")])
        return self._create(doc)

    def update(self, doc_id, **changes) -> bool:
        current = self.get(doc_id)
        doc, problems = self._prepare({**current, **changes}, current)
        raise_if_errors(problems + self.conflicts(doc, current))
        return self._change(current.doc_id, doc)

    def ensure(self, doc: dict, action: str = "create", **note) -> int:
        """The id of the household doc stands for, created when it does not exist yet."""
        same = self.find_same(doc)
        if same is not None:
            return same.doc_id
        return self._create(doc, action, **note)

    def members(self, household_id: int, scope=None) -> list:
        return self.registry.residents.list(scope, household=int(household_id))

    def set_head(self, household_id: int, resident_id: int | None) -> bool:
        household = self.get(household_id)
        if resident_id is not None:
            member = self.registry.residents.get(resident_id)
            if member.get("household") != household.doc_id:
                raise_if_errors([Problem(f"{member['name']}不是该户成员，不能设为户主", "head")])
        return self._change(household.doc_id, {**household, "head": resident_id})
