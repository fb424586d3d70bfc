"""`meide lottery`: re-check a draw from the published entrant list and seed, or export a list."""

import sys
from pathlib import Path

import store

from ..recognition import lottery


def _verify(args, folder: Path):
    text = Path(args.entrants).read_bytes().decode("utf-8")
    digest = lottery.fingerprint(text)
    winners = lottery.draw(text, args.seed, lottery.parse_prizes(args.prizes))
    print(f"名单指纹 SHA-256：{digest}")
    print(f"参与人数：{len(lottery.parse(text))}")
    print(f"随机种子：{args.seed.strip()}")
    for winner in winners:
        print(f"{winner.order}\t{winner.prize}\t{winner.ticket}\t{winner.name}\t{winner.community}")
    if args.hash and args.hash.strip().lower() != digest:
        print(f"名单指纹与公布的不一致（公布：{args.hash.strip()}），名单已被改动", file=sys.stderr)
        return 1
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
    verify.add_argument("entrants", help="公布的参与名单文件（UTF-8，每行：序号、账户、姓名、社区，以制表符分隔）")
    verify.add_argument("--seed", required=True, help="公开确定的随机种子")
    verify.add_argument("--prizes", required=True, help="奖项和名额，如“一等奖:1,二等奖:3”")
    verify.add_argument("--hash", default="", help="公布的名单指纹，给出时核对是否一致")
    verify.set_defaults(run=_verify)
    export = actions.add_parser("export", parents=[common], help="导出某次抽奖冻结的参与名单")
    export.add_argument("record", type=int, help="抽奖记录编号")
    export.add_argument("output", help="写入的文件")
    export.set_defaults(run=_export)
