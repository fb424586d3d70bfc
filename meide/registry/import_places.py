"""Buildings a roster names: found within the community (an estate may be left out), one message
per building that is ambiguous or unknown with the rows that name it, and new ones created."""

from . import normalize
from .validation import Problem

_COUNTS = {2: "两", 3: "三", 4: "四", 5: "五"}


def building_matches(registry, community_id: int, label) -> list:
    """The buildings of the community a roster's label may mean: the one named so, else those
    whose name ends with it ('1号楼' is 北门小区1号楼 and 齐家苑1号楼)."""
    wanted = normalize.building(label)
    exact = registry.buildings.list(None, community=community_id, name=wanted)
    if exact:
        return exact[:1]
    return [doc for doc in registry.buildings.list(None, community=community_id)
            if doc["name"].endswith(wanted)]


def row_list(rows) -> str:
    """[3, 4, 5, 9] -> '第3–5、9行': every row, runs shortened."""
    runs, ordered = [], sorted(set(rows))
    for row in ordered:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    return f"第{'、'.join(parts)}行"


def place_problem(registry, community_id: int, label: str, matches: list, rows: list,
                  column: str | None) -> Problem:
    """The one problem for every row naming label in the community."""
    community = registry.communities.get(community_id)["name"]
    label = normalize.building(label)
    where = row_list(rows)
    if matches:
        count = _COUNTS.get(len(matches), str(len(matches)))
        names = "、".join(doc["name"] for doc in matches)
        message = (f"‘{label}’在{community}有{count}处：{names}，请在楼栋列写明小区"
                   f"（{where}，共{len(set(rows))}行）")
    else:
        message = (f"楼栋“{label}”在{community}不存在（{where}，共{len(set(rows))}行）：请先添加该"
                   "楼栋或检查楼栋名称；确认要新建时，可在导入时选择新建楼栋")
    return Problem(message, "building", row=min(rows), column=column, rows=tuple(sorted(set(rows))))


def create_building(registry, community_id: int, label: str) -> int:
    """Add the building a roster names to the community, in its first grid (staff move it to
    another grid on the organisation screen)."""
    grids = sorted(registry.grids.list(None, community=community_id), key=lambda d: d.doc_id)
    if not grids:
        from .validation import ValidationError
        raise ValidationError([f"{registry.communities.get(community_id)['name']}还没有网格，"
                               "无法新建楼栋"])
    return registry.buildings.add(name=normalize.building(label), community=community_id,
                                  grid=grids[0].doc_id)
