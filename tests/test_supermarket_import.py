"""Goods from a spreadsheet: every row checked, all or nothing, problems by row and column."""

import pytest
from openpyxl import Workbook, load_workbook

from meide.registry import Registry, Scope
from meide.supermarket import GoodsBook
from meide.supermarket.goods import limits_of
from meide.supermarket.importer import HEADERS, GoodsImportError, import_goods, \
    write_goods_template

from .supermarket_support import world  # noqa: F401

GOOD = {"商品名称": "爱心大米", "类别": "粮油", "兑换积分": 30, "初始库存": 20, "每月限兑": 2,
        "赞助方": "便民超市", "货架位置": "A-2", "社区": "北门社区"}


def sheet(path, *rows, headers=HEADERS):
    book = Workbook()
    book.active.append(list(headers))
    for row in rows:
        book.active.append([row.get(header) for header in headers])
    book.save(path)
    return path


def test_the_template_holds_the_headers_and_the_notes(tmp_path):
    path = tmp_path / "商品清单.xlsx"
    assert write_goods_template(path) == HEADERS
    book = load_workbook(path)
    assert [cell.value for cell in book.worksheets[0][1]] == HEADERS
    assert len(book.worksheets) == 2


def test_good_rows_are_imported_with_every_field(world, tmp_path):
    path = sheet(tmp_path / "goods.xlsx", GOOD, {"商品名称": "铅笔", "兑换积分": "2",
                                                 "赞助方": "北门小学"})
    rice, pencil = import_goods(world.market.goods, path, actor="admin")
    doc = world.market.goods.get(rice)
    assert (doc["community"], doc["stock"], doc["category"], doc["shelf"]) == (1, 20, "粮油", "A-2")
    assert doc["sponsor"]["name"] == "便民超市" and limits_of(doc) == [("month", 2)]
    assert world.market.goods.get(pencil)["sponsor"]["kind"] == "unit"
    assert world.market.goods.get(pencil)["community"] is None


@pytest.mark.parametrize("bad, where", [
    ({"兑换积分": "三十"}, "第3行「兑换积分」列（C列）：应填整数"),
    ({"兑换积分": None}, "第3行「兑换积分」列（C列）：必填"),
    ({"兑换积分": 0}, "第3行「兑换积分」列（C列）：兑换积分必须是正整数"),
    ({"商品名称": None, "类别": "粮油"}, "第3行「商品名称」列（A列）：商品名称不能为空"),
    ({"每天限兑": 1.5}, "第3行「每天限兑」列（E列）：应填整数"),
    ({"每月限兑": -1}, "第3行「每月限兑」列（F列）：每月限兑数量必须是正整数"),
    ({"赞助方": "无名店"}, "第3行「赞助方」列（G列）：没有名为「无名店」"),
    ({"货架位置": "架" * 31}, "第3行「货架位置」列（H列）：货架位置最多 30 个字"),
    ({"社区": "南门社区"}, "第3行「社区」列（J列）：没有「南门社区」"),
    ({"商品名称": "爱心大米"}, "第3行「商品名称」列（A列）：「爱心大米」与第2行重复"),
    ({"商品名称": "洗衣皂", "社区": None}, "第3行「商品名称」列（A列）：「洗衣皂」已在商品列表中"),
])
def test_one_bad_row_imports_nothing_and_is_named_by_row_and_column(world, tmp_path, bad,
                                                                       where):
    second = {**GOOD, "商品名称": "食用油", **bad}
    path = sheet(tmp_path / "goods.xlsx", GOOD, second)
    before = len(world.market.goods.list())
    with pytest.raises(GoodsImportError) as refused:
        import_goods(world.market.goods, path, actor="admin")
    assert any(problem.startswith(where) for problem in refused.value.problems), \
        refused.value.problems
    assert len(world.market.goods.list()) == before
    assert world.store.table("supermarket_stock_moves").count(lambda doc: True) == 2


def test_every_bad_row_is_listed(world, tmp_path):
    path = sheet(tmp_path / "goods.xlsx", {**GOOD, "兑换积分": "x"}, GOOD,
                 {**GOOD, "商品名称": "油", "社区": "无"})
    with pytest.raises(GoodsImportError) as refused:
        import_goods(world.market.goods, path, actor="admin")
    assert [problem[:3] for problem in refused.value.problems] == ["第2行", "第4行"]


def test_a_sheet_without_the_required_headers_is_refused(world, tmp_path):
    path = sheet(tmp_path / "goods.xlsx", {"商品名称": "米"}, headers=["商品名称", "类别"])
    with pytest.raises(GoodsImportError, match="缺少「兑换积分」列"):
        import_goods(world.market.goods, path, actor="admin")
    with pytest.raises(GoodsImportError, match="没有商品行"):
        import_goods(world.market.goods, sheet(tmp_path / "empty.xlsx"), actor="admin")


def test_community_staff_import_into_their_own_community_only(world, tmp_path):
    clerk = GoodsBook(world.store, Registry(world.store, actor="clerk1", scope=Scope(1, 1)))
    (rice,) = import_goods(clerk, sheet(tmp_path / "a.xlsx", {**GOOD, "社区": None}),
                           actor="clerk1")
    assert world.market.goods.get(rice)["community"] == 1
    with pytest.raises(GoodsImportError, match="没有「翰林街社区」"):
        import_goods(clerk, sheet(tmp_path / "b.xlsx", {**GOOD, "商品名称": "油",
                                                        "社区": "翰林街社区"}), actor="clerk1")
