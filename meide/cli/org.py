"""`meide org`: list the organisation tree, add, rename and retire its places, name 网格员 and 楼长."""

from pathlib import Path

import store

from ..registry.org_changes import KIND_LABELS
from ..registry.org_tree import tree
from .registry import _registry

KIND_HELP = "层级：community 社区 / grid 网格 / estate 小区 / building 楼栋 / unit 单元"


def cmd_org(args, folder: Path):
    with store.open_store(folder) as opened:
        registry = _registry(opened, args)
        org = registry.org
        kind, community = getattr(args, "kind", None), getattr(args, "community", None)
        if args.action == "list":
            _print_tree(registry, community)
        elif args.action == "add":
            if kind == "community":
                org.add_community(args.name)
            elif kind == "grid":
                org.add_grid(community, args.name)
            elif kind == "estate":
                org.add_estate(community, args.name)
            elif kind == "building":
                units = [u for u in (args.units or "").replace("，", ",").split(",") if u.strip()]
                org.add_building(community, args.name, args.grid, estate=args.estate,
                                 units=units or None)
            else:
                org.add_unit(args.building, args.name, community=community)
            print(f"已添加{KIND_LABELS[kind]}“{args.name}”")
        elif args.action == "rename":
            if kind == "unit":
                org.rename_unit(args.building, args.name, args.new_name, community=community)
            else:
                org.rename(kind, args.name, args.new_name, community=community)
            print(f"{KIND_LABELS[kind]}“{args.name}”已改名为“{args.new_name}”")
        elif args.action == "retire":
            if kind == "unit":
                org.retire_unit(args.building, args.name, to=args.to, community=community)
            else:
                org.retire(kind, args.name, to=args.to, community=community)
            print(f"{KIND_LABELS[kind]}“{args.name}”已撤销" + (f"，迁入{args.to}" if args.to else ""))
        elif args.action == "set-worker":
            org.set_grid_worker(args.grid, args.username, community=community)
            print(f"{args.grid}的网格员：{args.username or '（无）'}")
        else:
            org.set_building_leader(args.building, args.resident, community=community)
            print(f"{args.building}的楼长：{args.resident or '（无）'}")


def _print_tree(registry, community):
    scope = registry.scope_named(community) if community else None
    for node in tree(registry, scope):
        print(node.doc["name"])
        for grid, count in node.grids:
            worker = f"\t网格员：{grid['worker']}" if grid.get("worker") else ""
            print(f"  网格 {grid['name']}\t{count}栋楼{worker}")
        for estate, buildings in node.estates.items():
            print(f"  小区 {estate}" if estate else "  （无小区）")
            for b in buildings:
                leader = f"\t楼长：{b.leader}" if b.leader else ""
                print(f"    {b.doc['name']}\t{b.grid}\t{'、'.join(b.units)}\t{b.households}户"
                      f"{leader}")


def add_parsers(commands, common):
    """Register `meide org …` on the `meide` parser."""
    org = commands.add_parser("org", parents=[common], help="查看、调整组织架构（社区、网格、小区、楼栋、单元）")
    actions = org.add_subparsers(dest="action", required=True)
    place = dict(choices=list(KIND_LABELS), help=KIND_HELP)
    parsers = {
        "list": actions.add_parser("list", parents=[common], help="列出组织架构"),
        "add": actions.add_parser("add", parents=[common], help="添加社区、网格、小区、楼栋或单元"),
        "rename": actions.add_parser("rename", parents=[common], help="改名"),
        "retire": actions.add_parser("retire", parents=[common],
                                     help="撤销；有居民等需用 --to 指明迁入位置"),
        "set-worker": actions.add_parser("set-worker", parents=[common],
                                         help="设定网格的网格员（须是该网格的网格员账号）"),
        "set-leader": actions.add_parser("set-leader", parents=[common],
                                         help="设定楼栋的楼长（须是本楼居民）"),
    }
    for action in ("add", "rename", "retire"):
        parsers[action].add_argument("kind", **place)
        parsers[action].add_argument("name", help="名称（单元如 2单元）")
    parsers["add"].add_argument("--grid", help="楼栋所在网格")
    parsers["add"].add_argument("--estate", help="楼栋所在小区")
    parsers["add"].add_argument("--units", help="楼栋的单元，逗号分隔（默认 1单元）")
    parsers["rename"].add_argument("new_name", help="新名称")
    parsers["retire"].add_argument("--to", help="迁入位置：同级的另一处（楼栋、网格、小区、社区或单元）")
    parsers["set-worker"].add_argument("grid", help="网格")
    parsers["set-worker"].add_argument("username", nargs="?", default=None,
                                       help="网格员账号（不给则清除）")
    parsers["set-leader"].add_argument("building", help="楼栋")
    parsers["set-leader"].add_argument("resident", nargs="?", default=None,
                                       help="居民姓名或编号（不给则清除）")
    for name, parser in parsers.items():
        parser.add_argument("--community", help="所在社区（列出时：只列此社区）")
        parser.add_argument("--user", help="以此账号操作（按其管辖范围，并记入审计）")
        if name in ("add", "rename", "retire"):
            parser.add_argument("--building", help="单元所在楼栋（层级为 unit 时）")
    org.set_defaults(run=cmd_org)
