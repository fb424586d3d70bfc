"""The points package keeps to its floor (DESIGN.md §2) and its style (§9)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "meide" / "points"
MODULES = sorted(PACKAGE.glob("*.py"))
ALLOWED_MEIDE = {"meide", "meide.clock", "meide.registry"}
FORBIDDEN = {"panel", "param", "bokeh", "tinydb"}


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_points_imports_only_the_store_the_clock_and_lower_floors(path):
    for name in _imports(path):
        top = name.split(".")[0]
        assert top not in FORBIDDEN, f"{path.name} imports {name}"
        if top == "meide":
            assert name in ALLOWED_MEIDE or name.startswith("meide.registry"), (
                f"{path.name} imports {name}, a higher floor")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_points_modules_are_small_and_say_what_they_are(path):
    text = path.read_text("utf-8")
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring and docstring.splitlines()[0].strip()
    assert len(text.splitlines()) <= 300


def test_importing_points_does_not_import_panel():
    code = "import sys, meide.points; print('panel' in sys.modules, 'param' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"
