"""Sponsor statements (赞助方对账单): what each merchant or unit gave, and what of it was redeemed."""

import io

import store

from ..points import periods
from .moves import MOVES
from .redemption import ORDERS

KIND_WORDS = {"merchant": "商户", "unit": "单位"}


def _in_community(doc, community) -> bool:
    return community is None or doc.get("community") in (community, None)


def statements(opened_store, community=None, start=None, end=None) -> list:
    """Per sponsor: {'kind', 'id', 'name', 'given', 'given_points', 'redeemed',
    'redeemed_points', 'rows'}, a row per goods ({'goods', 'name', 'given', 'redeemed',
    'points'}); gifts counted from the stock moves, redemptions from done orders of the goods the
    sponsor gave, between start and end (dates; None: open)."""
    low = periods.stamp(start) if start is not None else ""
    high = periods.stamp(end) if end is not None else "\uffff"
    sponsors: dict = {}
    given_by: dict = {}
    for move in opened_store.table(MOVES).all():
        sponsor = move.get("sponsor")
        if move["kind"] not in ("initial", "restock") or not sponsor \
                or not low <= move["at"] < high or not _in_community(move, community):
            continue
        key = (sponsor["kind"], sponsor["id"])
        entry = sponsors.setdefault(key, {"kind": sponsor["kind"], "id": sponsor["id"],
                                          "name": sponsor["name"], "rows": {}})
        row = entry["rows"].setdefault(move["goods"], {"goods": move["goods"],
                                                       "name": move["name"], "given": 0,
                                                       "redeemed": 0, "points": move["points"]})
        row["given"] += move["quantity"]
        given_by.setdefault(move["goods"], key)
    for order in opened_store.table(ORDERS).search(store.where("status") == "done"):
        if not low <= order["at"] < high or not _in_community(order, community):
            continue
        for line in order["lines"]:
            key = given_by.get(line["goods"])
            if key is not None:
                sponsors[key]["rows"][line["goods"]]["redeemed"] += line["quantity"]
    result = []
    for entry in sponsors.values():
        rows = sorted(entry["rows"].values(), key=lambda row: row["goods"])
        result.append({**entry, "rows": rows,
                       "given": sum(row["given"] for row in rows),
                       "given_points": sum(row["given"] * row["points"] for row in rows),
                       "redeemed": sum(row["redeemed"] for row in rows),
                       "redeemed_points": sum(row["redeemed"] * row["points"] for row in rows)})
    return sorted(result, key=lambda entry: (-entry["given_points"], entry["name"]))


def workbook(found: list) -> bytes:
    """The statements as an .xlsx: a summary sheet and a sheet of every sponsor's goods."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = "赞助方汇总"
    summary.append(["赞助方", "类型", "捐赠件数", "折合积分", "已兑换件数", "已兑换积分"])
    details = book.create_sheet("商品明细")
    details.append(["赞助方", "商品", "捐赠件数", "已兑换件数", "单价(积分)"])
    for entry in found:
        summary.append([entry["name"], KIND_WORDS.get(entry["kind"], ""), entry["given"],
                        entry["given_points"], entry["redeemed"], entry["redeemed_points"]])
        for row in entry["rows"]:
            details.append([entry["name"], row["name"], row["given"], row["redeemed"],
                            row["points"]])
    for sheet in (summary, details):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
