"""Per-kind import plans: check every row against the store and the file, then write in one go."""

from collections import defaultdict
from typing import ClassVar

from . import normalize
from .import_places import building_matches, place_problem
from .validation import LABELS, Problem, errors_in

_WRITTEN = ("created", "updated", "unchanged")


class Planner:
    """Plans an import of one roster; plan() only reads, apply() writes (inside a transaction)."""

    table: ClassVar[str]

    def __init__(self, registry, roster, community):
        self.registry = registry
        self.roster = roster
        self.community = community
        self.problems: list = []
        self.steps: list = []           # (row, action, doc, existing)
        self.seen: dict = {}            # identity key -> (row, doc): duplicates within the file
        self.raw_seen: dict = {}        # identity as typed -> (row, cells): repeats, however wrong
        self.places: dict = {}          # (community, label) -> buildings it may mean
        self.place_rows = defaultdict(list)     # unresolved (community, label) -> rows naming it
        self._place = None              # the unresolved place of the row being planned

    def note(self, problems, row):
        for problem in problems:
            if problem.field == "building" and self._place is not None and problem.row is None:
                # One message per building for all its rows (place_problems), not one per row.
                self.place_rows[self._place].append(row)
                continue
            column = self.roster.column_of(problem.field) or LABELS.get(problem.field or "")
            self.problems.append(problem.at(row=row, column=column))

    def place_problems(self) -> list:
        """One problem per building named ambiguously or unknown, with the rows naming it."""
        column = self.roster.column_of("building") or LABELS["building"]
        return [place_problem(self.registry, community, label, self.places[(community, label)],
                              rows, column)
                for (community, label), rows in self.place_rows.items()]

    def unknown_buildings(self) -> list:
        """(community id, label) of each building the roster names that does not exist."""
        return [place for place in self.place_rows if not self.places[place]]

    def skip_repeat(self, row, cells) -> bool:
        """True when the row repeats an earlier row cell for cell (noted and skipped); else
        self._repeated holds the problem of a different row for the same identity, if any."""
        self._repeated = []
        if self.raw_repeat(row, cells, self._repeated):
            self.steps.append((row, "skipped", None, None))
            self.note(self._repeated, row)
            return True
        return False

    def raw_repeat(self, row, cells, problems) -> bool:
        """Whether a row repeats an earlier one as typed, whatever else is wrong with either:
        True (skip it, one warning) when every cell is the same; a different row for the same
        identity is an error."""
        texts = {k: normalize.text(v) for k, v in cells.items()}
        if not normalize.text(texts.get("community")):
            texts["community"] = self.community
        key = None
        for fields in self.IDENTITY:
            if all(texts.get(f) for f in fields):
                key = (fields, *(texts[f] for f in fields))
                break
        if key is None:
            return False
        if key not in self.raw_seen:
            self.raw_seen[key] = (row, texts)
            return False
        first_row, first = self.raw_seen[key]
        if first == texts:
            problems.append(Problem(f"与第{first_row}行完全相同，已跳过", level="warning"))
            return True
        problems.append(Problem(f"与第{first_row}行是同一{self.label()}，但内容不同；请合并为一行",
                                "name"))
        return False

    IDENTITY: ClassVar[tuple] = ()     # field groups that identify a record as typed, best first

    def values(self, cells: dict) -> dict:
        """A row's values, with community and building names resolved once per import."""
        self._place = None
        values = dict(cells)
        if not normalize.text(values.get("community")):
            values["community"] = self.community
        cache = self.__dict__.setdefault("_places", {})
        key = normalize.text(values["community"]) if values["community"] is not None else None
        if isinstance(key, str) and key and not key.isdigit():
            if key not in cache:
                found = self.registry.communities.list(name=normalize.name(key))
                cache[key] = found[0].doc_id if found else None
            values["community"] = cache[key] or values["community"]
        building = normalize.text(values.get("building"))
        if isinstance(values["community"], int) and building and not building.isdigit():
            place = (values["community"], normalize.building(building))
            if place not in self.places:
                self.places[place] = building_matches(self.registry, *place)
            matches = self.places[place]
            if len(matches) == 1:
                values["building"] = matches[0].doc_id
            else:
                self._place = place
        return values

    def over(self, existing: dict, values: dict, fields) -> dict:
        """Values for updating existing: blank cells and absent columns keep what is stored."""
        merged = {field: existing.get(field) for field in fields}
        merged.update({k: v for k, v in values.items() if normalize.text(v)})
        return merged

    def check_repeat(self, key, row, doc, problems) -> bool:
        """True when the row repeats an earlier row exactly (then it is skipped with a warning)."""
        if key not in self.seen:
            self.seen[key] = (row, doc)
            return False
        first_row, first_doc = self.seen[key]
        if first_doc == doc:
            problems.append(Problem(f"与第{first_row}行完全相同，已跳过", level="warning"))
            return True
        problems.append(Problem(f"与第{first_row}行是同一{self.label()}，但内容不同；请合并为一行",
                                "name"))
        return False

    def label(self) -> str:
        return getattr(self.registry, self.table).label

    def actions(self):
        for _, action, _, _ in self.steps:
            if action != "error":
                yield action

    def step(self, row, doc, existing, problems, changed_fields=()):
        if errors_in(problems):
            self.steps.append((row, "error", None, None))
        elif existing is None:
            self.steps.append((row, "created", doc, None))
        else:
            changed = any(existing.get(k) != v for k, v in doc.items() if k not in changed_fields)
            self.steps.append((row, "updated" if changed else "unchanged", doc, existing))
        self.note(problems, row)

    def walk(self, progress=None):
        """The planned steps, calling progress(done, total) as each has been written."""
        total = len(self.steps)
        for done, step in enumerate(self.steps, 1):
            yield step
            if progress is not None:
                progress(done, total)

    def apply(self, source: str, progress=None):
        book = getattr(self.registry, self.table)
        for _, action, doc, existing in self.walk(progress):
            if action in ("created", "updated"):
                book.save(doc, existing, "import.create" if existing is None else "import.update",
                          source=source)


