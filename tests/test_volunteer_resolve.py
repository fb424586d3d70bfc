"""Matching sheet rows to residents: namesakes need a tail, strangers and outsiders are refused."""

from meide.kernel import Actor
from meide.volunteer import parse_text, resolve_sheet
from meide.volunteer.resolve import sheet_problems

from .registry_support import add_resident, registry, valid_id  # noqa: F401  (fixture)

OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1, subdistrict=1)
GRID_TWO = Actor("grid2", "网格员乙", {"网格员"}, community=1, grid=2, subdistrict=1)


def people(registry):  # noqa: F811
    return {"zhang": add_resident(registry, "张晓华", "13812345678"),
            "wang_a": add_resident(registry, "王伟", "13700002222", room="401"),
            "wang_b": add_resident(registry, "王伟", "13600003333", building="2号楼", room="101",
                                   id_number=valid_id(order=457)),
            "zhao": add_resident(registry, "赵敏", "13500004444", community="翰林街社区")}


def test_unique_names_and_tails_find_their_resident(registry):  # noqa: F811
    ids = people(registry)
    tail = valid_id(order=457)[-4:]
    resolved = resolve_sheet(registry, OFFICER, parse_text(f"张晓华 2\n王伟 2222 1\n王伟 {tail} 3"))
    assert [r.resident for r in resolved] == [ids["zhang"], ids["wang_a"], ids["wang_b"]]
    assert sheet_problems(resolved) == []


def test_problems_name_the_row_and_what_to_do(registry):  # noqa: F811
    people(registry)
    resolved = resolve_sheet(registry, OFFICER, parse_text(
        "王伟 2\n赵敏 1\n张晓华 9999 1\n张晓华 1\n张晓华 2\n李四 1"), max_hours=3)
    problems = sheet_problems(resolved)
    assert problems[0].startswith("第 1 行（王伟）：有 2 位居民叫“王伟”，请在姓名后加上手机号或身份证后四位")
    assert problems[1].startswith("第 2 行（赵敏）：您管辖的范围内没有名为“赵敏”的居民")
    assert problems[2] == "第 3 行（张晓华）：“张晓华”的手机号和身份证后四位都不是 9999，请核对"
    assert problems[3] == "第 5 行（张晓华）：与第 4 行是同一位居民，请合并为一行（时长相加）"
    assert problems[4].startswith("第 6 行（李四）：您管辖的范围内没有名为“李四”")
    assert len(problems) == 5


def test_hours_beyond_the_activity_are_refused(registry):  # noqa: F811
    people(registry)
    [row] = resolve_sheet(registry, OFFICER, parse_text("张晓华 4"), max_hours=3)
    assert row.problems == ["时长 4 小时超过了活动时长 3 小时，请核对"]


def test_a_grid_worker_resolves_only_their_grid(registry):  # noqa: F811
    ids = people(registry)
    resolved = resolve_sheet(registry, GRID_TWO, parse_text("张晓华 1\n王伟 1"))
    assert resolved[0].resident is None and "没有名为“张晓华”" in resolved[0].problems[0]
    assert resolved[1].resident == ids["wang_b"]          # the only 王伟 in 第二网格
