"""居民 residents: identity, contact, address and household, tags, and minors with guardians."""

from datetime import date

from . import normalize, pinyin
from .book import RecordBook, raise_if_errors, reference
from .errors import NotFound
from .validation import (Problem, ValidationError, check_birth_date, check_choice,
                         check_id_number, check_mobile, check_required, id_birth_date, id_gender)

GENDERS = ("男", "女")
COMMON_TAGS = ("党员", "志愿者", "楼长", "网格员", "居民代表", "退役军人", "独居老人", "低保户",
               "残疾人", "家园小卫士")
ADULT_AGE = 18


def age_on(birth_iso: str, today: date) -> int | None:
    if not birth_iso:
        return None
    born = date.fromisoformat(birth_iso)
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class ResidentBook(RecordBook):
    """Residents are keyed by ID number, or by name and phone within a community without one."""

    table_name, label = "residents", "居民"
    indexed = ("community", "grid", "building", "household", "id_number", "phone", "name")
    scope_levels = ("subdistrict", "community", "grid")

    # -- preparing a record ----------------------------------------------------------------------

    def _prepare(self, values: dict, current=None) -> tuple[dict, list]:
        problems: list = []
        doc = self._identity(values, problems)
        doc.update(self._place(values, problems))
        doc["tags"] = normalize.tags(values.get("tags"))
        name, phone = doc["name"], doc["phone"]
        dated = doc["birth_date"] and not any(p.field == "birth_date" for p in problems)
        age = age_on(doc["birth_date"], self.registry.today()) if dated else None
        doc["minor"] = bool(values.get("minor")) or (age is not None and age < ADULT_AGE)
        guardian = reference(self, values.get("guardian"), "guardian", problems)
        if guardian is not None and current is not None and guardian.doc_id == current.doc_id:
            problems.append(Problem("监护人不能是本人", "guardian"))
        elif guardian is not None and guardian.get("minor"):
            problems.append(Problem(f"监护人{guardian['name']}本人是未成年人，请另选监护人", "guardian"))
        doc["guardian"] = guardian.doc_id if guardian is not None else None
        doc.update(initials=pinyin.initials(name) if name else "",
                   pinyin=pinyin.full(name) if name else "", phone_tail=phone[-4:] if phone else "")
        return doc, problems

    def _identity(self, values: dict, problems: list) -> dict:
        """Name, gender, birth date, phone and ID number, checked against each other."""
        today = self.registry.today()
        name = normalize.name(values.get("name"))
        if problem := check_required(name, "name"):
            problems.append(problem)
        raw_id = values.get("id_number")
        id_number = normalize.id_number(raw_id)
        if normalize.number_was_mangled(raw_id):
            problems.append(Problem("身份证号被表格存成了数字，末几位已丢失；请把该列设为“文本”格式"
                                    "后重新填写", "id_number"))
        elif problem := check_id_number(id_number, today=today):
            problems.append(problem)
        valid_id = bool(id_number) and not any(p.field == "id_number" for p in problems)
        gender = normalize.gender(values.get("gender"))
        if problem := check_choice(gender, GENDERS, "gender"):
            problems.append(problem)
        try:
            birth = normalize.birth_date(values.get("birth_date"))
        except ValueError:
            birth = ""
            problems.append(Problem(f"出生日期“{normalize.text(values.get('birth_date'))}”无法识别，"
                                    "请写成 1950-03-02 这样的格式", "birth_date"))
        if valid_id:
            if birth and birth != id_birth_date(id_number):
                problems.append(Problem(f"出生日期{birth}与身份证号中的{id_birth_date(id_number)}"
                                        "不一致，请核对", "birth_date"))
            if gender in GENDERS and gender != id_gender(id_number):
                problems.append(Problem(f"性别“{gender}”与身份证号不一致（身份证号显示为"
                                        f"{id_gender(id_number)}），请核对", "gender"))
            birth, gender = birth or id_birth_date(id_number), gender or id_gender(id_number)
        if problem := check_birth_date(birth, today=today):
            problems.append(problem)
        if problem := check_required(gender, "gender"):
            problems.append(problem)
        phone = normalize.phone(values.get("phone"))
        if problem := check_mobile(phone):
            problems.append(problem)
        return {"name": name, "gender": gender, "birth_date": birth, "phone": phone,
                "id_number": id_number}

    def _place(self, values: dict, problems: list) -> dict:
        """Address and household fields: from a household id, else from the address given."""
        households = self.registry.households
        household_id = values.get("household")
        if household_id not in (None, ""):
            try:
                household = households.get(household_id)
            except NotFound as exc:
                problems.append(Problem(str(exc), "household"))
                return {}
            return {key: household.get(key) for key in
                    ("subdistrict", "community", "grid", "building", "unit", "room", "address")
                    } | {"household": household.doc_id}
        place, place_problems = households._prepare({
            "community": values.get("community"), "building": values.get("building"),
            "unit": values.get("unit"), "room": values.get("room"),
            "number": values.get("household_number")})
        problems.extend(place_problems)
        place.pop("head", None)
        number = place.pop("number", "")
        if number and not place_problems:
            problems.extend(households.conflicts({**place, "number": number}))
        return place | {"household": None, "household_number": number}

    # -- identity and duplicates -----------------------------------------------------------------

    def find_same(self, doc):
        """The stored resident doc stands for: same ID number, else same name and phone in community."""
        if doc.get("id_number"):
            found = self.list(None, id_number=doc["id_number"])
        elif doc.get("phone"):
            found = self.list(None, community=doc["community"], name=doc["name"],
                              phone=doc["phone"])
        else:
            found = [r for r in self.list(None, community=doc["community"], name=doc["name"])
                     if not r.get("id_number") and not r.get("phone")
                     and r.get("address") == doc.get("address")]
        return found[0] if found else None

    def duplicates(self, doc, current=None) -> list:
        problems = []
        if doc.get("id_number"):
            for other in self.list(None, id_number=doc["id_number"]):
                if current is None or other.doc_id != current.doc_id:
                    problems.append(Problem(f"身份证号与已登记居民{other['name']}（编号{other.doc_id}）"
                                            "重复", "id_number"))
        if doc.get("phone") and doc.get("community") is not None:
            for other in self.list(None, community=doc["community"], name=doc["name"],
                                   phone=doc["phone"]):
                if (current is None or other.doc_id != current.doc_id) and not (
                        doc.get("id_number") and other.get("id_number")
                        and doc["id_number"] != other["id_number"]):
                    problems.append(Problem(f"本社区已有同名同手机号的居民（编号{other.doc_id}）",
                                            "name"))
        return problems

    # -- writing ---------------------------------------------------------------------------------

    def save(self, doc: dict, existing=None, action: str | None = None, **note) -> int:
        """Create doc, or update existing with it; the household is found or created first."""
        doc = dict(doc)
        number = doc.pop("household_number", "")
        with self.store.transaction():
            if doc.get("household") is None:
                doc["household"] = self.registry.households.ensure({
                    key: doc.get(key) for key in ("subdistrict", "community", "grid", "building",
                                                  "unit", "room", "address")
                } | {"number": number, "head": None},
                    action="import.create" if (action or "").startswith("import") else "create",
                    **note)
            if existing is None:
                return self._create(doc, action or "create", **note)
            self._change(existing.doc_id, doc, action or "update", **note)
            return existing.doc_id

    def add(self, **values) -> int:
        doc, problems = self._prepare(values)
        raise_if_errors(problems + self.duplicates(doc))
        return self.save(doc)

    def update(self, resident_id, **changes) -> bool:
        current = self.get(resident_id)
        merged = {**current, **changes}
        if "household" not in changes and {"building", "unit", "room", "community"} & set(changes):
            merged["household"] = None      # moved: the household follows the new address
        doc, problems = self._prepare(merged, current)
        raise_if_errors(problems + self.duplicates(doc, current))
        before = dict(current)
        self.save(doc, current)
        return dict(self.get(current.doc_id)) != before

    def remove(self, resident_id, reason: str = ""):
        """Delete a resident who moved away or was entered by mistake (the audit keeps a summary)."""
        wards = self.list(None, guardian=int(resident_id))
        if wards:
            raise ValidationError([Problem(f"{wards[0]['name']}等{len(wards)}名未成年人以此人为监护人，"
                                           "请先更换监护人", "guardian")])
        self._delete(int(resident_id), note=reason)

    def mark_minor(self, resident_id, guardian, minor: bool = True) -> bool:
        """Mark a resident a minor with a guardian (or clear the mark with minor=False)."""
        current = self.get(resident_id)
        return self.update(current.doc_id, minor=minor,
                           guardian=guardian if minor else None)

    # -- lookups for later layers ----------------------------------------------------------------

    def membership(self, resident_id) -> dict:
        """Where a resident's points roll up: household, building, grid, community, subdistrict."""
        doc = self.get(resident_id)
        return {level: doc.get(level) for level in
                ("household", "building", "grid", "community", "subdistrict")}

    def by_id_number(self, number: str, scope=None):
        found = self.list(scope, id_number=normalize.id_number(number))
        if not found:
            raise NotFound("没有该身份证号的居民")
        return found[0]

    def wards(self, guardian_id, scope=None) -> list:
        return self.list(scope, guardian=int(guardian_id))

    def _written(self, doc_id: int):
        self.registry.search_index.refresh(doc_id)
