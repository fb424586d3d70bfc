"""Children and guardians: a minor added with a guardian, a guardian linked or changed (audited
with the old and new names), the refusals in Chinese."""

import pytest

from meide.children.guardians import add_child, children, history, link_guardian
from meide.registry.validation import ValidationError

from .registry_support import add_resident, registry  # noqa: F401  (fixture)


@pytest.fixture
def family(registry):  # noqa: F811
    """张晓华 and 李梅 (1号楼301), 王强 (2号楼), and 张小宝 (born 2016) with 张晓华 as guardian."""
    father = add_resident(registry)
    mother = add_resident(registry, name="李梅", phone="13912345678")
    other = add_resident(registry, name="王强", phone="13712345678", building="2号楼", room="502")
    child = add_child(registry, guardian=father,
                      name="张小宝", gender="男", birth_date="2016-05-01",
                      household=registry.residents.get(father)["household"])
    return {"registry": registry, "father": father, "mother": mother, "other": other,
            "child": child}


def test_a_child_is_added_as_a_minor_in_the_guardians_household(family):
    registry = family["registry"]
    child = registry.residents.get(family["child"])
    assert child["minor"] and child["guardian"] == family["father"]
    assert child["household"] == registry.residents.get(family["father"])["household"]
    assert [doc.doc_id for doc in children(registry)] == [family["child"]]


def test_a_child_needs_a_guardian(registry):  # noqa: F811
    with pytest.raises(ValidationError, match="须有监护人"):
        add_child(registry, guardian=None, name="张小宝", gender="男", birth_date="2016-05-01",
                  community="北门社区", building="1号楼", unit="1", room="301")


@pytest.mark.parametrize("guardian", ["mother", "other"])
def test_changing_the_guardian_is_audited_with_both_names(family, guardian):
    registry = family["registry"]
    new = registry.residents.get(family[guardian])
    assert link_guardian(registry, family["child"], new.doc_id, reason="父亲外出务工")
    assert registry.residents.get(family["child"])["guardian"] == new.doc_id
    [change] = history(registry, family["child"])
    assert (change["old"], change["new"], change["note"]) == ("张晓华", new["name"], "父亲外出务工")
    assert change["at"]
    assert not link_guardian(registry, family["child"], new.doc_id)     # unchanged: no entry
    assert len(history(registry, family["child"])) == 1


@pytest.mark.parametrize("who, guardian, words", [
    ("father", "mother", "不是未成年居民"),
    ("child", None, "请选择监护人"),
    ("child", "child", "监护人不能是本人"),
    ("child", 999, "不存在"),
])
def test_a_wrong_link_is_refused_in_chinese(family, who, guardian, words):
    guardian_id = family.get(guardian, guardian) if isinstance(guardian, str) else guardian
    with pytest.raises(ValidationError, match=words):
        link_guardian(family["registry"], family[who], guardian_id)


def test_a_minor_cannot_be_a_guardian(family):
    registry = family["registry"]
    second = add_child(registry, guardian=family["father"], name="张小贝", gender="女",
                       birth_date="2018-02-01",
                       household=registry.residents.get(family["father"])["household"])
    with pytest.raises(ValidationError, match="本人是未成年人"):
        link_guardian(registry, second, family["child"])


def test_a_grid_worker_links_only_within_their_grid(family):
    from meide.registry.errors import OutOfScope
    registry = family["registry"]
    registry.staff.add("wangge", "刘网格", "password123", ["网格员"], "北门社区/第二网格")
    worker = registry.acting_as("wangge")              # 王强 lives in 2号楼 (第二网格)
    with pytest.raises(OutOfScope, match="不在您的管辖范围内"):
        link_guardian(worker, family["child"], family["other"])
    assert registry.residents.get(family["child"])["guardian"] == family["father"]
