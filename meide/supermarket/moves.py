"""Stock movements (库存变动): one record per restock, correction, cancellation or initial stock."""

from ..points.periods import now_stamp

MOVES = "supermarket_stock_moves"


def movement(goods_id, goods, quantity, kind, actor, sponsor, reason) -> dict:
    """The movement record of quantity (negative: taken off) of goods, by actor, for reason."""
    return {"goods": int(goods_id), "name": goods["name"], "quantity": quantity, "kind": kind,
            "points": goods["points"], "sponsor": sponsor, "reason": reason,
            "actor": str(actor), "at": now_stamp(), "community": goods.get("community")}
