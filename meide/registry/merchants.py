"""商户 merchants of a community and grid: owner, licence, category, address, contact."""

from . import normalize
from .book import RecordBook, raise_if_errors, reference
from .validation import Problem, check_licence, check_mobile, check_required

CATEGORIES = ("餐饮", "超市便利", "生鲜果蔬", "理发美容", "维修服务", "药店诊所", "服装鞋帽",
              "教育培训", "文化用品", "家政服务", "其他")


def place_in_grid(registry, values: dict, problems: list, grid_required: bool = True):
    """(community, grid) records for a merchant or unit, with problems noted."""
    community = reference(registry.communities, values.get("community"), "community", problems)
    if community is None:
        if not any(p.field == "community" for p in problems):
            problems.append(check_required(None, "community"))
        return None, None
    grid = reference(registry.grids, values.get("grid"), "grid", problems,
                     community=community.doc_id)
    if grid is not None and grid["community"] != community.doc_id:
        problems.append(Problem(f"网格“{grid['name']}”不属于{community['name']}", "grid"))
    elif grid is None and grid_required and not any(p.field == "grid" for p in problems):
        problems.append(check_required(None, "grid"))
    return community, grid


class MerchantBook(RecordBook):
    """Merchants are keyed by licence number, or by name within the community without one."""

    table_name, label = "merchants", "商户"
    indexed = ("community", "grid", "licence", "name")
    scope_levels = ("subdistrict", "community", "grid")

    def _prepare(self, values: dict, current=None) -> tuple[dict, list]:
        problems = []
        doc = {"name": normalize.name(values.get("name")),
               "owner": normalize.name(values.get("owner")),
               "phone": normalize.phone(values.get("phone")),
               "licence": normalize.id_number(values.get("licence")),
               "category": normalize.text(values.get("category")) or "其他",
               "address": normalize.text(values.get("address"))}
        for field in ("name", "owner"):
            if problem := check_required(doc[field], field):
                problems.append(problem)
        for problem in (check_mobile(doc["phone"]), check_licence(doc["licence"])):
            if problem:
                problems.append(problem)
        if doc["category"] not in CATEGORIES:
            problems.append(Problem(f"经营类别“{doc['category']}”不在常用类别中（{'、'.join(CATEGORIES)}），"
                                    "已按填写保存", "category", level="warning"))
        community, grid = place_in_grid(self.registry, values, problems)
        doc.update(subdistrict=community["subdistrict"] if community else None,
                   community=community.doc_id if community else None,
                   grid=grid.doc_id if grid else None)
        doc["phone_tail"] = doc["phone"][-4:]
        return doc, problems

    def find_same(self, doc):
        if doc.get("licence"):
            found = self.list(None, licence=doc["licence"])
        else:
            found = self.list(None, community=doc["community"], name=doc["name"])
        return found[0] if found else None

    def duplicates(self, doc, current=None) -> list:
        same = self.find_same(doc)
        if same is None or (current is not None and same.doc_id == current.doc_id):
            return []
        what = "营业执照号" if doc.get("licence") else "本社区同名商户"
        return [Problem(f"{what}已登记为商户“{same['name']}”（编号{same.doc_id}）",
                        "licence" if doc.get("licence") else "name")]

    def save(self, doc, existing=None, action=None, **note) -> int:
        if existing is None:
            return self._create(doc, action or "create", **note)
        self._change(existing.doc_id, doc, action or "update", **note)
        return existing.doc_id

    def add(self, **values) -> int:
        doc, problems = self._prepare(values)
        raise_if_errors(problems + self.duplicates(doc))
        return self.save(doc)

    def update(self, merchant_id, **changes) -> bool:
        current = self.get(merchant_id)
        doc, problems = self._prepare({**current, **changes}, current)
        raise_if_errors(problems + self.duplicates(doc, current))
        return self._change(current.doc_id, doc)

    def remove(self, merchant_id, reason: str = ""):
        self._delete(int(merchant_id), note=reason)
