"""`meide print`: notices, boards, statements and samples as HTML, PDF or PNG files, and a
quarter's or a year's certificates as one PDF."""

import sys
from pathlib import Path

from .. import clock
from ..engine import Engine
from ..periods import Period, PeriodInvalid
from .registry import has_data
from ..printing import fonts, printer
from ..printing.documents import KINDS
from ..printing.documents import kind as document_kind
from ..reports import printouts


def _quarter(text: str) -> Period:
    period = Period.parse(text)
    if period.kind != "quarter":
        raise PeriodInvalid(f"季度应写成 2026Q3 这样的格式（收到“{text}”）")
    return period


def _write(printed, output: str):
    target = Path(output)
    if printed.format == "png":
        pages = printed.content
        paths = [target] if len(pages) == 1 else [
            target.with_name(f"{target.stem}-{n}{target.suffix}") for n in range(1, len(pages) + 1)]
        for path, page in zip(paths, pages):
            path.write_bytes(page)
        written = "、".join(str(path) for path in paths)
    elif printed.format == "html":
        target.write_text(printed.content, "utf-8")
        written = str(target)
    else:
        target.write_bytes(printed.content)
        written = str(target)
    if printed.missing:
        print(f"注意：字体中没有 {fonts.describe(printed.missing)}，已印作〓，请手写补字",
              file=sys.stderr)
    print(f"已生成 {written}")


def _options(args) -> dict:
    return {"size": args.size, "mask_names": True if args.mask_names else None}


def cmd_sample(args, folder: Path):
    from ..kernel.documents import all_kinds
    all_kinds()         # the workflows' documents too (good_deed/story, role_model/certificate…)
    data = document_kind(args.kind).sample()
    data["final"] = not args.draft
    if not has_data(folder):        # no data folder: the shipped template
        _write(printer.render(args.kind, data, args.format, **_options(args)), args.output)
        return
    with _open(folder) as engine:   # the folder's staff-edited template, if there is one
        _write(printer.render(args.kind, data, args.format, templates=engine.templates,
                              **_options(args)), args.output)


def _open(folder: Path, readonly: bool = True) -> Engine:
    return Engine.open(folder, readonly=readonly, actor="cli")


def cmd_board(args, folder: Path):
    quarter = _quarter(args.quarter)
    with _open(folder) as engine:
        registry, ledger = engine.registry, engine.ledger
        community = registry.communities.resolve(args.community, None)
        data = printouts.quarterly_board(registry, ledger, community, quarter, top=args.top,
                                         ranked=args.ranked, office=args.office or "",
                                         final=not args.draft)
        _write(printer.render("board", data, args.format, templates=engine.templates,
                              **_options(args)), args.output)


def cmd_honours(args, folder: Path):
    with _open(folder) as engine:
        registry, ledger = engine.registry, engine.ledger
        community = registry.communities.resolve(args.community, None) if args.community \
            else None
        data = printouts.honours_board(registry, args.year or clock.today().year, community,
                                       office=args.office or "", final=not args.draft)
        _write(printer.render("board", data, args.format, templates=engine.templates,
                              **_options(args)), args.output)


def cmd_statement(args, folder: Path):
    quarter = _quarter(args.quarter) if args.quarter else None
    # Printed for real, the statement is numbered (kept in the store, as a certificate is).
    with _open(folder, readonly=args.draft) as engine:
        registry, ledger = engine.registry, engine.ledger
        data = printouts.statement(registry, ledger, int(args.resident), quarter,
                                   office=args.office or "", final=not args.draft)
        _write(printer.render("statement", data, args.format, templates=engine.templates,
                              **_options(args)), args.output)


