"""`meide workflows` lists what a restarted server offers; `meide notebook` serves notebooks/."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from meide.cli.authoring import NOTEBOOKS
from meide.kernel import catalog

from .browser import free_port

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120.0       # seconds for JupyterLab to answer on a busy machine
STOP_TIMEOUT = 10.0


def meide(*args, **options):
    return subprocess.run([sys.executable, "-m", "meide.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, **options)


def test_workflows_lists_every_declared_workflow_with_its_title():
    result = meide("workflows")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    # A fresh process knows the workflows package's modules (not what other tests declared).
    assert [(row[0], row[1]) for row in rows] == [
        (cls.slug, cls.title) for cls in catalog.all_workflows()
        if cls.__module__.startswith("workflows.")]


def test_the_notebook_command_has_help_and_names_its_options():
    result = meide("notebook", "--help")
    assert result.returncode == 0
    assert all(option in result.stdout for option in ("--data", "--port", "--token"))


def _get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.read()


@pytest.fixture
def notebook_server(tmp_path):
    """`meide notebook` on 127.0.0.1, a free port and a token, HOME in a temp folder (no one's
    Jupyter settings read or written); stopped after the test."""
    port, token = free_port(), "meide-test-token"
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local"),
           "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "jupyter.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "meide.cli", "notebook", "--data", str(tmp_path / "data"),
             "--port", str(port), "--no-browser", "--token", token, "--",
             "--ServerApp.port_retries=0"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while process.poll() is None and time.monotonic() < deadline:
            try:
                _get(f"{base}/api/status", token)
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        else:
            pytest.fail(f"meide notebook did not answer (exit code {process.poll()}):\n"
                        f"{log.read_text('utf-8', 'replace')[-3000:]}", pytrace=False)
        yield base, token
    finally:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


def test_the_notebook_server_serves_the_authoring_notebooks(notebook_server):
    base, token = notebook_server
    status, body = _get(f"{base}/api/contents/", token)
    listed = {item["name"]: item["type"] for item in json.loads(body)["content"]}
    expected = {path.name for path in NOTEBOOKS.glob("*.ipynb")}
    assert expected >= {"declare_a_workflow.ipynb", "tune_a_rule.ipynb"}
    assert {name: listed.get(name) for name in expected} == {name: "notebook" for name in expected}
    status, body = _get(f"{base}/api/contents/declare_a_workflow.ipynb", token)
    assert "meide backup" in json.dumps(json.loads(body)["content"], ensure_ascii=False)
    status, page = _get(f"{base}/lab", token)             # JupyterLab itself, not only a server
    assert status == 200 and b"JupyterLab" in page


def test_the_notebook_server_refuses_requests_without_the_token(notebook_server):
    base, _ = notebook_server
    with pytest.raises(urllib.error.HTTPError) as refused:
        _get(f"{base}/api/contents/", "a wrong token")
    refused.value.close()           # the error holds the response open
    assert refused.value.code == 403
