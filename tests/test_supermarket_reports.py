"""Reports: daily and monthly redemptions, stock with low-stock alerts, sponsors, Excel."""

import datetime as dt
import io

from openpyxl import load_workbook

from meide import clock
from meide.supermarket import reports

from .supermarket_support import NOW, new_key, world  # noqa: F401


def redeem_some(world):
    world.give(world.zhang, 200)
    world.give(world.li, 200)
    world.market.redeem(world.zhang, {world.soap: 2}, actor="clerk1", key=new_key())
    cancelled = world.market.redeem(world.li, {world.soap: 1, world.towel: 1}, actor="clerk1",
                                    key=new_key())
    world.market.cancel(cancelled.doc_id, actor="clerk1", reason="换货")
    world.market.redeem(world.li, {world.towel: 1}, actor="clerk1", key=new_key())
    with clock.frozen(NOW + dt.timedelta(days=1)):
        world.market.redeem(world.zhang, {world.soap: 3}, actor="clerk1", key=new_key())


def test_daily_and_monthly_redemptions_leave_out_cancelled_orders(world):
    redeem_some(world)
    day = reports.daily(world.store, NOW.date())
    assert (day["orders"], day["points"], day["residents"]) == (2, 35, 2)
    assert [(r["name"], r["quantity"]) for r in day["rows"]] == [("洗衣皂", 2), ("毛巾", 1)]
    month = reports.monthly(world.store, 2026, 10)
    assert month["orders"] == 3 and month["points"] == 65
    assert reports.monthly(world.store, 2026, 9)["orders"] == 0


def test_low_stock_alerts_list_goods_at_or_below_their_line(world):
    redeem_some(world)
    alerts = reports.low_stock(world.market.goods)
    assert [(row["name"], row["stock"]) for row in alerts] == [("毛巾", 0)]
    levels = {row["name"]: row for row in reports.stock_levels(world.market.goods)}
    assert levels["洗衣皂"]["stock"] == 15 and not levels["洗衣皂"]["low"]


def test_sponsor_contributions_count_initial_stock_and_restocks(world):
    world.market.stock.restock(world.soap, 10, actor="admin")
    world.market.stock.restock(world.towel, 4, actor="admin", sponsor=("unit", world.school))
    rows = reports.sponsor_contributions(world.store)
    assert [(r["name"], r["quantity"], r["points"]) for r in rows] == [
        ("便民超市", 30, 300), ("北门小学", 4, 60)]


def test_the_excel_export_has_a_sheet_per_report(world):
    redeem_some(world)
    data = reports.workbook(world.store, world.market.goods, day=NOW.date(), year=2026, month=10)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["当日兑换", "当月兑换", "库存", "赞助方贡献"]
    assert list(book["当月兑换"].iter_rows(values_only=True))[-1] == ("合计", 6, 65, 3)
    assert ("毛巾", 15, 0, 5, "库存不足", None) in list(book["库存"].iter_rows(values_only=True))


def test_an_export_is_audited(world):
    world.market.export(actor="clerk1", day=NOW.date(), year=2026, month=10)
    entry = world.registry.audit.entries(action="export")[-1]
    assert entry["actor"] == "clerk1" and entry["table"] == "supermarket_reports"
