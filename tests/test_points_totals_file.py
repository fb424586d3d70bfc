"""The ledger's saved totals are data that cannot run code: an old pickled file is removed unread,
the totals rebuilt from the ledger, and nothing in Meide unpickles anything."""

import ast
import logging
import pickle
from pathlib import Path

import pytest

import store
from meide.points import Catalogue, Ledger, saved_totals
from tests.test_points_saved_totals import _rebuilt, _state, built, folder  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


class _RunsCode:
    """Unpickling this writes a file: what an attacker's pickle would do, harmlessly."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "unpickled"))


def _plant_old_file(folder) -> Path:
    marker = Path(folder).parent / "code-ran"
    (Path(folder) / saved_totals.OLD_FILE).write_bytes(pickle.dumps({
        "format": 1, "count": 10 ** 6, "spendable": _RunsCode(marker)}))
    return marker


def test_an_old_pickled_file_is_removed_unread_and_the_totals_rebuilt(folder, caplog):
    marker = _plant_old_file(folder)
    with caplog.at_level(logging.WARNING, logger=saved_totals.__name__):
        with store.open_store(folder) as opened:
            ledger = Ledger(opened, Catalogue(opened))
            assert ledger._saved_count == 0                  # rebuilt, not loaded
            assert _state(ledger.totals) == _rebuilt(opened)
            assert ledger.save_totals()
    assert not marker.exists()
    assert not (folder / saved_totals.OLD_FILE).exists()
    (logged,) = [r.getMessage() for r in caplog.records if saved_totals.OLD_FILE in r.getMessage()]
    assert "without reading it" in logged
    with store.open_store(folder) as opened:                 # the new file from now on
        assert Ledger(opened, Catalogue(opened))._saved_count == _rebuilt(opened)[5]


def test_a_readonly_open_leaves_the_old_file_and_never_reads_it(folder):
    marker = _plant_old_file(folder)
    with store.open_store(folder, readonly=True) as opened:
        ledger = Ledger(opened, Catalogue(opened))
        assert ledger._saved_count == 0 and _state(ledger.totals) == _rebuilt(opened)
    assert not marker.exists() and (folder / saved_totals.OLD_FILE).exists()


def test_the_saved_file_is_a_json_header_and_its_checked_parts(folder):
    with store.open_store(folder) as opened:
        ledger = Ledger(opened, Catalogue(opened))
        ledger.save_totals()
        state = saved_totals.read(saved_totals.path_in(folder))
        totals = ledger.totals
        assert state["caps"] == totals.caps._latest and state["profiles"] == totals.columns.profiles
        assert state["reversed_by"] == totals.reversed_by and state["tail"] == totals.tail
    data = saved_totals.path_in(folder).read_bytes()
    assert data.startswith(b'{"format":"meide-ledger-totals","version":2,')
    assert saved_totals.path_in(folder).stat().st_mode & 0o077 == 0     # owner only


@pytest.mark.parametrize("path", sorted(p for top in ("meide", "store", "apps", "workflows")
                                        for p in (ROOT / top).rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_in_meide_unpickles(path):
    if path.relative_to(ROOT).as_posix() == "meide/printing/confined.py":
        # The template worker unpickles only what its own parent sends over a private pipe,
        # never a file: nothing on disk is read with pickle.
        return
    tree = ast.parse(path.read_text("utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in (node.names if isinstance(node, ast.Import) else
                              [ast.alias(node.module or "")])}
    assert not imported & {"pickle", "cPickle", "_pickle", "dill", "shelve", "marshal"}, path
