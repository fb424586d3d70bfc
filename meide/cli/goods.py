"""`meide goods`: bulk-load the credit supermarket's goods from a spreadsheet, write its blank
template, list the goods."""

from pathlib import Path

import store

from ..supermarket import GoodsBook
from ..supermarket.goods import limits_of
from ..supermarket.importer import import_goods, write_goods_template
from .registry import _registry

PERIODS = {"day": "每天", "week": "每周", "month": "每月", "year": "每年"}


def _import(args, folder: Path):
    with store.open_store(folder) as opened:
        registry = _registry(opened, args)
        added = import_goods(GoodsBook(opened, registry), args.file,
                             actor=args.user or "cli")
    print(f"已导入 {len(added)} 种商品")


def _template(args, folder: Path):
    headers = write_goods_template(args.file)
    print(f"已生成商品清单模板 {args.file}：{'、'.join(headers)}")


def _list(args, folder: Path):
    with store.open_store(folder, readonly=True) as opened:
        registry = _registry(opened, args)
        book = GoodsBook(opened, registry)
        communities = {doc.doc_id: doc["name"] for doc in registry.communities.list(None)}
        docs = book.list(book.own_community())
        for doc in docs:
            limits = "、".join(f"{PERIODS[p]}{n}件" for p, n in limits_of(doc)) or "不限"
            print("\t".join(str(part) for part in (
                doc.doc_id, doc["name"], doc.get("category", ""), f"{doc['points']}分",
                f"库存{doc['stock']}", limits, (doc.get("sponsor") or {}).get("name", ""),
                doc.get("shelf", ""), communities.get(doc.get("community"), "全街道"),
                "在售" if doc.get("active", True) else "已下架")))
    print(f"共 {len(docs)} 种商品")


def add_parsers(commands, common):
    """Add `meide goods import|template|list` to the meide command."""
    parser = commands.add_parser("goods", parents=[common], help="信用超市商品：批量导入、模板、列表")
    actions = parser.add_subparsers(dest="action", required=True, metavar="action")
    imp = actions.add_parser("import", parents=[common],
                             help="从 .xlsx/.csv 商品清单批量导入（有一处问题则全部不导入）")
    imp.add_argument("file", help="商品清单（.xlsx 或 .csv）")
    imp.add_argument("--user", help="以此账号导入（社区工作人员只能导入本社区的商品，并记入审计）")
    imp.set_defaults(run=_import)
    template = actions.add_parser("template", parents=[common], help="生成空白商品清单")
    template.add_argument("file", help="模板文件（.xlsx 或 .csv）")
    template.set_defaults(run=_template)
    listing = actions.add_parser("list", parents=[common], help="列出商品及库存")
    listing.add_argument("--user", help="以此账号查看（按其管辖范围）")
    listing.set_defaults(run=_list)
