"""`meide goods template|import|list` on a data folder: all or nothing, problems by row."""

from openpyxl import load_workbook

from meide.cli import main
from meide.supermarket.importer import HEADERS

from .registry_support import small_registry


def test_template_import_and_list(tmp_path, capsys):
    folder = tmp_path / "data"
    registry = small_registry(folder)
    registry.merchants.add(name="便民超市", owner="刘店主", community="北门社区", grid="第一网格")
    registry.store.close()
    template = tmp_path / "商品清单.xlsx"
    assert main(["goods", "template", str(template), "--data", str(folder)]) == 0
    book = load_workbook(template)
    assert [cell.value for cell in book.worksheets[0][1]] == HEADERS
    sheet = book.worksheets[0]
    sheet.append(["爱心大米", "粮油", "30", "12", "", "2", "便民超市", "A-2", "", "北门社区"])
    sheet.append(["毛巾", "", "十五", "3"])
    book.save(template)
    assert main(["goods", "import", str(template), "--data", str(folder)]) == 1
    assert "第3行「兑换积分」列（C列）：应填整数" in capsys.readouterr().err
    sheet["C3"] = "15"
    book.save(template)
    assert main(["goods", "import", str(template), "--data", str(folder)]) == 0
    assert "已导入 2 种商品" in capsys.readouterr().out
    assert main(["goods", "list", "--data", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t")[1:] == ["爱心大米", "粮油", "30分", "库存12", "每月2件", "便民超市",
                                      "A-2", "北门社区", "在售"]
    assert out[-1] == "共 2 种商品"
