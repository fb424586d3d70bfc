"""`meide lottery`: re-check a draw from the published entrant list and seed, or export a list."""

import sys
from pathlib import Path

import store

from ..recognition import lottery

UNCHECKED = ("注意：未提供公布的名单指纹（--hash），本次未核对名单是否与公布的一致；"
             "下面的中奖名单只说明此文件抽出的结果，请用抽奖公示上的名单指纹再复核一次")


def _verify(args, folder: Path):
    text = Path(args.entrants).read_bytes().decode("utf-8")
    digest = lottery.fingerprint(text)
    print(f"名单指纹 SHA-256：{digest}")
    published = (args.hash or "").strip().lower()
    # The hash is checked before anything is drawn: winners drawn from a changed list would
    # look like a result, and be copied as one.
    if published and published != digest:
        print(f"名单指纹与公布的不一致（公布：{args.hash.strip()}），名单已被改动，"
              f"不能据此复核开奖，未计算中奖名单", file=sys.stderr)
        return 1
    winners = lottery.draw(text, args.seed, lottery.parse_prizes(args.prizes))
    if published:
        print("名单指纹与公布的一致")
    else:
        print(UNCHECKED, file=sys.stderr)
    print(f"参与人数：{len(lottery.parse(text))}")
    print(f"随机种子：{args.seed.strip()}")
    for winner in winners:
        print(f"{winner.order}\t{winner.prize}\t{winner.ticket}\t{winner.name}\t{winner.community}")
    return 0


def _export(args, folder: Path):
    with store.open_store(folder, readonly=True) as opened:
        doc = opened.table("wf_lottery").get(doc_id=args.record)
    # Read beside the server, an older record not yet migrated keeps its list among its values.
    text = (doc or {}).get("outputs", {}).get("entrant_list") or \
        (doc or {}).get("values", {}).get("entrant_list")
    if not text:
        raise ValueError(f"抽奖记录 {args.record} 不存在或名单尚未冻结")
    Path(args.output).write_bytes(text.encode("utf-8"))
    print(f"名单已写入 {args.output}（SHA-256 {lottery.fingerprint(text)}）")


def add_parsers(commands, common):
    """Add `meide lottery verify|export` to the meide command."""
    parser = commands.add_parser("lottery", help="抽奖：复核开奖结果或导出参与名单")
    actions = parser.add_subparsers(dest="action", required=True, metavar="action")
    verify = actions.add_parser("verify", parents=[common], help="用公布的名单文件和种子重算中奖名单")
    verify.add_argument("entrants", help="公布的参与名单文件（UTF-8，每行：序号、姓名、社区，以制表符分隔）")
    verify.add_argument("--seed", required=True, help="公开确定的随机种子")
    verify.add_argument("--prizes", required=True, help="奖项和名额，如“一等奖:1,二等奖:3”")
    verify.add_argument("--hash", default="", help="抽奖公示上的名单指纹（SHA-256）；先核对，不一致则不开奖；不给出则不核对并提示")
    verify.set_defaults(run=_verify)
    export = actions.add_parser("export", parents=[common], help="导出某次抽奖冻结的参与名单")
    export.add_argument("record", type=int, help="抽奖记录编号")
    export.add_argument("output", help="写入的文件")
    export.set_defaults(run=_export)
