"""Reports (报表): daily and monthly redemptions, stock and low-stock alerts, sponsors, Excel."""

import datetime as dt
import io

import store

from ..periods import Period
from ..points import periods
from .redemption import ORDERS
from .moves import MOVES


def _days(prefix: str) -> list:
    """'2026-10-01' -> itself; '2026-10' -> every day of October (each an indexed lookup)."""
    if len(prefix) == 10:
        return [prefix]
    start, end = Period.parse(prefix).bounds
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days)]


def _orders(opened_store, prefix: str, community=None) -> list:
    orders = opened_store.table(ORDERS)
    docs = [doc for day in _days(prefix) for doc in orders.search(store.where("day") == day)]
    return [doc for doc in docs if doc.get("status") == "done"
            and (community is None or doc.get("community") == community)]


def redemptions(opened_store, prefix: str, community=None) -> dict:
    """Redemptions of a day ('2026-10-01') or month ('2026-10'): totals and a row per goods."""
    docs = _orders(opened_store, prefix, community)
    rows: dict = {}
    for order in docs:
        for line in order["lines"]:
            row = rows.setdefault(line["goods"], {"goods": line["goods"], "name": line["name"],
                                                  "quantity": 0, "points": 0, "orders": 0})
            row["quantity"] += line["quantity"]
            row["points"] += line["points"] * line["quantity"]
            row["orders"] += 1
    return {"period": prefix, "orders": len(docs), "points": sum(o["total"] for o in docs),
            "residents": len({o["resident"] for o in docs}),
            "rows": sorted(rows.values(), key=lambda row: (-row["quantity"], row["goods"]))}


def daily(opened_store, day, community=None) -> dict:
    return redemptions(opened_store, periods.stamp(day)[:10], community)


def monthly(opened_store, year: int, month: int, community=None) -> dict:
    return redemptions(opened_store, f"{year:04d}-{month:02d}", community)


def stock_levels(goods_book, community=None) -> list:
    """A row per goods with its stock and whether it is at or below its low-stock line."""
    return [{"goods": doc.doc_id, "name": doc["name"], "points": doc["points"],
             "stock": doc["stock"], "low_stock": doc.get("low_stock", 0),
             "low": doc["stock"] <= doc.get("low_stock", 0), "active": doc.get("active", True),
             "sponsor": (doc.get("sponsor") or {}).get("name", ""),
             "category": doc.get("category", ""), "shelf": doc.get("shelf", "")}
            for doc in goods_book.list(community)]


def low_stock(goods_book, community=None) -> list:
    """The low-stock alerts: active goods at or below their line, emptiest first; each row
    {'goods', 'name', 'points', 'stock', 'low_stock', 'low', 'active', 'sponsor', 'category',
    'shelf'}. community: a community's id (its goods and the shared ones), None: all."""
    return sorted((row for row in stock_levels(goods_book, community)
                   if row["low"] and row["active"]), key=lambda row: (row["stock"], row["goods"]))


def sponsor_contributions(opened_store, start=None, end=None, community=None) -> list:
    """Per sponsor: pieces donated (initial stock and restocks) and their value in points."""
    low = periods.stamp(start) if start is not None else ""
    high = periods.stamp(end) if end is not None else "\uffff"
    rows: dict = {}
    for move in opened_store.table(MOVES).all():
        sponsor = move.get("sponsor")
        if move["kind"] not in ("initial", "restock") or not sponsor \
                or not low <= move["at"] < high \
                or (community is not None and move.get("community") not in (community, None)):
            continue
        row = rows.setdefault((sponsor["kind"], sponsor["id"]), {
            "kind": sponsor["kind"], "id": sponsor["id"], "name": sponsor["name"],
            "quantity": 0, "points": 0, "goods": set()})
        row["quantity"] += move["quantity"]
        row["points"] += move["quantity"] * move["points"]
        row["goods"].add(move["name"])
    result = []
    for row in sorted(rows.values(), key=lambda row: (-row["points"], row["name"])):
        row["goods"] = "、".join(sorted(row["goods"]))
        result.append(row)
    return result


def workbook(opened_store, goods_book, *, day, year: int, month: int, community=None) -> bytes:
    """An .xlsx with the day's and month's redemptions, stock levels and sponsor contributions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets = []
    for title, report in (("当日兑换", daily(opened_store, day, community)),
                          ("当月兑换", monthly(opened_store, year, month, community))):
        rows = [[row["name"], row["quantity"], row["points"], row["orders"]]
                for row in report["rows"]]
        rows.append(["合计", sum(r["quantity"] for r in report["rows"]), report["points"],
                     report["orders"]])
        sheets.append((title, ["商品", "数量", "积分", "兑换单数"], rows))
    sheets.append(("库存", ["商品", "兑换积分", "库存", "提醒线", "状态", "赞助方"],
                   [[r["name"], r["points"], r["stock"], r["low_stock"],
                     "库存不足" if r["low"] else "正常", r["sponsor"]]
                    for r in stock_levels(goods_book, community)]))
    sheets.append(("赞助方贡献", ["赞助方", "类型", "捐赠件数", "折合积分", "商品"],
                   [[r["name"], "商户" if r["kind"] == "merchant" else "单位", r["quantity"],
                     r["points"], r["goods"]]
                    for r in sponsor_contributions(opened_store, community=community)]))
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
