"""The `meide` subcommands that work on the registry: init, demo, import, export, template, users."""

import getpass
import os
import sys
from pathlib import Path

import store

from ..engine import Engine
from ..registry import ROLES, Registry, generate_password
from ..registry.staff import scope_of
from ..registry.errors import RegistryError
from ..registry.exporter import export_roster
from ..registry.importer import PLANNERS, import_roster
from ..registry.roster_template import write_template

ACCOUNTS_FILE = "DEMO-ACCOUNTS.txt"
KINDS = {"residents": "居民", "households": "户", "merchants": "商户", "teams": "志愿服务队"}
ENTRIES_PER_RESIDENT = 15


def has_data(folder: Path) -> bool:
    return (folder / "snapshot.json").exists() or any(folder.glob("journal-*.log"))


def _require_empty(folder: Path):
    if has_data(folder):
        raise RegistryError(f"数据目录 {folder} 已有数据；如要重新开始，请换一个目录")


def _read_password(args, prompt="密码") -> str:
    if getattr(args, "password_file", None):
        try:
            lines = Path(args.password_file).read_text("utf-8").splitlines()
        except OSError as exc:
            raise RegistryError(f"读不到密码文件 {args.password_file}（{exc.strerror}）") from exc
        return lines[0].strip() if lines else ""
    if not sys.stdin.isatty():
        raise RegistryError("当前不是交互终端，请用 --password-file 指定密码文件")
    first = getpass.getpass(f"{prompt}：")
    if getpass.getpass(f"再输入一次{prompt}：") != first:
        raise RegistryError("两次输入的密码不一致")
    return first


def _registry(opened, args) -> Registry:
    registry = Registry(opened, actor="cli")
    if getattr(args, "user", None):
        account = registry.staff.by_username(args.user)
        if account.get("disabled"):
            raise RegistryError(f"账号“{args.user}”已停用")
        return registry.acting_as(account)
    return registry


def cmd_init(args, folder: Path):
    _require_empty(folder)
    password = _read_password(args, "管理员密码")
    with store.open_store(folder) as opened:
        registry = Registry(opened, actor="init")
        with opened.transaction():
            registry.subdistricts.add(name=args.subdistrict)
            for community in args.community or []:
                registry.communities.add(name=community)
            # The administrator typed this password themselves: nothing to change at sign-in.
            registry.staff.add(args.admin, args.name, password, ["街道管理员"], args.subdistrict,
                               must_change_password=False)
    print(f"已在 {folder} 建立{args.subdistrict}的数据，管理员账号：{args.admin}")


def print_accounts(result, folder: Path):
    lines = [f"{username}\t{result['roles'][username]}\t{password}"
             for username, password in result["accounts"].items()]
    target = folder / ACCOUNTS_FILE
    target.write_text("用户名\t角色\t密码\n" + "\n".join(lines) + "\n", "utf-8")
    os.chmod(target, 0o600)
    print("演示账号（用户名 / 角色 / 密码）：")
    for line in lines:
        print("  " + line.replace("\t", "  "))
    print(f"（账号和密码也保存在 {target}）")


def build_demo_folder(folder: Path, residents: int, seed: int, entries: int | None = None):
    """The demo subdistrict with `entries` ledger entries over the past year (default 5 per
    resident, so boards, rankings and statements have something to show)."""
    from ..demo import build_demo, build_year
    entries = ENTRIES_PER_RESIDENT * residents if entries is None else entries
    _require_empty(folder)
    with store.open_store(folder) as opened:
        result = build_demo(opened, residents=residents, seed=seed)
        print(f"演示数据已建立在 {folder}：居民{result['residents']}人，{result['households']}户",
              flush=True)
        if entries:
            engine = Engine(opened)
            made = build_year(opened, engine.services, entries, seed=seed)
            engine.ledger.save_totals()
            # A snapshot now holds the year with the indexes the app declares, so the app's
            # start reads both as they are instead of replaying a journal and indexing anew.
            opened.compact()
            print(f"一年的积分记录：加分 {made['award']}、扣分 {made['deduct']}、"
                  f"兑换 {made['redeem']}、冲正 {made['reverse']} 条")
    print_accounts(result, folder)


def cmd_demo(args, folder: Path):
    if args.residents < 1:
        raise RegistryError("--residents 至少为 1")
    if args.entries is not None and args.entries < 0:
        raise RegistryError("--entries 不能为负数")
    build_demo_folder(folder, args.residents, args.seed, args.entries)


def cmd_import(args, folder: Path):
    with store.open_store(folder) as opened:
        registry = _registry(opened, args)
        try:
            report = import_roster(registry, args.kind, args.file, args.community, args.dry_run,
                                   create_buildings=args.create_buildings)
        except RegistryError as exc:
            report = getattr(exc, "report", None)
            if report is None:
                raise
        new = [f"{registry.communities.get(community)['name']}{label}"
               for community, label in report.new_buildings]
    for problem in report.problems:
        print(f"  {problem}")
    for building in new:
        print(f"  {'已新建' if report.applied else '将新建'}楼栋：{building}")
    if report.errors:
        raise RegistryError(report.summary())
    print(report.summary())


