"""Shared set-up for the registry tests: a small 古槐街道 with two communities."""

import store
from meide.registry import Registry

FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures"


def small_registry(path) -> Registry:
    """古槐街道 → 北门社区 (第一/第二网格, 1号楼 2号楼 书香苑3号楼) and 翰林街社区 (第一网格, 1号楼)."""
    registry = Registry(store.open_store(path))
    registry.subdistricts.add(name="古槐街道")
    beimen = registry.communities.add(name="北门社区")
    hanlin = registry.communities.add(name="翰林街社区")
    first = registry.grids.add(name="第一网格", community=beimen)
    second = registry.grids.add(name="第二网格", community=beimen)
    hanlin_first = registry.grids.add(name="第一网格", community=hanlin)
    registry.buildings.add(name="1号楼", community=beimen, grid=first, units=["1", "2"])
    registry.buildings.add(name="2号楼", community=beimen, grid=second, units=["1", "2"])
    registry.buildings.add(name="3号楼", estate="书香苑", community=beimen, grid=second)
    registry.buildings.add(name="1号楼", community=hanlin, grid=hanlin_first, units=["1"])
    return registry


def valid_id(birth: str = "19600302", order: int = 123, area: str = "370811") -> str:
    from meide.registry.validation import id_check_digit
    first17 = f"{area}{birth}{order:03d}"
    return first17 + id_check_digit(first17)


def add_resident(registry, name="张晓华", phone="13812345678", building="1号楼", room="301",
                 community="北门社区", **extra) -> int:
    values = {"name": name, "gender": "男", "birth_date": "1960-03-02", "phone": phone,
              "community": community, "building": building, "unit": "1", "room": room}
    values.update(extra)
    return registry.residents.add(**values)


@__import__("pytest").fixture
def registry(tmp_path):
    """A small registry in a fresh folder, closed after the test."""
    opened = small_registry(tmp_path / "data")
    yield opened
    opened.store.close()


def fixed_roster(tmp_path):
    """The messy roster with its two bad rows corrected, as a staff member would."""
    from openpyxl import load_workbook

    book = load_workbook(FIXTURES / "messy_residents.xlsx")
    sheet = book.worksheets[0]
    sheet["F8"] = valid_id("19700101", 135)
    sheet["G10"] = "2号楼"
    path = tmp_path / "fixed.xlsx"
    book.save(path)
    return path
