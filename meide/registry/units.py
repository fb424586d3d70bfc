"""单位 units of a community: property companies, schools, the residents' committee and others."""

from . import normalize
from .book import RecordBook
from .merchants import place_in_grid
from .validation import Problem, check_choice, check_mobile, check_required

KINDS = ("物业", "学校", "居委会", "医院", "企业", "机关", "社会组织", "其他")


class UnitBook(RecordBook):
    """Units are keyed by name within their community."""

    table_name, label = "units", "单位"
    indexed = ("community", "name")
    scope_levels = ("subdistrict", "community")

    def _prepare(self, values: dict, current=None) -> tuple[dict, list]:
        problems = []
        doc = {"name": normalize.name(values.get("name")), "kind": normalize.text(values.get("kind")),
               "contact": normalize.name(values.get("contact")),
               "phone": normalize.phone(values.get("phone")),
               "address": normalize.text(values.get("address"))}
        for problem in (check_required(doc["name"], "name"), check_required(doc["kind"], "kind"),
                        check_choice(doc["kind"], KINDS, "kind"), check_mobile(doc["phone"])):
            if problem:
                problems.append(problem)
        community, grid = place_in_grid(self.registry, values, problems, grid_required=False)
        doc.update(subdistrict=community["subdistrict"] if community else None,
                   community=community.doc_id if community else None,
                   grid=grid.doc_id if grid else None)
        return doc, problems

    def _duplicate(self, doc, current):
        for other in self.list(None, community=doc["community"], name=doc["name"]):
            if current is None or other.doc_id != current.doc_id:
                return [Problem(f"本社区已有单位“{doc['name']}”（编号{other.doc_id}）", "name")]
        return []
