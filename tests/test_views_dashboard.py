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


def _charts(page) -> dict:
    """{chart title: (x labels, [values of each line or the bars])} as the page draws them."""
    drawn = {}
    for pane in page.__panel__().select(pn.pane.Bokeh):
        chart = pane.object
        renderers = [r for r in chart.renderers if hasattr(r, "data_source")]
        data = [r.data_source.data for r in renderers]
        if "label" in data[0]:
            drawn[chart.title.text] = (list(data[0]["label"]), [list(data[0]["value"])])
        else:
            drawn[chart.title.text] = (list(chart.x_range.factors), [list(d["y"]) for d in data])
    return drawn


def _sheets(page) -> dict:
    book = openpyxl.load_workbook(page._workbook())
    return {name: [[cell.value for cell in row] for row in book[name].iter_rows()]
            for name in book.sheetnames}


# Each chart's title, the sheet holding its numbers, and the columns it draws.
CHARTS = (("参与率(%)", "参与率", 3), ("积分类别", "积分类别", 1),
          ("志愿服务时长(小时)", "志愿服务时长(小时)", 1), ("星级商户", "星级商户", 1))


@pytest.mark.parametrize("period", [Period(2026, 4), Period(2026, 3), Period(2026, 1)])
def test_every_chart_and_its_sheet_cover_the_quarter_chosen(services, period):
    page = DashboardPage(services=services, actor=_actor(services, "jiedao"))
    page.choice.value = period
    charts, sheets = _charts(page), _sheets(page)
    assert all(rows[0][0] == "美德信用 · " + period.label for rows in sheets.values())
    # The monthly chart and its sheet: the quarter's months (so far), and nothing else.
    months = [m.key for m in (Period.month(period.year, (period.number - 1) * 3 + n)
                              for n in range(1, 4)) if m.start <= NOW.date()]
    labels, lines = charts["各月积分"]
    monthly = sheets["各月积分"]
    assert labels == months == [row[0] for row in monthly[2:]]
    assert lines == [[row[column] for row in monthly[2:]]
                     for column in range(1, len(monthly[1]))]
    # The other charts draw their sheet's rows, computed over the quarter's bounds.
    dashboard = page._dashboard()
    start, end = period.bounds
    expected = {"参与率": dashboard.participation(start, end),
                "积分类别": dashboard.categories(start, end),
                "志愿服务时长(小时)": dashboard.volunteer_hours(start, end),
                "星级商户": dashboard.merchant_stars(min(period.last_day, NOW.date()))}
    for title, sheet, column in CHARTS:
        rows = sheets[sheet][2:]
        assert charts[title] == ([str(row[0]) for row in rows], [[row[column] for row in rows]])
        assert rows == [list(row) for row in expected[sheet].rows]
    assert sheets["兑换商品"][2:] == [list(row) for row in dashboard.redemptions(start, end).rows]


def test_the_stock_table_names_each_community(services):
    page = DashboardPage(services=services, actor=_actor(services, "jiedao"))
    rows = _sheets(page)["当前库存"]
    assert rows[1] == ["社区", "商品", "库存", "积分价"]
    places = {row[0] for row in rows[2:]}
    assert {"北门社区", "翰林街社区"} <= places
    pairs = [(row[0], row[1]) for row in rows[2:]]
    assert len(pairs) == len(set(pairs))           # one row per community and goods
    mine = _sheets(DashboardPage(services=services, actor=_actor(services, "beimen")))["当前库存"]
    assert {row[0] for row in mine[2:]} == {"北门社区"}
