"""Dashboard figures: computed per scope from the ledger, the registry and the supermarket."""

import datetime as dt
import io

import openpyxl
import pytest

import store
from meide import clock
from meide.reports.dashboard import Dashboard, last_months, workbook
from meide.scope import Scope
from meide.demo.people import build_demo
from meide.demo.year import build_year
from meide.engine import Engine
from meide.periods import Period

END = dt.datetime(2026, 10, 1, 9, tzinfo=clock.TIMEZONE)
Q3 = Period(2026, 3).bounds


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    opened = store.open_store(tmp_path_factory.mktemp("dashboard"))
    build_demo(opened, residents=300, seed=4)
    services = Engine(opened).services
    build_year(opened, services, 3000, seed=4, end=END)
    yield services
    opened.close()


def _community(services, name):
    return services.registry.communities.named(name).doc_id


def test_participation_counts_residents_who_earned_in_the_quarter(services):
    table = Dashboard(services, Scope()).participation(*Q3)
    docs = services.ledger.store.table("ledger").all()
    low, high = Q3[0].isoformat(), Q3[1].isoformat()
    earners = {}
    for doc in docs:
        if doc["kind"] == "resident" and low <= doc["at"][:10] < high and doc["points"] > 0 \
                and doc["op"] == "award":
            earners.setdefault(doc["community"], set()).add(doc["account"])
    by_name = {row[0]: row for row in table.rows}
    for community_id, accounts in earners.items():
        name = services.registry.communities.get(community_id)["name"]
        # Reversals can take a resident back to zero; never add one who earned nothing.
        assert by_name[name][1] <= len(accounts)
        assert by_name[name][1] >= len(accounts) - sum(1 for d in docs if d["op"] == "reverse")
    assert sum(row[2] for row in table.rows) == len(services.registry.residents.list(None))


def test_a_community_scope_sees_its_grids_and_nothing_else(services):
    beimen = _community(services, "北门社区")
    whole = Dashboard(services, Scope())
    mine = Dashboard(services, Scope(community=beimen))
    months = last_months(12, dt.date(2026, 9, 30))
    assert [row[0] for row in whole.participation(*Q3).rows] == [
        "北门社区", "翰林街社区", "铁塔寺社区", "关帝庙社区"]
    grids = [row[0] for row in mine.participation(*Q3).rows]
    assert grids and all("网格" in name for name in grids)
    # The community's monthly points are its column of the subdistrict's table.
    column = whole.points_by_month(months).headers.index("北门社区")
    beimen_months = [row[column] for row in whole.points_by_month(months).rows]
    assert [sum(row[1:]) for row in mine.points_by_month(months).rows] == beimen_months
    assert sum(beimen_months) > 0


def test_volunteer_hours_are_the_quantities_of_per_hour_rules(services):
    docs = services.ledger.store.table("ledger").all()
    low, high = Q3[0].isoformat(), Q3[1].isoformat()
    expected = sum(float(d["quantity"]) * (-1 if d["op"] == "reverse" else 1) for d in docs
                   if d.get("rule") in ("VOLUNTEER_HOUR", "CLEANUP_HOUR", "BM_GRID_WATCH")
                   and low <= (d.get("reversed_at") or d["at"])[:10] < high)
    table = Dashboard(services, Scope()).volunteer_hours(*Q3)
    assert sum(row[1] for row in table.rows) == pytest.approx(expected)
    assert expected > 0


def test_categories_add_up_to_the_points_earned(services):
    dashboard = Dashboard(services, Scope())
    categories = dashboard.categories(*Q3, top=50)
    expected = {}
    for profile, points in services.ledger.totals.columns.sums(*Q3).items():
        expected[profile[6]] = expected.get(profile[6], 0) + points
    # Categories that earned; deduction categories (楼道公约) net negative and are left out.
    assert dict(categories.rows) == {c: p for c, p in expected.items() if p > 0}
    assert expected["楼道公约"] < 0
    assert [row[1] for row in categories.rows] == sorted((row[1] for row in categories.rows),
                                                         reverse=True)


def test_the_export_holds_the_numbers_of_every_table(services):
    tables = Dashboard(services, Scope()).tables(*Q3, last_months(12, dt.date(2026, 9, 30)))
    book = openpyxl.load_workbook(io.BytesIO(workbook(tables, "古槐街道 2026年第三季度")))
    assert book.sheetnames == [table.title for table in tables]
    participation = book["Participation"]
    assert participation["A1"].value == "古槐街道 2026年第三季度"
    assert [c.value for c in participation[2]] == list(tables[0].headers)
    assert [tuple(c.value for c in row) for row in participation.iter_rows(min_row=3)] == \
        [tuple(row) for row in tables[0].rows]


def test_last_months_run_up_to_the_given_month():
    assert last_months(3, dt.date(2026, 2, 10)) == [Period.month(2025, 12), Period.month(2026, 1),
                                                     Period.month(2026, 2)]