def cmd_export(args, folder: Path):
    with store.open_store(folder) as opened:
        registry = _registry(opened, args)
        account = registry.staff.by_username(args.user) if args.user else None
        scope = registry.scope_named(args.scope) if args.scope else None
        result = export_roster(registry, args.kind, args.file, account, scope)
    masked = "（手机号、身份证号已打码）" if result["masked"] else "（含完整手机号、身份证号，请妥善保管）"
    print(f"已导出{KINDS[args.kind]}{result['rows']}行到 {args.file}{masked}")


def cmd_template(args, folder: Path):
    headers = write_template(args.kind, args.file)
    print(f"已生成{KINDS[args.kind]}导入模板 {args.file}：{'、'.join(headers)}")


def cmd_users(args, folder: Path):
    with store.open_store(folder) as opened:
        registry = Registry(opened, actor="cli")
        staff = registry.staff
        if args.action == "add":
            password = generate_password() if args.generate else _read_password(args)
            staff.add(args.username, args.name, password, args.role, args.scope)
            print(f"已添加账号 {args.username}" + (f"，密码：{password}" if args.generate else ""))
        elif args.action in ("disable", "enable"):
            staff.disable(args.username, args.action == "disable")
            print(f"账号 {args.username} 已{'停用' if args.action == 'disable' else '启用'}")
        elif args.action == "reset-password":
            password = generate_password() if args.generate else _read_password(args, "新密码")
            staff.reset_password(args.username, password)
            print(f"账号 {args.username} 的密码已重置" + (f"为：{password}" if args.generate else ""))
        else:
            for account in staff.list():
                state = "（已停用）" if account.get("disabled") else ""
                print(f"{account['username']}\t{account['display_name']}\t"
                      f"{'、'.join(account['roles'])}\t{registry.scope_label(scope_of(account))}"
                      f"{state}")


def add_parsers(commands, common):
    """Register the registry subcommands on the `meide` parser."""
    init = commands.add_parser("init", parents=[common], help="新建数据目录和第一个管理员")
    init.add_argument("--subdistrict", default="古槐街道", help="街道名称（默认 古槐街道）")
    init.add_argument("--community", action="append", help="同时建立的社区（可重复）")
    init.add_argument("--admin", default="admin", help="管理员用户名（默认 admin）")
    init.add_argument("--name", default="街道管理员", help="管理员姓名")
    init.add_argument("--password-file", help="从文件第一行读密码（不给则提示输入）")
    init.set_defaults(run=cmd_init)
    demo = commands.add_parser("demo", parents=[common], help="生成古槐街道演示数据")
    demo.add_argument("--residents", type=int, default=2000, help="居民人数（默认 2000）")
    demo.add_argument("--entries", type=int, default=None,
                      help=f"一年的积分记录条数（默认每位居民 {ENTRIES_PER_RESIDENT} 条；0 为不生成）")
    demo.add_argument("--seed", type=int, default=20240501, help="随机种子（同一种子生成同样数据）")
    demo.set_defaults(run=cmd_demo)
    kinds = dict(choices=sorted(PLANNERS), help="residents 居民 / households 户 / merchants 商户 / "
                                                "teams 志愿服务队")
    imp = commands.add_parser("import", parents=[common], help="从 .xlsx/.csv 导入名册")
    imp.add_argument("kind", **kinds)
    imp.add_argument("file", help="名册文件（.xlsx 或 .csv）")
    imp.add_argument("--community", help="未填“社区”列的行归入此社区")
    imp.add_argument("--dry-run", action="store_true", help="只检查、列出问题，不写入")
    imp.add_argument("--user", help="以此账号导入（按其管辖范围，并记入审计）")
    imp.add_argument("--create-buildings", action="store_true",
                     help="名册中不存在的楼栋先新建（归入社区的第一个网格）；请先试导入核对楼栋名")
    imp.set_defaults(run=cmd_import)
    exp = commands.add_parser("export", parents=[common], help="导出名册到 .xlsx/.csv")
    exp.add_argument("kind", **kinds)
    exp.add_argument("file", help="导出文件（.xlsx 或 .csv）")
    exp.add_argument("--user", help="以此账号导出：按其范围；街道/社区管理员可导出完整号码")
    exp.add_argument("--scope", help="只导出此范围，如 北门社区 或 北门社区/第一网格")
    exp.set_defaults(run=cmd_export)
    template = commands.add_parser("template", parents=[common], help="生成空白导入模板")
    template.add_argument("kind", **kinds)
    template.add_argument("file", help="模板文件（.xlsx 或 .csv）")
    template.set_defaults(run=cmd_template)
    users = commands.add_parser("users", parents=[common], help="管理工作人员账号")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", parents=[common], help="添加账号")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--role", action="append", required=True, choices=list(ROLES),
                     help="角色（可重复）")
    add.add_argument("--scope", required=True, help="管辖范围：古槐街道、北门社区、北门社区/第一网格")
    reset = actions.add_parser("reset-password", parents=[common], help="重置密码")
    for parser in (add, reset):
        parser.add_argument("--password-file", help="从文件第一行读密码")
        parser.add_argument("--generate", action="store_true", help="生成随机密码并显示")
    reset.add_argument("username")
    for action, text in (("disable", "停用账号"), ("enable", "重新启用账号")):
        actions.add_parser(action, parents=[common], help=text).add_argument("username")
    actions.add_parser("list", parents=[common], help="列出账号")
    users.set_defaults(run=cmd_users)