class ResidentPlanner(Planner):
    table = "residents"
    _BASE = ("name", "gender", "birth_date", "phone", "id_number", "community", "building",
             "unit", "room", "tags", "minor", "guardian")

    IDENTITY = (("id_number",), ("community", "name", "phone"),
                ("community", "name", "building", "unit", "room"))

    def plan(self):
        book = self.registry.residents
        households = defaultdict(list)       # household key -> [(row, name)]
        numbers = {}                         # (community, 户号) -> (row, address)
        self.guardians = []
        for row, cells in self.roster.rows:
            if self.skip_repeat(row, cells):
                continue
            repeated = self._repeated
            values = self.values(cells)
            guardian = normalize.name(values.pop("guardian", None))
            doc, problems = book._prepare(values)
            # A stored record is found by identity even when other cells are blank or wrong:
            # blank cells then keep what is stored.
            existing = book.find_same(doc) if doc.get("community") and doc["name"] else None
            if existing is not None:
                doc, problems = book._prepare(self.over(existing, values, self._BASE), existing)
            problems = repeated + problems
            if not errors_in(problems):
                problems += book.duplicates(doc, existing)
            if not errors_in(problems):
                key = (("id", doc["id_number"]) if doc["id_number"] else
                       ("person", doc["community"], doc["name"], doc["phone"] or doc["address"]))
                if self.check_repeat(key, row, doc, problems):
                    self.steps.append((row, "skipped", None, None))
                    self.note(problems, row)
                    continue
            if not errors_in(problems) and doc.get("household_number"):
                number_key = (doc["community"], doc["household_number"])
                first = numbers.setdefault(number_key, (row, doc["address"]))
                if first[1] != doc["address"]:
                    problems.append(Problem(f"户号{doc['household_number']}在第{first[0]}行的地址是"
                                            f"{first[1]}，与本行不一致", "household_number"))
            if not errors_in(problems):
                home = self._home(doc)
                households[home].append((row, doc["name"]))
                if guardian:
                    self.guardians.append((row, guardian, home, doc))
            self.step(row, doc, existing, problems, ("household", "household_number", "guardian"))
        self._plan_guardians(households)

    @staticmethod
    def _home(doc):
        if doc.get("household_number"):
            return ("number", doc["community"], doc["household_number"])
        return ("address", doc["building"], doc["unit"], doc["room"])

    def _plan_guardians(self, households):
        self.guardian_links = []
        book = self.registry.households
        stored_as = {row: existing.doc_id for row, _, _, existing in self.steps if existing}
        for row, name, home, doc in self.guardians:
            # Candidates are people, not rows: a file row updating a stored resident is that one.
            in_file = [r for r, n in households[home] if n == name and r != row]
            stored = book.find_same({**doc, "number": doc.get("household_number", "")})
            in_store = [m.doc_id for m in book.members(stored.doc_id, None) if m["name"] == name
                        and m.doc_id not in {stored_as.get(r) for r in in_file}
                        ] if stored is not None else []
            if len(in_file) + len(in_store) != 1:
                why = "不在本户" if not in_file and not in_store else "在本户有重名"
                self.note([Problem(f"监护人“{name}”{why}，请先登记监护人或写明是哪一位", "guardian")],
                          row)
                self.steps = [s if s[0] != row else (row, "error", None, None) for s in self.steps]
                continue
            target = ("row", in_file[0]) if in_file else ("id", in_store[0])
            target_id = stored_as.get(in_file[0]) if in_file else in_store[0]
            current = next((e for r, _, _, e in self.steps if r == row and e), None)
            if current is not None and target_id is not None and current.get("guardian") == target_id:
                continue                                # already linked: nothing to change
            self.guardian_links.append((row, target))
            self.steps = [(r, "updated" if r == row and a == "unchanged" else a, d, e)
                          for r, a, d, e in self.steps]

    def apply(self, source: str, progress=None):
        book = self.registry.residents
        ids = {}
        for row, action, doc, existing in self.walk(progress):
            if action == "unchanged":
                ids[row] = existing.doc_id
            elif action in ("created", "updated"):
                ids[row] = book.save(doc, existing, "import.create" if existing is None
                                     else "import.update", source=source)
        for row, (kind, target) in self.guardian_links:
            guardian = ids[target] if kind == "row" else target
            if book.get(ids[row]).get("guardian") != guardian:
                book.update(ids[row], guardian=guardian, minor=True)


