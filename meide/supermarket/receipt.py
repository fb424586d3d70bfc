"""The receipt (兑换凭证) of an order: the data meide.printing's 'receipt' document prints."""

import re

from ..points import periods
from ..printing import printer
from .errors import OrderNotFound

SIZES = ("80mm", "A5")
FOOTER = "美德信用 · 积分只兑不换，请妥善保存本凭证"


def number(order) -> str:
    """'DH-20261012-0042': the order's day and id, what the clerk reads out."""
    return f"DH-{order['day'].replace('-', '')}-{order.doc_id:04d}"


# What a clerk types or scans: DH-20261012-0042, with or without the dashes, any case.
NUMBER = re.compile(r"^\s*DH-?(\d{4})(\d{2})(\d{2})-?(\d+)\s*$", re.IGNORECASE)


def find(redemptions, text: str):
    """The order a receipt number names, within the clerk's scope; OrderNotFound for a number
    that is malformed or whose day is not the order's."""
    matched = NUMBER.match(str(text or ""))
    if matched is None:
        raise OrderNotFound(str(text or "").strip())
    year, month, day, order_id = matched.groups()
    order = redemptions.order_in_scope(int(order_id))
    if order["day"] != f"{year}-{month}-{day}":
        raise OrderNotFound(str(text).strip())
    return order


def receipt_data(order, *, shop: str, operator: str, phone: str = "") -> dict:
    at = periods.moment(order["at"])
    whose = order["name"]
    if order.get("guardian"):
        whose += f"（监护人 {order['guardian']['name']}）"
    after = order.get("balance_after", 0)
    return {"shop": shop, "number": number(order),
            "at_text": f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}",
            "resident": {"name": whose, "phone": phone},
            "items": [{"name": line["name"], "quantity": line["quantity"],
                       "points": line["points"]} for line in order["lines"]],
            "balance_before": after + order["total"], "balance_after": after,
            "operator": operator, "footer": FOOTER, "final": True}


def receipt_html(order, *, size: str = "80mm", templates=None, **details) -> str:
    """The receipt's HTML; templates: the staff-edited ones (EditableTemplates), if any."""
    return printer.render("receipt", receipt_data(order, **details), "html", size=size,
                          templates=templates).content


def receipt_pdf(order, *, size: str = "80mm", templates=None, **details) -> bytes:
    """The receipt's PDF; templates as receipt_html."""
    return printer.render("receipt", receipt_data(order, **details), "pdf", size=size,
                          templates=templates).content


def shop_name(registry, community) -> str:
    """'北门社区信用超市' for the clerk's community, '信用超市' without one."""
    if community is None:
        return "信用超市"
    try:
        return f"{registry.communities.get(community)['name']}信用超市"
    except Exception:       # noqa: BLE001 - a deleted community still gets a receipt
        return "信用超市"
