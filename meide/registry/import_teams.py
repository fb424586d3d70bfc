"""Team roster import: one row per member, grouped into teams; members must be registered."""

from . import normalize
from .import_plans import Planner
from .validation import Problem, errors_in

LEADER = "队长"


class TeamPlanner(Planner):
    """Adds members to teams (created when new); a re-import never removes anyone."""

    table = "teams"

    def plan(self):
        teams = {}          # (community, team name) -> {"rows": [...], "members": [...], ...}
        for row, cells in self.roster.rows:
            values = self.values(cells)
            problems = []
            community = self._community(values, problems)
            team_name = normalize.name(values.get("team"))
            if not team_name:
                problems.append(Problem("服务队不能为空，请填写", "team"))
            member = self._member(values, community, problems) if community else None
            role = normalize.text(values.get("role")) or "队员"
            if role not in (LEADER, "队员", "副队长"):
                problems.append(Problem(f"职务“{role}”无法识别，可填：队长、副队长、队员", "role"))
            self.note(problems, row)
            if errors_in(problems):
                self.steps.append((row, "error", None, None))
                continue
            team = teams.setdefault((community.doc_id, team_name), {
                "rows": [], "members": [], "leader": None, "brand": ""})
            team["rows"].append(row)
            if member.doc_id in team["members"]:
                self.note([Problem(f"{member['name']}在本表中已列入该队，已跳过", level="warning")], row)
                continue
            team["members"].append(member.doc_id)
            team["brand"] = team["brand"] or normalize.text(values.get("brand"))
            if role == LEADER:
                if team["leader"] is not None:
                    self.note([Problem(f"“{team_name}”填了两位队长，请只保留一位", "role")], row)
                    self.steps.append((row, "error", None, None))
                team["leader"] = member.doc_id
        for (community_id, name), team in teams.items():
            self._plan_team(community_id, name, team)

    def _community(self, values, problems):
        try:
            return self.registry.communities.resolve(values["community"]) if values.get(
                "community") not in (None, "") else problems.append(
                Problem("请填写社区，或导入时指定社区", "community"))
        except Exception as exc:  # NotFound / OutOfScope, worded for staff
            problems.append(Problem(str(exc), "community"))
            return None

    def _member(self, values, community, problems):
        """The registered resident a row names: by ID number, else name and phone, else name."""
        residents = self.registry.residents
        name = normalize.name(values.get("name"))
        id_number = normalize.id_number(values.get("id_number"))
        phone = normalize.phone(values.get("phone"))
        if id_number:
            found = residents.list(None, id_number=id_number)
        elif phone:
            found = residents.list(None, community=community.doc_id, name=name, phone=phone)
        else:
            found = residents.list(None, community=community.doc_id, name=name)
        if len(found) == 1:
            scope = self.registry.scope
            if scope is None or scope.covers(found[0], "residents"):
                return found[0]
        if not found:
            problems.append(Problem(f"{community['name']}没有登记居民“{name}”，请先导入居民",
                                    "name"))
        elif len(found) > 1:
            problems.append(Problem(f"{community['name']}有{len(found)}位居民叫“{name}”，"
                                    "请填写手机号或身份证号加以区分", "name"))
        else:
            problems.append(Problem(f"居民“{name}”不在您的管辖范围内", "name"))
        return None

    def _plan_team(self, community_id, name, team):
        book = self.registry.teams
        row = team["rows"][0]
        existing = book.find_same({"community": community_id, "name": name})
        members = list(existing["members"]) if existing else []
        members += [m for m in team["members"] if m not in members]
        leader = team["leader"] or (existing.get("leader") if existing else None)
        doc, problems = book._prepare({"name": name, "community": community_id,
                                       "members": members, "leader": leader,
                                       "brand": team["brand"] or (existing or {}).get("brand")},
                                      existing)
        self.step(row, doc, existing, problems)
