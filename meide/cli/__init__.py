"""The `meide` command: set up, fill, import, export and serve a data folder."""

import argparse
import os
import sys
from pathlib import Path

import store

from .. import runtime
from ..engine import Engine
from ..errors import MeideError
from ..printing.qr import PUBLIC_URL_ENV
from . import authoring, goods, lottery, org, printing
from .registry import add_parsers, build_demo_folder, has_data

AUTH_MODULE = Path(__file__).resolve().parent.parent / "views" / "auth_module.py"
SERVER = "meide.views.server"
APPS = Path(__file__).resolve().parents[2] / "apps"
DEMO_RESIDENTS = 2000


def _serve(args, folder: Path):
    if args.demo and not has_data(folder):
        build_demo_folder(folder, DEMO_RESIDENTS, 20240501)
    _check_before_serving(folder)
    os.environ[runtime.DATA_ENV] = str(folder.resolve())
    if args.public_url:
        os.environ[PUBLIC_URL_ENV] = args.public_url
    # Through the environment, not argv: other users of the PC can read a command line.
    os.environ["PANEL_COOKIE_SECRET"] = runtime.cookie_secret(folder)
    apps = sorted(str(p) for p in APPS.glob("*.py"))
    # Panel resolves some stylesheets to its internet CDN when sessions start at the same time
    # (a race on its global resource mode, Panel 1.9). Offices may have no internet: point the
    # "CDN" at this server, which serves Panel's own copy of those files.
    from panel.io.resources import DIST_DIR, JS_VERSION
    os.environ["PANEL_CDN_ROOT"] = f"/{runtime.LOCAL_CDN}/"
    from ..views.date_locale import static_dir
    static = [f"{runtime.LOCAL_CDN}/{JS_VERSION}/dist={DIST_DIR}", static_dir()]
    origins = {f"{args.address}:{args.port}", f"localhost:{args.port}", f"127.0.0.1:{args.port}"}
    command = [*apps, "--address", args.address, "--port", str(args.port),
               *[arg for origin in sorted(origins) for arg in ("--allow-websocket-origin", origin)],
               "--auth-module", str(AUTH_MODULE), "--index", "console", "--static-dirs", *static,
               # Bokeh copies the request's cookies and headers into each page's session token,
               # which page scripts can read: the HttpOnly sign-in cookie stays out of it.
               "--exclude-cookies", runtime.SIGNIN_COOKIE, "--exclude-headers", "Cookie"]
    print(f"Meide is at http://localhost:{args.port}/console (data: {folder})", flush=True)
    # `panel serve` with security headers on every response and every websocket message
    # checked against the sign-in (meide.views.server).
    os.execvp(sys.executable, [sys.executable, "-m", SERVER, *command])


def _check_before_serving(folder: Path):
    # Read as the server's first request will open it, before anything listens: a damaged
    # folder refuses here with its file and offset instead of answering pages with errors.
    # Read-only, so nothing is changed (and a server already running on it is not disturbed).
    if not folder.exists():
        return          # a new folder, which the server creates
    try:
        store.open_store(folder, readonly=True).close()
    except store.StoreCorrupt as exc:
        raise store.StoreError(f"未启动应用：{exc}") from exc


def _tick(args, folder: Path):
    try:
        engine = Engine.open(folder)
    except store.StoreLocked:
        # The running server holds the folder and ticks by itself every minute.
        print("应用正在运行，到期的公示等环节由它自动处理，无需再执行 tick")
        return 0
    with engine:
        fired = engine.runner.tick()
    for slug, record_id, transition in fired:
        print(f"{slug} #{record_id}: {transition}")
    print(f"已处理 {len(fired)} 项到期环节")
    return 0


def _check(args, folder: Path):
    try:
        with store.open_store(folder, readonly=True) as opened:
            report = opened.check()
    except store.StoreCorrupt as exc:
        # Damage the next open would refuse: a problem found, like those the check lists.
        report = store.CheckReport(problems=[str(exc)])
    for name, count in sorted(report.tables.items()):
        print(f"{name}: {count}")
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    if not report.ok:
        raise store.StoreError(f"检查未通过：发现{len(report.problems)}处问题")


def _backup(args, folder: Path):
    with store.open_store(folder, readonly=True) as opened:
        manifest = opened.backup(args.dest)
    print(f"备份已写入 {args.dest}（截至第{manifest['seq']}次修改）")


def _restore(args, folder: Path):
    aside = store.restore(args.backup, folder)
    print("已恢复" + (f"；原数据保留在 {aside}" if aside else ""))


def build_parser():
    # --data is accepted before or after the subcommand; after wins (SUPPRESS keeps the first).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", default=argparse.SUPPRESS,
                        help="数据目录（默认 $MEIDE_DATA，否则 ./data/demo）")
    parser = argparse.ArgumentParser(prog="meide", description="美德信用 Meide：管理数据目录并启动应用")
    parser.add_argument("--data", default=None, help="数据目录（默认 $MEIDE_DATA，否则 ./data/demo）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    add_parsers(commands, common)
    printing.add_parsers(commands, common)
    lottery.add_parsers(commands, common)
    goods.add_parsers(commands, common)
    authoring.add_parsers(commands, common)
    org.add_parsers(commands, common)
    serve = commands.add_parser("serve", parents=[common], help="用 panel serve 启动应用")
    serve.add_argument("--demo", action="store_true", help="数据目录为空时先生成演示数据")
    serve.add_argument("--port", type=int, default=5006)
    serve.add_argument("--address", default="localhost")
    serve.add_argument("--public-url", default=None,
                       help="居民手机访问本系统的网址，印在牌匾、证书的二维码里"
                            "（默认 $MEIDE_PUBLIC_URL，否则 http://127.0.0.1:5006）")
    serve.set_defaults(run=_serve)
    tick = commands.add_parser("tick", parents=[common],
                               help="执行到期的定时环节（如公示期满），供计划任务调用")
    tick.set_defaults(run=_tick)
    check = commands.add_parser("check", parents=[common], help="校验数据目录的文件和索引")
    check.set_defaults(run=_check)
    backup = commands.add_parser("backup", parents=[common], help="在线备份到一个新目录")
    backup.add_argument("dest", help="备份目录（须为空或不存在）")
    backup.set_defaults(run=_backup)
    restore = commands.add_parser("restore", parents=[common], help="从备份恢复数据目录")
    restore.add_argument("backup", help="备份目录")
    restore.set_defaults(run=_restore)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    folder = Path(args.data or runtime.data_folder())
    try:
        return args.run(args, folder) or 0
    except store.StoreLocked:
        # The usual case: `meide serve` holds the folder while someone prints or imports.
        print(f"meide: 数据目录 {folder} 正在被另一个程序（如正在运行的 meide serve）使用，"
              "这条命令要写入数据，不能同时进行。请先停止该程序再运行；或在控制台里办理"
              "（如“打印”页面的批量荣誉证书，证书编号记入同一份数据）。", file=sys.stderr)
    except (MeideError, store.StoreError, ValueError) as exc:
        print(f"meide: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"meide: {exc.filename or ''} {exc.strerror or exc}".strip(), file=sys.stderr)
    except KeyboardInterrupt:
        print("meide: 已取消", file=sys.stderr)
        return 130
    return 1