def test_star_merchants_count_plaques_in_force_within_the_scope(services):
    from meide.rating.plaques import Plaques
    plaques = Plaques(services.ledger.store)
    beimen = _community(services, "北门社区")
    merchants = services.registry.merchants.list(None)
    inside = [m for m in merchants if m["community"] == beimen][:2]
    outside = next(m for m in merchants if m["community"] != beimen)
    issued = []
    with clock.frozen(END):
        for merchant, stars in ((inside[0], 4), (inside[1], 4), (outside, 5)):
            issued.append(plaques.issue(
                subject_kind="merchant", subject_id=merchant.doc_id, subject_name=merchant["name"],
                card="merchant", title="诚信商户", stars=stars, total=88.0,
                valid_from=END.date(), valid_until=END.date() + dt.timedelta(days=365),
                actor="test", scope={"community": merchant["community"],
                                     "grid": merchant.get("grid")}))
        plaques.remove(issued[1]["code"], reason="查实欺诈", actor="test")
        whole = dict(Dashboard(services, Scope()).merchant_stars().rows)
        mine = dict(Dashboard(services, Scope(community=beimen)).merchant_stars().rows)
    assert whole["★★★★"] == 1 and whole["★★★★★"] == 1      # the removed plaque is not counted
    assert mine["★★★★"] == 1 and mine["★★★★★"] == 0


def test_the_figures_follow_each_new_entry(tmp_path):
    opened = store.open_store(tmp_path / "fresh")
    build_demo(opened, residents=40, seed=7)
    services = Engine(opened).services
    dashboard = Dashboard(services, Scope())
    months = last_months(3, dt.date(2026, 9, 30))
    resident = next(doc for doc in services.registry.residents.list(None) if not doc.get("minor"))
    account = services.account("resident", resident.doc_id)
    place = services.registry.communities.get(resident["community"])["name"]
    with clock.frozen(dt.datetime(2026, 8, 3, 10, tzinfo=clock.TIMEZONE)):
        before = dashboard.tables(*Q3, months)
        assert before[0].rows and all(row[1] == 0 for row in before[0].rows)
        assert before[1].rows == (("2026-07",), ("2026-08",), ("2026-09",))
        services.ledger.award(account, "VOLUNTEER_HOUR", quantity=1.5, reason="清扫楼道",
                              source="activity:1", actor="test", key="fresh:1")
        after = dashboard.tables(*Q3, months)
        services.ledger.award(account, "VOLUNTEER_HOUR", quantity=2, reason="清扫楼道",
                              source="activity:2", actor="test", key="fresh:2")
        latest = dashboard.tables(*Q3, months)
    assert dict((row[0], row[1]) for row in after[0].rows)[place] == 1
    assert after[1].headers == ("Month", place) and after[1].rows[1] == ("2026-08", 3)
    assert after[2].rows == (("志愿服务", 3),) and after[3].rows == ((place, 1.5),)
    assert latest[1].rows[1] == ("2026-08", 7) and latest[3].rows == ((place, 3.5),)
    opened.close()


def test_the_stock_is_per_community_with_the_same_goods_added_up(tmp_path):
    from meide.supermarket import Supermarket
    opened = store.open_store(tmp_path / "shelves")
    build_demo(opened, residents=20, seed=3)
    services = Engine(opened).services
    market = Supermarket(opened, services.ledger, services.registry)
    beimen, hanlin = _community(services, "北门社区"), _community(services, "翰林街社区")
    for community, stock in ((beimen, 3), (beimen, 4), (hanlin, 5), (None, 9)):
        market.goods.add(name="食用油", points=50, stock=stock, community=community, actor="t")
    retired = market.goods.add(name="挂面", points=10, stock=1, community=beimen, actor="t")
    market.goods.update(retired, actor="t", active=False)
    whole = Dashboard(services, Scope()).stock()
    assert whole.headers == ("Community", "Goods", "In stock", "Price in points")
    assert set(whole.rows) == {("北门社区", "食用油", 7, 50), ("翰林街社区", "食用油", 5, 50),
                               ("—", "食用油", 9, 50)}
    assert [row[2] for row in whole.rows] == sorted(row[2] for row in whole.rows)
    grid = services.registry.grids.list(Scope(community=beimen))[0]
    mine = Dashboard(services, Scope(community=beimen, grid=grid.doc_id)).stock()
    assert {row[0] for row in mine.rows} == {"北门社区", "—"}
    opened.close()


def test_the_months_of_a_period_stop_at_today():
    with clock.frozen(dt.datetime(2026, 11, 20, 10, tzinfo=clock.TIMEZONE)):
        from meide.reports.dashboard import months_of
        assert months_of(*Period(2026, 3).bounds) == [Period.month(2026, m) for m in (7, 8, 9)]
        assert months_of(*Period(2026, 4).bounds) == [Period.month(2026, 10),
                                                       Period.month(2026, 11)]


def test_the_tables_of_a_quarter_draw_its_months(services):
    with clock.frozen(END):
        tables = Dashboard(services, Scope()).tables(*Q3)
    assert [row[0] for row in tables[1].rows] == ["2026-07", "2026-08", "2026-09"]


def test_the_figures_are_the_sums_the_tables_show(services):
    dashboard = Dashboard(services, Scope())
    tables = {t.title: t for t in dashboard.tables(*Q3, [])}
    figures = dashboard.figures(*Q3)
    assert figures == dashboard.figures(*Q3, tables=list(tables.values()))
    assert figures["points"] == sum(row[1] for row in dashboard.categories(*Q3, top=99).rows)
    assert figures["hours"] == pytest.approx(sum(row[1] for row in tables["Volunteer hours"].rows))
    assert figures["redeemed"] == sum(row[2] for row in tables["Goods redeemed"].rows)
    assert figures["participants"] == sum(row[1] for row in tables["Participation"].rows) > 0
