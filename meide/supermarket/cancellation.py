"""Cancellation (撤销): a same-day order's ledger entry is reversed and its goods restocked."""

from ..audit import REFUSED
from ..points.periods import now_stamp
from . import receipt
from .errors import CancelNotAllowed
from .redemption import ORDERS


def cancel(redemptions, order_id, *, actor, reason):
    """Reverse the order's entry, put its goods back and mark it cancelled, in one transaction.

    Allowed on the day of the order only, from any counter session of staff whose scope covers
    the order; cancelling twice returns the cancelled order. A refusal is audited.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CancelNotAllowed("撤销兑换必须写明原因(如: 居民改换其他商品)。")
    redemptions.order_in_scope(order_id)        # refused (and audited) outside the transaction
    try:
        return _cancel(redemptions, order_id, actor=actor, reason=reason)
    except CancelNotAllowed as exc:
        redemptions.registry.audit.record(actor, REFUSED, ORDERS, order_id, note=str(exc))
        raise


def _cancel(redemptions, order_id, *, actor, reason):
    store_ = redemptions.store
    with store_.transaction():
        order = redemptions.order(order_id)
        if order["status"] == "cancelled":
            return order
        today = now_stamp()[:10]
        if order["day"] != today:
            raise CancelNotAllowed(f"兑换单 {receipt.number(order)} 是 {order['day']} 的，"
                                   "只能撤销当天的兑换。如有问题请走申诉流程冲正。")
        reversal = redemptions.ledger.reverse(order["entry"], reason=f"撤销兑换: {reason}",
                                              actor=str(actor), key=f"cancel:{order.doc_id}",
                                              source=f"supermarket:{order['key']}")
        for line in order["lines"]:
            redemptions.stock.put_back(line["goods"], line["quantity"], actor=actor,
                                       reason=f"撤销第 {order.doc_id} 号兑换单")
        changes = {"status": "cancelled", "cancelled_at": now_stamp(),
                   "cancelled_by": str(actor), "cancel_reason": reason,
                   "reversal": reversal.id}
        redemptions.orders.update(changes, doc_ids=[order.doc_id])
        redemptions.registry.audit.record(actor, "cancel", ORDERS, order.doc_id,
                                          {"status": "done"}, {"status": "cancelled"},
                                          note=reason)
        return redemptions.order(order.doc_id)
