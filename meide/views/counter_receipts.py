"""Today's receipts at the counter: reprinted, or cancelled the same day from any session."""

import io

import panel as pn
import param

from .. import clock
from ..errors import MeideError
from ..i18n import _
from ..printing.editable import EditableTemplates
from ..supermarket import receipt as receipts
from . import display
from .file_names import file_name


def receipt_details(market, actor, order) -> dict:
    """What a receipt prints besides the order: the shop, the clerk who made the sale (on a
    reprint too), the (masked) phone."""
    phone = ""
    try:
        phone = market.registry.residents.get(order["resident"]).get("phone", "")
    except MeideError:
        pass
    return {"shop": receipts.shop_name(market.registry, actor.community),
            "operator": operator_name(market, actor, order), "phone": phone,
            "templates": EditableTemplates(market.store)}


def operator_name(market, actor, order) -> str:
    """The name of the clerk who made the order: the signed-in one's, or the account's display
    name (its username if the account is gone or outside the reader's scope)."""
    if order.get("actor") in (None, actor.username):
        return actor.name
    try:
        return market.registry.staff.by_username(order["actor"]).get("display_name") or \
            order["actor"]
    except MeideError:
        return order["actor"]


def receipt_pdf(market, actor, order, size: str) -> bytes:
    """The order's receipt as a PDF laid out for size (80mm or A5)."""
    return receipts.receipt_pdf(order, size=size, **receipt_details(market, actor, order))


def cancel(market, actor, order_id, reason) -> tuple:
    """Cancel an order for the clerk: (message, its kind, whether it was cancelled)."""
    try:
        order = market.cancel(order_id, actor=actor.username, reason=reason)
    except MeideError as exc:
        return str(exc), "warning", False
    return (_("Receipt {number} was cancelled: points returned and goods restocked.").format(
        number=receipts.number(order)), "success", True)


