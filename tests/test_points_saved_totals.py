"""Saved running totals: a reopened ledger equals a rebuilt one, whatever happened to the file."""

import datetime as dt
import shutil

import pytest

import store
from meide import clock
from meide.demo.people import build_demo
from meide.demo.year import build_year
from meide.engine import Engine
from meide.points import Catalogue, Ledger, RollUp, saved_totals
from meide.points.balances import RunningTotals

END = dt.datetime(2026, 9, 1, 12, tzinfo=clock.TIMEZONE)


def _state(totals: RunningTotals) -> tuple:
    columns = totals.columns
    return (totals.spendable, totals.earned, totals.rolled, totals.reversed_by,
            totals.caps._latest, totals.count, totals.tail, list(columns.at),
            list(columns.points), [columns.profiles[n] for n in columns.profile])


def _rebuilt(opened) -> tuple:
    totals = RunningTotals(RollUp())
    totals.rebuild(opened.table("ledger"))
    return _state(totals)


def _ledger(opened) -> Ledger:
    return Ledger(opened, Catalogue(opened))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("saved-totals") / "data"
    with store.open_store(path) as opened:
        build_demo(opened, residents=120, seed=3)
        services = Engine(opened).services
        build_year(opened, services, 1200, seed=3, end=END)
    return path


@pytest.fixture()
def folder(built, tmp_path):
    """A copy of the built folder for one test (the tests change it)."""
    copy = tmp_path / "data"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("LOCK"))
    return copy


def test_a_saved_ledger_opens_to_the_same_totals_and_keeps_counting(folder):
    with store.open_store(folder) as opened:
        assert _ledger(opened).save_totals()
    assert saved_totals.path_in(folder).exists()
    with store.open_store(folder) as opened:
        services = Engine(opened).services
        # Entries added after the save are caught up on the next open.
        build_year(opened, services, 300, seed=4, end=END + dt.timedelta(days=30))
    with store.open_store(folder) as opened:
        ledger = _ledger(opened)
        assert ledger._saved_count == 1200            # loaded, not rebuilt
        assert _state(ledger.totals) == _rebuilt(opened)
        assert ledger.totals.count == 1500


@pytest.mark.parametrize("damage", ["garbage", "one_byte", "cut_short", "other_history",
                                    "longer", "wrong_format"])
def test_a_file_that_does_not_fit_the_table_is_ignored(folder, damage):
    with store.open_store(folder) as opened:
        totals = _ledger(opened).totals
        saved_totals.save(totals, folder)
        path = saved_totals.path_in(folder)
        data = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"not a totals file")
        elif damage == "one_byte":
            path.write_bytes(data[:-5] + bytes([data[-5] ^ 0x01]) + data[-4:])
        elif damage == "cut_short":
            path.write_bytes(data[:-1])
        elif damage == "wrong_format":
            header, rest = data.split(b"\n", 1)
            path.write_bytes(header.replace(b'"version":2', b'"version":0') + b"\n" + rest)
        else:
            if damage == "other_history":
                totals.tail = (totals.tail[0], "someone-else's-key")
            else:
                totals.count += 10
            totals.spendable["resident:1"] = 10 ** 6     # would show if the file were used
            saved_totals.save(totals, folder)
    with store.open_store(folder) as opened:
        ledger = _ledger(opened)
        assert ledger._saved_count == 0
        assert _state(ledger.totals) == _rebuilt(opened)


def test_saving_every_n_entries_waits_for_n(folder):
    with store.open_store(folder) as opened:
        ledger = _ledger(opened)
        assert ledger.save_totals(every=1000)          # 1,200 new since nothing was saved
        assert not ledger.save_totals(every=1000)      # none since
        assert not saved_totals.path_in(folder).with_suffix(".bin.tmp").exists()


def test_a_readonly_open_uses_the_file_but_never_writes_it(folder):
    with store.open_store(folder) as opened:
        _ledger(opened).save_totals()
    before = saved_totals.path_in(folder).stat().st_mtime_ns
    with store.open_store(folder, readonly=True) as opened:
        ledger = _ledger(opened)
        assert ledger._saved_count == 1200 and not ledger.save_totals()
    assert saved_totals.path_in(folder).stat().st_mtime_ns == before