class HouseholdPlanner(Planner):
    table = "households"

    def plan(self):
        book = self.registry.households
        for row, cells in self.roster.rows:
            values = self.values(cells)
            head = normalize.name(values.pop("head", None))
            doc, problems = book._prepare(values)
            existing = None if errors_in(problems) else book.find_same(doc)
            if existing is not None:
                doc, problems = book._prepare(self.over(existing, values, (
                    "number", "community", "building", "unit", "room", "head")), existing)
                problems += book.conflicts(doc, existing) if doc.get("number") != existing.get(
                    "number") else []
            elif not errors_in(problems):
                problems += book.conflicts(doc)
            if head and existing is not None:
                found = [m.doc_id for m in book.members(existing.doc_id) if m["name"] == head]
                if len(found) == 1:
                    doc["head"] = found[0]
                else:
                    problems.append(Problem(f"户主“{head}”不是本户已登记的居民，未设置户主", "head",
                                            level="warning"))
            elif head:
                problems.append(Problem(f"户主“{head}”需在导入居民后再设置", "head", level="warning"))
            key = ("number", doc["community"], doc["number"]) if doc.get("number") else (
                "address", doc.get("building"), doc.get("unit"), doc.get("room"))
            if not errors_in(problems) and self.check_repeat(key, row, doc, problems):
                self.steps.append((row, "skipped", None, None))
                self.note(problems, row)
                continue
            self.step(row, doc, existing, problems)

    def apply(self, source: str, progress=None):
        book = self.registry.households
        for _, action, doc, existing in self.walk(progress):
            if action == "created":
                book._create(doc, "import.create", source=source)
            elif action == "updated":
                book._change(existing.doc_id, doc, "import.update", source=source)


class MerchantPlanner(Planner):
    table = "merchants"
    IDENTITY = (("licence",), ("community", "name"))
    _BASE = ("name", "owner", "phone", "licence", "category", "address", "community", "grid")

    def plan(self):
        book = self.registry.merchants
        for row, cells in self.roster.rows:
            if self.skip_repeat(row, cells):
                continue
            repeated = self._repeated
            values = self.values(cells)
            doc, problems = book._prepare(values)
            existing = book.find_same(doc) if doc.get("community") and doc["name"] else None
            if existing is not None:
                doc, problems = book._prepare(self.over(existing, values, self._BASE), existing)
            problems = repeated + problems
            if not errors_in(problems):
                problems += book.duplicates(doc, existing)
                key = ("licence", doc["licence"]) if doc["licence"] else (
                    "name", doc["community"], doc["name"])
                if self.check_repeat(key, row, doc, problems):
                    self.steps.append((row, "skipped", None, None))
                    self.note(problems, row)
                    continue
            self.step(row, doc, existing, problems)