class TodaysReceipts(pn.viewable.Viewer):
    """The day's redemptions the clerk's scope covers, read afresh from the store: another
    session's sale can be reprinted or cancelled here. A receipt number finds older ones."""

    market = param.Parameter(doc="The Supermarket, over a registry acting as the clerk.")
    actor = param.Parameter(doc="The signed-in Actor: the cancelling clerk, named on reprints.")
    chosen = param.Integer(default=None, allow_None=True,
                           doc="The order picked for cancelling or found by its number.")
    size = param.Selector(default=receipts.SIZES[0], objects=list(receipts.SIZES),
                          doc="The paper reprints are laid out for.")
    on_change = param.Callable(default=None, doc="Called with the order id after a "
                                                 "cancellation (the counter redraws).")
    message = param.String(default="", doc="The last outcome shown to the clerk.")
    message_kind = param.String(default="info", doc="success, warning or danger.")

    def __init__(self, **params):
        super().__init__(**params)
        self.number_box = pn.widgets.TextInput(label=_("Receipt number"), width=260,
                                               placeholder="DH-20261012-0042")
        self.find_button = pn.widgets.Button(label=_("Find"), width=90)
        self.find_button.on_click(lambda event: self.find(self.number_box.value))
        self.refresh_button = pn.widgets.Button(label=_("Refresh"), width=90)
        self.refresh_button.on_click(lambda event: self.refresh())
        self.size_choice = pn.widgets.RadioButtonGroup(options=list(receipts.SIZES),
                                                       value=self.size)
        self.size_choice.param.watch(lambda event: setattr(self, "size", event.new), "value")
        self.reason_box = pn.widgets.TextInput(label=_("Reason for cancelling"), width=320)
        self.confirm_button = pn.widgets.Button(label=_("Cancel this redemption"),
                                                color="danger", width=200)
        self.confirm_button.on_click(lambda event: self.cancel())
        self.reprints: dict = {}        # order id → its reprint download
        self.cancel_buttons: dict = {}  # order id → the button choosing it for cancelling
        self._rows = pn.Column(sizing_mode="stretch_width")
        self._chosen = pn.Column(sizing_mode="stretch_width")
        self._message = pn.Column(sizing_mode="stretch_width")
        self._view = pn.Column(
            pn.Row(self.number_box, self.find_button, self.refresh_button, self.size_choice,
                   align="end"),
            self._message, self._chosen, display.heading(_("Today's receipts"), 3), self._rows,
            sizing_mode="stretch_width")
        self.refresh()

    def orders(self) -> list:
        """Today's orders in the clerk's scope, newest first."""
        return list(reversed(self.market.orders_of_day(clock.today().isoformat())))

    def _reprint(self, order) -> pn.widgets.FileDownload:
        return pn.widgets.FileDownload(
            callback=lambda: io.BytesIO(receipt_pdf(self.market, self.actor,
                                                    self.market.order(order.doc_id), self.size)),
            filename=file_name(_("Receipt"), receipts.number(order), self.size, ext="pdf"),
            label=_("Reprint"), embed=False, width=90)

    def _words(self, order) -> str:
        goods = ", ".join(f"{line['name']} × {line['quantity']}" for line in order["lines"])
        words = _("{number} · {time} · {name} · {goods} · {points} points").format(
            number=receipts.number(order), time=order["at"][11:16], name=order["name"],
            goods=goods, points=order["total"])
        if order.get("guardian"):
            words += " · " + _("guardian {name}").format(name=order["guardian"]["name"])
        if order["status"] == "cancelled":
            words += " · " + _("cancelled")
        return words

    @param.depends("size", watch=True)
    def refresh(self):
        """Read today's orders again and redraw the list (and the chosen order)."""
        self.reprints, self.cancel_buttons, rows = {}, {}, []
        for order in self.orders():
            self.reprints[order.doc_id] = self._reprint(order)
            parts = [display.text(self._words(order)), self.reprints[order.doc_id]]
            if order["status"] == "done":
                button = pn.widgets.Button(label=_("Cancel…"), width=90)
                button.on_click(lambda event, oid=order.doc_id: setattr(self, "chosen", oid))
                self.cancel_buttons[order.doc_id] = button
                parts.append(button)
            rows.append(pn.Row(*parts))
        self._rows.objects = rows or [display.text(_("No redemptions yet today."))]
        self._draw_chosen()

    def find(self, number: str):
        """Choose the order a receipt number names (any day, within the clerk's scope)."""
        try:
            self.chosen = self.market.find_receipt(number).doc_id
        except MeideError as exc:
            self._say(str(exc), "warning")
            return
        self._say("", "info")

    @param.depends("chosen", watch=True)
    def _draw_chosen(self):
        if self.chosen is None:
            self._chosen.objects = []
            return
        order = self.market.order(self.chosen)
        parts = [display.heading(_("Receipt {number}").format(number=receipts.number(order)), 4),
                 pn.Row(display.text(self._words(order)), self._reprint(order))]
        if order["status"] == "cancelled":
            parts.append(display.text(_("This redemption was cancelled.")))
        elif order["day"] != clock.today().isoformat():
            parts.append(display.alert(
                _("This receipt is of {day}: only a redemption of today can be cancelled at the "
                  "counter. A mistake found later is corrected through an appeal.").format(
                    day=display.day(order["day"])), "warning"))
        else:
            parts.append(pn.Row(self.reason_box, self.confirm_button, align="end"))
        self._chosen.objects = parts

    def cancel(self):
        """Cancel the chosen order with the reason typed: points back, goods back on the shelf."""
        if self.chosen is None:
            return
        order_id = self.chosen
        text, kind, done = cancel(self.market, self.actor, order_id, self.reason_box.value)
        self._say(text, kind)
        if not done:
            return
        self.reason_box.value = ""
        self.refresh()
        if self.on_change is not None:
            self.on_change(order_id)

    def _say(self, text: str, kind: str):
        self.message, self.message_kind = text, kind
        self._message.objects = [display.alert(text, kind)] if text else []

    def __panel__(self):
        return self._view
