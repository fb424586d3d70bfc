"""Retiring a place of the organisation tree: what it holds moves where staff said, in one transaction."""

from .book import raise_if_errors
from .org_moves import (IN_COMMUNITY, IN_GRID, MOVE, Mover, arrival_problems, problem,
                        refuse)

RETIRE, RETIRE_UNIT = "retire", "unit.retire"
# What a count of each book's records is called when a message says what a place still holds.
COUNTED = {"grids": "个网格", "estates": "个小区", "buildings": "栋楼", "households": "户",
           "residents": "名居民", "merchants": "家商户", "units": "个单位", "teams": "支服务队"}
HELD = {"community": ("grids", "estates", "buildings", "households", "residents", "merchants",
                      "units", "teams"),
        "grid": ("buildings", "households", "residents", "merchants", "units"),
        "building": ("households", "residents"),
        "estate": ("buildings",)}
LEVEL = {"community": "community", "grid": "grid", "building": "building"}


def held(registry, kind: str, place) -> str:
    """What place still holds, for a message: '2栋楼、35户、80名居民' ('' when nothing)."""
    parts = []
    for table in HELD[kind]:
        book = getattr(registry, table)
        if kind == "estate":
            count = book.count(None, community=place["community"], estate=place["name"])
        else:
            count = book.count(None, **{LEVEL[kind]: place.doc_id})
        if count:
            parts.append(f"{count}{COUNTED[table]}")
    return "、".join(parts)


def retire(org, kind: str, current, to) -> bool:
    """Retire current (a community, grid, estate or building), moving what it holds to `to`."""
    registry = org.registry
    book = org.book(kind)
    label = f"{book.label}“{current['name']}”"
    if kind == "community" and registry.scope is not None and registry.scope.community is not None:
        raise registry.refused("只有街道管理员可以撤销社区", "communities", current.doc_id)
    if kind in ("community", "grid"):
        accounts = [doc["username"] for doc in registry.staff.list(None, **{kind: current.doc_id})
                    if not doc.get("disabled")]
        if accounts:
            refuse(f"{label}还有工作人员账号{'、'.join(accounts)}，请先调整这些账号的管辖范围或"
                   "停用账号", "to")
    holding = held(registry, kind, current)
    target = None
    if holding:
        if to in (None, ""):
            refuse(f"{label}还有{holding}，请选择迁入的{book.label}", "to")
        target = org.place(kind, to, current.get("community"), field="to")
        if target.doc_id == current.doc_id:
            refuse(f"迁入的{book.label}不能是{label}本身", "to")
        if kind in ("grid", "estate") and target["community"] != current["community"]:
            home = registry.communities.get(current["community"])["name"]
            refuse(f"迁入的{book.label}须在{home}内（{book.label}“{target['name']}”不在）", "to")
    note = f"{label}撤销" + (f"，迁入{target['name']}" if target is not None else "")
    mover = Mover(registry, note)
    with mover.transaction():
        if target is not None:
            MOVES[kind](org, current, target, mover)
        return org.save(book, current, {"retired": registry.today().isoformat()}, RETIRE,
                        note=note)


def _move_building(org, building, target, mover):
    households = org.registry.households.list(None, building=building.doc_id)
    raise_if_errors(arrival_problems(org.registry, households, target))
    for household in households:
        mover.household(household, target)


def _move_grid(org, grid, target, mover):
    for table in IN_GRID:
        mover.relabel(table, "grid", grid.doc_id, grid=target.doc_id)


def _move_estate(org, estate, target, mover):
    buildings = org.registry.buildings
    for building in buildings.list(None, community=estate["community"], estate=estate["name"]):
        short = building["name"][len(estate["name"]):]
        org.save(buildings, building, {"name": target["name"] + short, "estate": target["name"]},
                 MOVE, note=mover.note)
        mover.readdress(buildings.get(building.doc_id))


def _move_community(org, community, target, mover):
    registry = org.registry
    problems = []
    for table in ("grids", "estates", "buildings", "units", "teams"):
        book = getattr(registry, table)
        there = {doc["name"] for doc in book.list(None, community=target.doc_id)}
        clash = sorted({doc["name"] for doc in book.list(None, community=community.doc_id)} & there)
        if clash:
            problems.append(problem(f"{target['name']}已有同名的{book.label}：{'、'.join(clash)}，"
                                    "请先改名再撤销", "to"))
    numbers = {h["number"] for h in registry.households.list(None, community=target.doc_id)
               if h.get("number")}
    clash = sorted(h["number"] for h in registry.households.list(None, community=community.doc_id)
                   if h.get("number") in numbers)
    if clash:
        problems.append(problem(f"{target['name']}已有户号{'、'.join(clash[:5])}"
                                f"{'等' if len(clash) > 5 else ''}，请先改户号再撤销", "to"))
    raise_if_errors(problems)
    for table in IN_COMMUNITY:
        mover.relabel(table, "community", community.doc_id, community=target.doc_id,
                      subdistrict=target["subdistrict"])


MOVES = {"building": _move_building, "grid": _move_grid, "estate": _move_estate,
         "community": _move_community}


def retire_unit(org, building, unit: str, to: str | None) -> bool:
    """Retire stairwell unit of building; its households move to stairwell `to` of it."""
    registry = org.registry
    units = list(building.get("units", []))
    if unit not in units:
        refuse(f"{building['name']}没有{unit}（现有：{'、'.join(units)}）", "unit")
    if len(units) == 1:
        refuse(f"{building['name']}只有{unit}，不能撤销；如要撤销整栋楼，请撤销楼栋", "unit")
    households = [h for h in registry.households.list(None, building=building.doc_id)
                  if h["unit"] == unit]
    if households and not to:
        people = sum(registry.residents.count(None, household=h.doc_id) for h in households)
        refuse(f"{building['name']}{unit}还有{len(households)}户{people}名居民，请选择迁入的单元",
               "to")
    if households and to == unit:
        refuse(f"迁入的单元不能是要撤销的{unit}本身", "to")
    if households:
        raise_if_errors(arrival_problems(registry, households, building, to))
    note = f"{building['name']}{unit}撤销" + (f"，迁入{to}" if households else "")
    mover = Mover(registry, note)
    with mover.transaction():
        for household in households:
            mover.household(household, building, to)
        return org.save(registry.buildings, building,
                        {"units": [label for label in units if label != unit]}, RETIRE_UNIT,
                        note=note)
