"""Stock movements (库存变动): one record per restock, correction, cancellation or initial stock."""

from ..points.periods import now_stamp

MOVES = "supermarket_stock_moves"
# Where restocked goods came from: given (捐赠), bought by the programme (采购), or brought by a
# sponsoring merchant (商户送货). Only gifts and deliveries count as a sponsor's contribution.
SOURCES = {"donation": "捐赠", "purchase": "采购", "delivery": "商户送货"}
GIVEN = ("donation", "delivery")


def movement(goods_id, goods, quantity, kind, actor, sponsor, reason, source=None) -> dict:
    """The movement record of quantity (negative: taken off) of goods, by actor, for reason."""
    return {"goods": int(goods_id), "name": goods["name"], "quantity": quantity, "kind": kind,
            "points": goods["points"], "sponsor": sponsor, "reason": reason,
            "actor": str(actor), "at": now_stamp(), "community": goods.get("community"),
            "source": source}
