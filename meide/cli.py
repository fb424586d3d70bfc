"""The `meide` command: serve the apps and look after a data folder."""

import argparse
import os
import sys
from pathlib import Path

import store

from . import runtime

APPS = Path(__file__).resolve().parent.parent / "apps"


def _serve(args):
    folder = Path(args.data or runtime.data_folder())
    if args.demo and not (folder / "snapshot.json").exists() and not any(folder.glob("journal-*")):
        from .demo import build_demo
        with store.open_store(folder) as opened:
            build_demo(opened)
        print(f"demo data created in {folder}")
    os.environ[runtime.DATA_ENV] = str(folder.resolve())
    command = ["panel", "serve", *sorted(str(p) for p in APPS.glob("*.py")),
               "--address", args.address, "--port", str(args.port),
               "--allow-websocket-origin", f"{args.address}:{args.port}",
               "--allow-websocket-origin", f"localhost:{args.port}", "--index", "console"]
    print(f"Meide is at http://localhost:{args.port}/console (data: {folder})", flush=True)
    os.execvp(sys.executable, [sys.executable, "-m", "panel", *command[1:]])


def _check(args):
    with store.open_store(args.data or runtime.data_folder(), readonly=True) as opened:
        report = opened.check()
    for name, count in sorted(report.tables.items()):
        print(f"{name}: {count}")
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 0 if report.ok else 1


def _backup(args):
    with store.open_store(args.data or runtime.data_folder(), readonly=True) as opened:
        manifest = opened.backup(args.dest)
    print(f"backup written to {args.dest} (up to change {manifest['seq']})")


def _restore(args):
    aside = store.restore(args.backup, args.data or runtime.data_folder())
    print("restored" + (f"; the previous data is kept in {aside}" if aside else ""))


def build_parser():
    parser = argparse.ArgumentParser(prog="meide", description="美德信用 Meide")
    parser.add_argument("--data", help="data folder (default: $MEIDE_DATA or ./data/demo)")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the apps with panel serve")
    serve.add_argument("--demo", action="store_true", help="create demo data on first run")
    serve.add_argument("--port", type=int, default=5006)
    serve.add_argument("--address", default="localhost")
    serve.set_defaults(run=_serve)
    check = commands.add_parser("check", help="verify a data folder's files and indexes")
    check.set_defaults(run=_check)
    backup = commands.add_parser("backup", help="write a consistent backup to a new folder")
    backup.add_argument("dest")
    backup.set_defaults(run=_backup)
    restore = commands.add_parser("restore", help="bring a backup back into the data folder")
    restore.add_argument("backup")
    restore.set_defaults(run=_restore)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except store.StoreError as exc:
        print(f"meide: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
