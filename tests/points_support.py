"""Shared fixtures for the points tests: a store, the demo catalogue, a ledger and some accounts."""

import datetime as dt

import pytest

import store
from meide import clock
from meide.points import Account, Catalogue, Ledger, default_catalogue

# 北门社区 is "1" and 关帝庙社区 "4"; both adapt the subdistrict's catalogue.
COMMUNITIES = {"北门社区": "1", "翰林街社区": "2", "铁塔寺社区": "3", "关帝庙社区": "4"}
START = dt.datetime(2026, 5, 4, 10, 0)      # a Monday in the second quarter

ALICE = Account("resident", "1", community="2", grid="21", household="201", building="31")
BOB = Account("resident", "2", community="2", grid="21", household="201", building="31")
CAROL = Account("resident", "3", community="3", grid="32", household="301", building="41")
DAVE = Account("resident", "4", community="1", grid="11", household="101", building="11")
CHILD = Account("resident", "5", community="4", grid="41", household="401", building="51",
                is_child=True)
SHOP = Account("merchant", "7", community="3", grid="32")
HOUSE = Account("household", "201", community="2", grid="21", building="31")
BLOCK = Account("building", "31", community="2", grid="21")


@pytest.fixture
def frozen_clock():
    with clock.frozen(START):
        yield


@pytest.fixture
def opened(tmp_path):
    handle = store.open_store(tmp_path / "store")
    yield handle
    handle.close()


@pytest.fixture
def catalogue(opened, frozen_clock):
    return default_catalogue.install(Catalogue(opened), communities=COMMUNITIES)


@pytest.fixture
def ledger(opened, catalogue):
    return Ledger(opened, catalogue)


def award(ledger, account, rule="NEIGHBOUR_HELP", key=None, **kwargs):
    """An award with the routine details filled in (key defaults to a fresh one)."""
    award.counter += 1
    kwargs.setdefault("reason", "测试")
    kwargs.setdefault("actor", "staff:1")
    kwargs.setdefault("source", "test:1")
    return ledger.award(account, rule, key=key or f"auto:{award.counter}", **kwargs)


award.counter = 0


def reopen(opened, **ledger_kwargs):
    """Close the store and open it again with a fresh catalogue and ledger."""
    path = opened.path
    opened.close()
    again = store.open_store(path)
    return again, Ledger(again, Catalogue(again), **ledger_kwargs)
