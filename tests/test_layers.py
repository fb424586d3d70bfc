"""The layers of the code: every import (function-level too) goes down or sideways, never up, and
no modules import each other in a circle.

LAYERS lists the floors bottom first; a module belongs to the longest prefix listed. A module may
import its own floor and the floors below it. Within a floor imports may go any way, so long as
they form no circle (checked over every module of meide/, store/ and workflows/).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "meide", "workflows")

LAYERS = [
    # helpers every floor may use: persistence, the clock, masking, names, rendering, the audit log
    ("store", "meide.clock", "meide.privacy", "meide.names", "meide.errors", "meide.periods",
     "meide.scope", "meide.audit", "meide.printing", "meide.i18n"),
    ("meide.registry",),
    ("meide.points",),
    ("meide.kernel",),
    # programme packages, one per part of the programme
    ("meide.recognition", "meide.rating", "meide.stairwells", "meide.volunteer",
     "meide.supermarket", "meide.children"),
    ("meide.reports",),
    ("workflows",),
    ("meide.engine",),
    ("meide.demo", "meide.runtime", "meide.ticker"),
    ("meide.views", "meide.cli"),
]


def _floor_of(module: str) -> int:
    if module == "meide":               # the package itself: a docstring and a version
        return 0
    best, floor = "", None
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, floor = prefix, number
    return floor


def _modules() -> dict:
    """{module name: path} of every module of the project's import packages."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, known: dict) -> set:
    """The project modules that module name imports anywhere in its text, functions included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[:len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            # `from package import module` imports the module, not only the package.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target.split(".")[0] in PACKAGES)
    found.discard(name)
    return found


MODULES = _modules()
GRAPH = {name: _imports(name, path, MODULES) for name, path in MODULES.items()}


def test_every_module_has_a_floor():
    assert [name for name in MODULES if _floor_of(name) is None] == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_or_sideways(name):
    floor = _floor_of(name)
    upward = sorted(target for target in GRAPH[name] if (_floor_of(target) or 0) > floor)
    assert upward == [], f"{name} (floor {floor}) imports a higher floor: {upward}"


def _cycles(graph: dict) -> list:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other_in_a_circle():
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_imports_inside_functions_are_read(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def later():\n    from ..views import console\n    import meide.cli\n")
    found = _imports("meide.points.late", module, MODULES)
    assert found == {"meide.views.console", "meide.cli"}
    assert _floor_of("meide.points.late") < _floor_of("meide.views.console")


def test_the_readme_names_every_part_of_meide_and_only_parts_that_exist():
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("## What is here", 1)[1].split("\n## ", 1)[0]
    named = {cell.strip("`") for row in table.splitlines() if row.startswith("| ")
             for cell in row.split(" | ")[1].split(", ") if cell.startswith("`")}
    parts = {f"meide/{path.name}/" for path in (ROOT / "meide").iterdir()
             if (path / "__init__.py").exists()}
    parts |= {f"meide/{path.name}" for path in (ROOT / "meide").glob("*.py")
              if path.name != "__init__.py"}
    assert parts - named == set(), "parts of meide/ the README's table leaves out"
    assert {name for name in named if not (ROOT / name).exists()} == set()
