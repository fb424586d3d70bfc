"""Moving what a retired or renamed place holds: households and residents, buildings, grids, all audited."""

from contextlib import contextmanager

from .households import address_text
from .validation import Problem, ValidationError

# The books whose records carry the community they are in, moved when a community is retired.
IN_COMMUNITY = ("grids", "estates", "buildings", "households", "residents", "merchants", "units",
                "teams")
# The books whose records carry a grid, moved when a grid is retired.
IN_GRID = ("buildings", "households", "residents", "merchants", "units")
MOVE = "move"


# What messages call the fields of organisation changes that records do not have.
COLUMNS = {"to": "迁入位置", "worker": "网格员", "leader": "楼长", "kind": "层级"}


def problem(message: str, field: str = "name") -> Problem:
    return Problem(message, field, column=COLUMNS.get(field))


def refuse(message: str, field: str = "name"):
    """Stop a change with one problem (a ValidationError naming what to fix)."""
    raise ValidationError([problem(message, field)])


class Mover:
    """Writes the moves of one change; every write is an audited 'move' with a note naming why."""

    def __init__(self, registry, note: str):
        self.registry = registry
        self.note = note
        self.residents = []         # ids whose search entry is refreshed if the change fails

    @contextmanager
    def transaction(self):
        """The change's store transaction; on failure the search index forgets the moves too."""
        try:
            with self.registry.transaction():
                yield self
        except BaseException:
            for resident_id in self.residents:
                self.registry.search_index.refresh(resident_id)
            raise

    def change(self, book, doc, **fields) -> bool:
        if book.table_name == "residents":
            self.residents.append(doc.doc_id)
        return book._change(doc.doc_id, {**doc, **fields}, MOVE, note=self.note)

    def relabel(self, table: str, level: str, old_id, **fields):
        """Every record of table at level old_id gets fields (a community's or grid's contents)."""
        book = getattr(self.registry, table)
        for doc in book.list(None, **{level: old_id}):
            self.change(book, doc, **fields)

    def household(self, household, building, unit: str | None = None):
        """household (and its members) now lives in building, in unit (its own when None)."""
        unit = unit or household["unit"]
        place = {"subdistrict": building["subdistrict"], "community": building["community"],
                 "grid": building["grid"], "building": building.doc_id, "unit": unit,
                 "address": address_text(building["name"], unit, household["room"])}
        self.change(self.registry.households, household, **place)
        for member in self.registry.residents.list(None, household=household.doc_id):
            self.change(self.registry.residents, member, **place)

    def readdress(self, building, unit_names: dict | None = None):
        """Households of building (renamed, or its units renamed: {old: new}) get new addresses."""
        for household in self.registry.households.list(None, building=building.doc_id):
            unit = (unit_names or {}).get(household["unit"], household["unit"])
            self.household(household, building, unit)


def arrival_problems(registry, households, building, unit: str | None = None) -> list:
    """Why households cannot move into building (unit): a stairwell it lacks, a door taken."""
    problems = []
    wanted = {unit} if unit else {h["unit"] for h in households}
    missing = sorted(label for label in wanted if label not in building.get("units", []))
    if missing:
        problems.append(problem(f"{building['name']}没有{'、'.join(missing)}（现有："
                                f"{'、'.join(building.get('units', []))}），请先为它添加单元，"
                                "或另选迁入的楼栋", "to"))
    moving = {h.doc_id for h in households}
    taken = {(h["unit"], h["room"]) for h in registry.households.list(None, building=building.doc_id)
             if h.doc_id not in moving}
    for household in households:
        door = (unit or household["unit"], household["room"])
        if door in taken:
            problems.append(problem(f"{address_text(building['name'], *door)}已有住户，"
                                    f"{household.get('address', '')}不能迁入，请先处理这一户", "to"))
    return problems
