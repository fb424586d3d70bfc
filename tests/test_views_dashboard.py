"""The dashboard page: key numbers and charts for the actor's scope, the quarter switch, export."""

import datetime as dt

import openpyxl
import panel as pn
import pytest

import store
from meide import clock
from meide.demo.people import build_demo
from meide.demo.year import build_year
from meide.engine import Engine
from meide.kernel.permissions import actor_from_staff
from meide.periods import Period
from meide.views.dashboard import DashboardPage

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=clock.TIMEZONE)


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    opened = store.open_store(tmp_path_factory.mktemp("dashboard-view"))
    build_demo(opened, residents=200, seed=8)
    services = Engine(opened).services
    build_year(opened, services, 1500, seed=8, end=NOW)
    with clock.frozen(NOW):
        yield services
    opened.close()


def _actor(services, username):
    return actor_from_staff(services.registry.staff.by_username(username))


def _numbers(page) -> dict:
    return {n.label: n.value for n in page.__panel__().select(pn.indicators.Number)}


def test_the_quarters_offered_are_the_current_and_the_three_before(services):
    with clock.frozen(NOW):
        page = DashboardPage(services=services, actor=_actor(services, "jiedao"))
    assert page.param.period.objects == [Period(2026, 4), Period(2026, 3), Period(2026, 2),
                                         Period(2026, 1)]
    assert list(page.choice.options) == ["2026年第四季度", "2026年第三季度", "2026年第二季度",
                                         "2026年第一季度"]


def test_a_grid_worker_sees_figures_of_the_grid_only(services):
    whole = DashboardPage(services=services, actor=_actor(services, "jiedao"))
    grid = DashboardPage(services=services, actor=_actor(services, "wangge"))
    assert _numbers(grid)["获得积分"] < _numbers(whole)["获得积分"]
    charts = grid.__panel__().select(pn.pane.Bokeh)
    labels = {label for chart in charts for label in getattr(chart.object.x_range, "factors", [])}
    assert "第一网格" in labels and "北门社区" not in labels and "翰林街社区" not in labels


def test_switching_the_quarter_redraws_the_figures(services):
    page = DashboardPage(services=services, actor=_actor(services, "jiedao"))
    current = _numbers(page)["获得积分"]
    page.choice.value = Period(2026, 3)
    earlier = _numbers(page)["获得积分"]
    assert page.period == Period(2026, 3) and earlier != current and earlier > 0


def test_the_download_holds_the_figures_shown(services):
    page = DashboardPage(services=services, actor=_actor(services, "beimen"))
    book = openpyxl.load_workbook(page._workbook())
    assert "参与率" in book.sheetnames and "志愿服务时长(小时)" in book.sheetnames
    hours = sum(row[1].value for row in book["志愿服务时长(小时)"].iter_rows(min_row=3))
    assert hours == _numbers(page)["志愿服务时长(小时)"]
