"""Per-resident limits per period (每人每天/周/月/年限兑): how many a resident already took."""

import datetime as dt


def period_key(at_stamp: str, period: str) -> str:
    """The period an order stamp falls in: '2026-10-01', '2026-W40', '2026-10' or '2026'."""
    if period == "day":
        return at_stamp[:10]
    if period == "week":
        year, week, _ = dt.date.fromisoformat(at_stamp[:10]).isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return at_stamp[:7]
    return at_stamp[:4]


def used(orders, goods_id: int, period: str, now_stamp: str) -> int:
    """Pieces of goods_id in the resident's orders of the current period (cancelled left out)."""
    current = period_key(now_stamp, period)
    return sum(line["quantity"] for order in orders if order.get("status") == "done"
               and period_key(order["at"], period) == current
               for line in order["lines"] if line["goods"] == goods_id)
