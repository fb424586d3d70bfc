"""The organisation tree as staff read it: communities, their grids and estates, buildings, stairwells."""

from dataclasses import dataclass, field


@dataclass
class BuildingNode:
    """One building with its stairwells, 楼长 and how many households live in it."""

    doc: object
    grid: str
    leader: str
    households: int

    @property
    def units(self) -> list:
        return list(self.doc.get("units", []))


@dataclass
class CommunityNode:
    """One community: its grids (with their 网格员) and its estates (with their buildings)."""

    doc: object
    grids: list = field(default_factory=list)       # [(grid doc, number of buildings)]
    estates: dict = field(default_factory=dict)     # estate name ('' for none) -> [BuildingNode]


def tree(registry, scope=None) -> list:
    """[CommunityNode] of the live places inside scope (and the registry's own scope)."""
    nodes = []
    for community in registry.communities.list(scope):
        node = CommunityNode(community)
        buildings = registry.buildings.list(scope, community=community.doc_id)
        grids = registry.grids.list(scope, community=community.doc_id)
        names = {grid.doc_id: grid["name"] for grid in grids}
        node.grids = [(grid, sum(1 for b in buildings if b["grid"] == grid.doc_id))
                      for grid in grids]
        for estate in registry.estates.list(scope, community=community.doc_id):
            node.estates[estate["name"]] = []
        for building in buildings:
            node.estates.setdefault(building.get("estate") or "", []).append(BuildingNode(
                building, names.get(building["grid"], ""), _leader(registry, building),
                registry.households.count(scope, building=building.doc_id)))
        nodes.append(node)
    return nodes


def _leader(registry, building) -> str:
    if building.get("leader") is None:
        return ""
    found = registry.residents.table.get(doc_id=int(building["leader"]))
    return found["name"] if found is not None and found.get("building") == building.doc_id else ""
