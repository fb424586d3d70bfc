"""Merchants and units: a community and grid, licence numbers, categories, duplicates."""

import pytest

from meide.registry import ValidationError
from meide.registry.validation import uscc_check_char
from tests.registry_support import registry  # noqa: F401

FIRST17 = "92370811MA3C12345"
LICENCE = FIRST17 + uscc_check_char(FIRST17)


def add_shop(registry, **extra):
    values = {"name": "老城粮油店", "owner": "李建国", "phone": "13812345678", "licence": LICENCE,
              "category": "超市便利", "address": "北门大街12号", "community": "北门社区",
              "grid": "第一网格"}
    values.update(extra)
    return registry.merchants.add(**values)


def test_a_merchant_belongs_to_a_community_and_grid(registry):
    shop = registry.merchants.get(add_shop(registry))
    assert registry.grids.get(shop["grid"])["name"] == "第一网格"
    assert registry.communities.get(shop["community"])["name"] == "北门社区"


def test_a_merchant_needs_a_name_an_owner_and_a_grid_in_its_community(registry):
    with pytest.raises(ValidationError) as caught:
        add_shop(registry, name="", owner="", grid="第九网格")
    assert {p.field for p in caught.value.problems} == {"name", "owner", "grid"}


def test_a_licence_number_is_checked_and_unique(registry):
    with pytest.raises(ValidationError, match="校验位"):
        add_shop(registry, licence=FIRST17 + ("0" if LICENCE[-1] != "0" else "1"))
    add_shop(registry)
    with pytest.raises(ValidationError, match="营业执照号已登记"):
        add_shop(registry, name="另一家店")


def test_an_unusual_category_is_kept_with_a_warning_only(registry):
    shop = registry.merchants.get(add_shop(registry, category="古玩"))
    assert shop["category"] == "古玩"


def test_units_have_a_known_kind(registry):
    registry.units.add(name="书香苑物业服务中心", kind="物业", community="北门社区")
    with pytest.raises(ValidationError, match="类型“工厂”无法识别"):
        registry.units.add(name="某厂", kind="工厂", community="北门社区")
    with pytest.raises(ValidationError, match="已有单位"):
        registry.units.add(name="书香苑物业服务中心", kind="物业", community="北门社区")
