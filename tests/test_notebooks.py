"""The authoring notebooks under notebooks/ run from top to bottom without an error (DESIGN.md §9)."""

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "meide-python"
CELL_TIMEOUT = 300      # seconds for one cell; a whole notebook takes well under a minute


@pytest.fixture(scope="module")
def kernels(tmp_path_factory):
    """A folder holding one kernel spec that runs this interpreter (the project's virtualenv),
    so a notebook never runs on whatever other Python a machine's Jupyter knows as python3."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Meide (project virtualenv)", "language": "python"}))
    return folder


def test_the_authoring_notebooks_are_there():
    assert {"declare_a_workflow.ipynb", "tune_a_rule.ipynb"} <= {path.name for path in PATHS}


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_notebook_is_saved_without_outputs(path):
    # Outputs and execution counts make every diff noisy; clear them before committing.
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, \
                f"{path.name}: cell {number} has outputs; clear them before saving"


def execute(notebook, kernels, monkeypatch):
    """Run every cell in a fresh kernel of the project's interpreter; the first exception in a
    cell raises CellExecutionError with the cell and its traceback. Warnings in the kernel only
    print, as they do in Jupyter."""
    monkeypatch.setenv("JUPYTER_PATH", str(kernels))      # where Jupyter looks for specs first
    client = NotebookClient(notebook, kernel_name=KERNEL, timeout=CELL_TIMEOUT,
                            allow_errors=False, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return notebook


def test_notebooks_run_on_the_project_interpreter_and_kernel_warnings_only_print(
        kernels, monkeypatch):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, warnings\nwarnings.warn('only printed')\nprint(sys.executable)")])
    outputs = execute(notebook, kernels, monkeypatch).cells[0].outputs
    printed = {output.name: output.text for output in outputs if output.output_type == "stream"}
    assert printed["stdout"].strip() == sys.executable
    assert "only printed" in printed["stderr"]


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_notebook_runs_without_errors(path, kernels, monkeypatch):
    execute(nbformat.read(path, as_version=4), kernels, monkeypatch)
