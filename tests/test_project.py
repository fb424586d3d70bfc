"""Project-level rules: declared dependencies agree, and imports respect the layers (DESIGN.md §2)."""

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def _spec(requirement: str) -> str:
    return requirement.replace(" ", "").lower()


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    declared = project["dependencies"] + extras["test"] + extras["notebook"]
    conda, section = [], None
    for line in (ROOT / "environment.yml").read_text().splitlines():
        item = line.strip()
        if not line.startswith(" "):
            section = line.split(":")[0]
        elif section == "dependencies" and item.startswith("- ") and item[2:] not in (
                "pip", "pip:", "-e .") and not item.startswith("- python="):
            conda.append(item[2:])
    assert sorted(map(_spec, conda)) == sorted(map(_spec, declared))


def _run(code: str):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)


def test_store_imports_neither_panel_param_nor_meide():
    result = _run("import sys, store; print(sorted(m for m in ('panel', 'param', 'meide') "
                  "if m in sys.modules))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_engine_and_workflows_do_not_import_panel():
    code = (
        "import sys, pkgutil, importlib, meide, workflows\n"
        "for package in (meide, workflows):\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        # __main__ modules run their command when imported (python -m meide.cli).
        "        if not info.name.startswith('meide.views') and not info.name.endswith('__main__'):\n"
        "            importlib.import_module(info.name)\n"
        "print('panel' in sys.modules, 'bokeh' in sys.modules)\n"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"


def _python_files_outside_store():
    for folder in ("meide", "workflows", "apps", "notebooks"):
        yield from (ROOT / folder).rglob("*.py")


@pytest.mark.parametrize("path", sorted(_python_files_outside_store()), ids=str)
def test_nothing_outside_store_imports_tinydb(path):
    tree = ast.parse(path.read_text("utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert "tinydb" not in imported, f"{path} imports tinydb; go through the store package"
