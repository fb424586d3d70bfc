"""Resident search: name, pinyin initials, phone tail, phone, ID number, household, address."""

import pytest

from tests.registry_support import add_resident, registry, valid_id  # noqa: F401


@pytest.fixture
def people(registry):
    return {
        "zhang": add_resident(registry, name="张晓华", phone="13812345678",
                              id_number=valid_id("19600302", 123), household_number="BM-001"),
        "zeng": add_resident(registry, name="曾红梅", phone="13900001111", room="302",
                             gender="女", birth_date="1970-01-01"),
        "ouyang": add_resident(registry, name="欧阳娜娜", phone="13700002222", building="书香苑3号楼",
                               gender="女", birth_date="1980-01-01"),
    }


def found(registry, text, **kwargs):
    return [doc["name"] for doc in registry.search(text, **kwargs)]


def test_by_name_whole_or_part(registry, people):
    assert found(registry, "张晓华") == ["张晓华"]
    assert found(registry, "晓") == ["张晓华"]


def test_by_pinyin_initials_and_full_pinyin(registry, people):
    assert found(registry, "zxh") == ["张晓华"]
    assert found(registry, "ZXH") == ["张晓华"]
    assert found(registry, "zx") == ["张晓华"]
    assert found(registry, "zxh ") == ["张晓华"]
    assert found(registry, "oynn") == ["欧阳娜娜"]
    assert found(registry, "zenghong") == ["曾红梅"]          # 曾 read as a surname


def test_by_phone_tail_and_whole_number(registry, people):
    assert found(registry, "5678") == ["张晓华"]
    assert found(registry, "１３９００００１１１１") == ["曾红梅"]


def test_by_id_number_household_and_address(registry, people):
    assert found(registry, valid_id("19600302", 123)) == ["张晓华"]
    assert found(registry, "BM-001") == ["张晓华"]
    assert found(registry, "书香苑") == ["欧阳娜娜"]
    assert found(registry, "1号楼1单元302") == ["曾红梅"]


def test_the_index_follows_changes(registry, people):
    registry.residents.update(people["zhang"], name="张晓明")
    assert found(registry, "张晓华") == [] and found(registry, "zxm") == ["张晓明"]
    registry.residents.remove(people["zeng"])
    assert found(registry, "5678") == ["张晓明"] and found(registry, "1111") == []


def test_a_rolled_back_change_is_not_found(registry, people):
    with pytest.raises(RuntimeError):
        with registry.transaction():
            registry.residents.update(people["zhang"], name="李四")
            raise RuntimeError("stop")
    assert found(registry, "李四") == [] and found(registry, "张晓华") == ["张晓华"]


def test_results_are_limited(registry, people):
    for index in range(5):
        add_resident(registry, name=f"王{index}", phone=f"1360000000{index}", room=f"40{index}")
    assert len(registry.search("王", limit=3)) == 3


def test_blank_queries_find_nothing(registry, people):
    assert found(registry, "  ") == []
