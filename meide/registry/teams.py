"""志愿服务队 volunteer teams of a community: a name, a leader and members (resident ids)."""

from . import normalize
from .book import RecordBook, raise_if_errors, reference
from .validation import Problem, check_required


class TeamBook(RecordBook):
    """Teams are keyed by name within their community; the leader is always a member."""

    table_name, label = "teams", "志愿服务队"
    indexed = ("community", "name")
    scope_levels = ("subdistrict", "community")

    def _prepare(self, values: dict, current=None) -> tuple[dict, list]:
        problems = []
        name = normalize.name(values.get("name"))
        if problem := check_required(name, "name"):
            problems.append(problem)
        community = reference(self.registry.communities, values.get("community"), "community",
                              problems)
        if community is None and not problems:
            problems.append(check_required(None, "community"))
        residents = self.registry.residents
        members = []
        for value in values.get("members") or []:
            member = reference(residents, value, "members", problems)
            if member is not None and member.doc_id not in members:
                members.append(member.doc_id)
        leader = reference(residents, values.get("leader"), "leader", problems)
        if leader is not None and leader.doc_id not in members:
            members.insert(0, leader.doc_id)
        doc = {"name": name, "subdistrict": community["subdistrict"] if community else None,
               "community": community.doc_id if community else None,
               "leader": leader.doc_id if leader is not None else None, "members": members,
               "brand": normalize.text(values.get("brand"))}
        return doc, problems

    def find_same(self, doc):
        found = self.list(None, community=doc["community"], name=doc["name"])
        return found[0] if found else None

    def _duplicate(self, doc, current):
        same = self.find_same(doc)
        if same is not None and (current is None or same.doc_id != current.doc_id):
            return [Problem(f"本社区已有服务队“{doc['name']}”（编号{same.doc_id}）", "name")]
        return []

    def save(self, doc, existing=None, action=None, **note) -> int:
        if existing is None:
            return self._create(doc, action or "create", **note)
        self._change(existing.doc_id, doc, action or "update", **note)
        return existing.doc_id

    def add_member(self, team_id, resident_id) -> bool:
        team = self.get(team_id)
        return self.update(team.doc_id, members=[*team["members"], int(resident_id)])

    def remove_member(self, team_id, resident_id) -> bool:
        team = self.get(team_id)
        if team.get("leader") == int(resident_id):
            raise_if_errors([Problem("不能移除队长，请先更换队长", "leader")])
        return self.update(team.doc_id, members=[m for m in team["members"] if m != int(resident_id)])

    def of_resident(self, resident_id, scope=None) -> list:
        """Teams a resident belongs to."""
        return [team for team in self.list(scope) if int(resident_id) in team["members"]]