def cmd_certificates(args, folder: Path):
    from ..printing.batch import print_many
    if bool(args.quarter) == bool(args.year):
        raise ValueError("请给出 --quarter（季度之星的荣誉证书）或 --year（年度榜样的荣誉证书）之一")
    # Printed for real, each certificate is issued its number (kept in the store); a draft is
    # not issued, so it only reads.
    with _open(folder, readonly=args.draft) as engine:
        registry, ledger = engine.registry, engine.ledger
        community = registry.communities.resolve(args.community, None) if args.community \
            else None
        options = {"office": args.office or "", "final": not args.draft}
        if args.quarter:
            if community is None:
                raise ValueError("季度之星的荣誉证书按社区印：请加 --community，如 北门社区")
            made = printouts.star_certificates(registry, ledger, community,
                                               _quarter(args.quarter),
                                               top=args.top, **options)
        else:
            made = printouts.role_model_certificates(registry, args.year, community, **options)
        templates = engine.templates

        def progress(done, total):
            print(f"\r已排版 {done}/{total}", end="" if done < total else "\n",
                  file=sys.stderr, flush=True)
        _write(print_many("certificate", made, templates=templates,
                          progress=progress if sys.stderr.isatty() else None), args.output)


def add_parsers(commands, common):
    """Register `meide print` and its documents on the `meide` parser."""
    output = common.__class__(add_help=False, parents=[common])
    output.add_argument("--format", choices=printer.FORMATS, default="pdf", help="输出格式（默认 pdf）")
    output.add_argument("-o", "--output", required=True, help="输出文件；PNG 多页时加 -1、-2…")
    output.add_argument("--size", help="纸张：A4、A4-landscape、A3-landscape、A5、80mm")
    output.add_argument("--draft", action="store_true", help="印“草稿”字样")
    output.add_argument("--mask-names", action="store_true", help="姓名打码（张*华）")
    output.add_argument("--office", help="落款单位（默认所在社区居民委员会）")
    printing = commands.add_parser("print", parents=[common], help="打印公示、光荣榜、明细单等")
    documents = printing.add_subparsers(dest="document", required=True, metavar="document")
    sample = documents.add_parser("sample", parents=[output], help="用示例数据打印某种文书")
    # Any registered kind, a workflow's too ("good_deed/story"): checked when run, with a
    # "did you mean" for a near miss.
    sample.add_argument("kind", help="、".join(f"{slug} {kind.title}" for slug, kind in KINDS.items())
                        + "，或某流程的文书，如 good_deed/story、role_model/certificate")
    sample.set_defaults(run=cmd_sample)
    board = documents.add_parser("board", parents=[output], help="某社区某季度的光荣榜")
    board.add_argument("--community", required=True, help="社区名称，如 北门社区")
    board.add_argument("--quarter", required=True, help="季度，如 2026Q3")
    board.add_argument("--top", type=int, default=10, help="每类取前几名（默认 10，并列者同列）")
    board.add_argument("--ranked", action="store_true", help="按积分排序（默认以姓氏笔画为序）")
    board.set_defaults(run=cmd_board)
    honours = documents.add_parser("honours", parents=[output],
                                   help="某年评定的榜样光荣榜（按评选类别，以姓氏笔画为序）")
    honours.add_argument("--community", help="社区名称，如 北门社区（默认全街道）")
    honours.add_argument("--year", type=int, help="年份，如 2026（默认今年）")
    honours.set_defaults(run=cmd_honours)
    statement = documents.add_parser("statement", parents=[output], help="居民的积分明细单")
    statement.add_argument("--resident", required=True, help="居民编号")
    statement.add_argument("--quarter", help="只印某季度，如 2026Q3（默认全部记录）")
    statement.set_defaults(run=cmd_statement)
    awards = documents.add_parser("certificates", parents=[common],
                                  help="荣誉证书（一个 PDF，每人一页）：某社区某季度的美德信用之星，或某年的榜样")
    awards.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
    awards.add_argument("--community", help="社区名称，如 北门社区（榜样默认全街道）")
    awards.add_argument("--quarter", help="季度之星：季度，如 2026Q3")
    awards.add_argument("--top", type=int, default=10, help="季度之星每类取前几名（默认 10）")
    awards.add_argument("--year", type=int, help="年度榜样：年份，如 2026")
    awards.add_argument("--draft", action="store_true", help="印“草稿”字样")
    awards.add_argument("--office", help="落款单位（默认所在社区居民委员会）")
    awards.set_defaults(run=cmd_certificates)
