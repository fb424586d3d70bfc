"""The points page: a resident's balance and entries, the quarter's ranking, both in scope."""

import datetime as dt

import pytest

import store
from meide import clock
from meide.demo.people import build_demo
from meide.demo.year import build_year
from meide.engine import Engine
from meide.kernel.permissions import actor_from_staff
from meide.views.points_page import PointsPage

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=clock.TIMEZONE)


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    opened = store.open_store(tmp_path_factory.mktemp("points-page"))
    build_demo(opened, residents=200, seed=8)
    services = Engine(opened).services
    build_year(opened, services, 2000, seed=8, end=NOW)
    with clock.frozen(NOW):
        yield services
    opened.close()


def _page(services, username):
    return PointsPage(services=services,
                      actor=actor_from_staff(services.registry.staff.by_username(username)))


def _cells(view):
    return [str(getattr(item, "object", "")) for item in view.select()]


def test_a_residents_balance_and_latest_entries(services):
    page = _page(services, "beimen")
    key, balance = max(((k, b) for k, b in services.ledger.balances().items()
                        if k.startswith("resident:")
                        and services.registry.residents.get(int(k[9:]))["community"] ==
                        services.registry.communities.named("北门社区").doc_id),
                       key=lambda item: item[1])
    page.picker.value = int(key[9:])
    text = "\n".join(_cells(page._resident))
    earned = services.ledger.total(key)
    assert f"可用积分 {balance} 分，累计获得 {earned} 分。" in text
    latest = services.ledger.statement(key).lines[-1]
    assert latest.reason in text


def test_the_ranking_of_a_grid_worker_holds_only_their_grid(services):
    page = _page(services, "wangge")
    grid = page.actor.grid
    names_in_grid = {d["name"] for d in services.registry.residents.list(None, grid=grid)}
    table = "\n".join(_cells(page._ranking))
    others = {d["name"] for d in services.registry.residents.list(None) if d["grid"] != grid
              and d["name"] not in names_in_grid}
    assert any(name in table for name in names_in_grid)
    assert not any(f">{name}（" in table for name in others)


def test_a_child_shows_the_integrity_index_level_and_guardian(services):
    from meide.children import integrity_index
    page = _page(services, "jiedao")
    child = next(d for d in services.registry.residents.list(None)
                 if d.get("minor") and d.get("guardian") is not None)
    page.picker.value = child.doc_id
    text = "\n".join(_cells(page._resident))
    index = integrity_index(services.registry, services.ledger, child.doc_id)
    guardian = services.registry.residents.get(child["guardian"])["name"]
    assert f"家园小卫士诚信指数：{index['level']}" in text
    assert f"监护人：{guardian}" in text
    adult = next(d for d in services.registry.residents.list(None) if not d.get("minor"))
    page.picker.value = adult.doc_id
    assert "诚信指数" not in "\n".join(_cells(page._resident))
