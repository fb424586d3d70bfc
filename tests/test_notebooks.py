"""The authoring notebooks under notebooks/ run from top to bottom without an error (DESIGN.md §9),
on a backup of the demo data the suite builds, saving what they declare into a trial project."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
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


def trial_project(folder: Path) -> Path:
    """A trial project folder standing in for the real one: a copy of the workflows package
    (first on the kernel's PYTHONPATH, so a notebook saving into workflows/ writes here) and the
    test helpers a saved workflow's test uses."""
    shutil.copytree(ROOT / "workflows", folder / "workflows",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "tests").mkdir()
    for helper in ("__init__.py", "registry_support.py"):
        shutil.copy(ROOT / "tests" / helper, folder / "tests" / helper)
    return folder


@pytest.fixture(scope="module")
def ran(kernels, demo_data, tmp_path_factory):
    """run(path) executes a notebook once per module, top to bottom, on a backup of the suite's
    demo data and with a trial project of its own; it returns that project folder."""
    done = {}

    def run(path: Path) -> Path:
        if path not in done:
            project = trial_project(tmp_path_factory.mktemp("project"))
            with pytest.MonkeyPatch.context() as monkeypatch:
                execute(nbformat.read(path, as_version=4), kernels, monkeypatch, project,
                        demo_data)
            done[path] = project
        return done[path]

    return run


def on_path(folder) -> dict:
    """The environment with folder first on PYTHONPATH (its workflows package wins)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}


def execute(notebook, kernels, monkeypatch, project=None, data=None):
    """Run every cell in a fresh kernel of the project's interpreter; the first exception in a
    cell raises CellExecutionError with the cell and its traceback. Warnings in the kernel only
    print, as they do in Jupyter. The kernel sees project's workflows package and, as the data
    folder the notebooks back up, data."""
    monkeypatch.setenv("JUPYTER_PATH", str(kernels))      # where Jupyter looks for specs first
    if project is not None:
        monkeypatch.setenv("PYTHONPATH", on_path(project)["PYTHONPATH"])
    if data is not None:
        monkeypatch.setenv("MEIDE_DATA", str(data))
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
def test_notebook_runs_without_errors(path, ran):
    ran(path)


def listed_workflows(cwd: Path, env=None) -> str:
    """What `meide workflows` prints in a fresh process started in cwd (which `-m` puts first
    on sys.path): what a `meide serve` restarted there offers."""
    result = subprocess.run([sys.executable, "-m", "meide.cli", "workflows"], capture_output=True,
                            text=True, cwd=cwd, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_declared_workflow_is_saved_into_workflows_and_found_by_a_fresh_process(ran):
    project = ran(NOTEBOOKS / "declare_a_workflow.ipynb")
    saved = project / "workflows" / "courtyard.py"
    assert "class Courtyard(Workflow):" in saved.read_text("utf-8")
    assert (project / "templates" / "courtyard" / "notice.html").exists()
    assert (project / "tests" / "test_workflow_courtyard.py").exists()
    assert "courtyard\t最美庭院评选\t" in listed_workflows(project, on_path(project))
    # The project itself is untouched: without the trial folder no process finds the workflow.
    assert not (ROOT / "workflows" / "courtyard.py").exists()
    assert "courtyard" not in listed_workflows(ROOT)
