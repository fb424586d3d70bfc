"""The process wiring: one runner, one ticker, and signed-in usernames mapped to actors."""

import pytest

from meide import runtime
from meide.registry import Registry, Scope


@pytest.fixture
def process(tmp_path, monkeypatch):
    """A fresh process state over a temporary data folder."""
    monkeypatch.setenv(runtime.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.setattr(runtime, "_engine", None)
    monkeypatch.setattr(runtime, "_ticker", None)
    yield runtime.get_store()
    runtime._engine.close()


@pytest.fixture
def staff(process):
    registry = Registry(process)
    subdistrict = registry.subdistricts.add(name="古槐街道")
    community = registry.communities.add(name="北门社区", subdistrict=subdistrict)
    registry.staff.add("officer1", "社区干部甲", "password123", ["社区管理员"],
                       Scope(subdistrict, community))
    registry.staff.add("admin1", "街道管理员甲", "password123", ["街道管理员"], Scope(subdistrict))
    registry.staff.add("gone1", "已停用", "password123", ["社区管理员"],
                       Scope(subdistrict, community), disabled=True)
    return {"subdistrict": subdistrict, "community": community}


def test_a_staff_account_becomes_an_actor_with_its_roles_and_scope(staff):
    officer = runtime.actor_for("officer1")
    assert (officer.username, officer.name, officer.roles) == ("officer1", "社区干部甲",
                                                                frozenset({"社区管理员"}))
    assert (officer.community, officer.grid) == (staff["community"], None)
    assert runtime.actor_for("admin1").community is None          # the whole subdistrict


def test_unknown_or_disabled_accounts_act_as_nobody(staff):
    assert runtime.actor_for("stranger") is None
    assert runtime.actor_for("gone1") is None
    assert runtime.actor_for("") is None


def test_one_engine_per_process_over_the_data_folder(process, tmp_path):
    engine = runtime.get_engine()
    assert runtime.get_engine() is engine and engine.store is process
    assert process.path == tmp_path / "data"
    assert runtime.get_runner() is engine.runner and engine.runner.services is engine.services
    assert runtime.get_registry() is engine.registry and engine.services.ledger is engine.ledger


def test_the_ticker_is_made_once(process, monkeypatch):
    monkeypatch.setenv(runtime.TICK_ENV, "0.5")
    ticker = runtime.get_ticker()
    assert runtime.get_ticker() is ticker and ticker.interval == 0.5
    assert ticker.tick_once() == [] and ticker.ticks == 1       # nothing due in a new folder


def test_the_ticker_is_scheduled_once_however_many_sessions_ask(process, caplog):
    import panel as pn

    from tests.test_ticker import on_own_loop

    from meide.views import scheduler

    async def sessions():
        scheduler.keep_ticking()
        scheduler.keep_ticking()
        pn.state.cancel_task(scheduler.TICK_TASK)
        with pytest.raises(KeyError):
            pn.state.cancel_task(scheduler.TICK_TASK)      # there was only one
    on_own_loop(sessions())
    assert "separate task" not in caplog.text
