"""A period's building scores: members' points per resident, the inspection, covenant compliance."""

from .settings import StairwellSettings


def score_buildings(registry, ledger, inspections, period, *, community=None,
                    settings: StairwellSettings = None) -> list:
    """Every building of the community (None: the whole subdistrict) scored for period, best
    first, as JSON-ready rows with each component, the score, the stars and the rank.

    Ties share a rank; among tied buildings the better inspection, then the better members'
    score, then the name comes first (so the plaque holder is always one building).
    """
    settings = settings or StairwellSettings()
    start, end = period.bounds
    buildings = registry.buildings.list(None, **({"community": int(community)}
                                                 if community is not None else {}))
    by_category = _rolled_by_category(ledger, start, end, community)
    communities = {}
    rows = []
    for building in buildings:
        key = f"building:{building.doc_id}"
        rolled = by_category.get(key, {})
        own = ledger.points_in(key, start, end)         # e.g. STAIRWELL_INSPECTION itself
        covenant = -min(0, rolled.get(settings.covenant_category, 0))
        members = sum(rolled.values()) - own + covenant   # covenant counts in its own part
        residents = len(registry.residents.list(None, building=building.doc_id))
        inspection = inspections.latest(building.doc_id, start, end)
        if building["community"] not in communities:
            communities[building["community"]] = registry.communities.get(
                building["community"])["name"]
        rows.append({
            "building": building.doc_id, "building_name": building["name"],
            "community": building["community"],
            "community_name": communities[building["community"]],
            "residents": residents, "member_points": members,
            "per_resident": round(members / residents, 2) if residents else 0.0,
            "inspection": inspection["total"] if inspection else None,
            "inspected_on": inspection["inspected_on"] if inspection else "",
            "covenant_deducted": covenant,
            "compliance": round(max(0.0, 100 - settings.covenant_penalty * covenant
                                    / max(residents, 1)), 1)})
    _scale_members(rows, settings)
    for row in rows:
        row["score"] = settings.combine({"members": row["members"],
                                         "inspection": row["inspection"] or 0.0,
                                         "covenant": row["compliance"]})
        row["stars"] = settings.stars_for(row["score"])
    rows.sort(key=lambda r: (-r["score"], -(r["inspection"] or 0), -r["members"],
                             r["building_name"]))
    for position, row in enumerate(rows):
        same = position and rows[position - 1]["score"] == row["score"]
        row["rank"] = rows[position - 1]["rank"] if same else position + 1
    return rows


def _rolled_by_category(ledger, start, end, community) -> dict:
    """{building account: {category: points}}: the building's own points and its members'."""
    ranking = ledger.ranking(start, end, by="category", kind="building",
                             community=None if community is None else str(community))
    found = {}
    for row in ranking:
        found.setdefault(row.account, {})[row.group] = row.points
    return found


def _scale_members(rows, settings):
    """Points per resident as 0–100: the best building compared is 100, none below 0."""
    groups = {}
    for row in rows:
        group = row["community"] if settings.compare_across == "community" else None
        groups.setdefault(group, []).append(row)
    for members in groups.values():
        best = max((row["per_resident"] for row in members), default=0)
        for row in members:
            row["members"] = round(100 * max(row["per_resident"], 0) / best, 1) if best > 0 \
                else 0.0
