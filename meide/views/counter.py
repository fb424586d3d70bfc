"""The supermarket counter: find the resident, see the balance, fill a basket, redeem, receipt."""

import html
import io
import secrets

import panel as pn
import param

from .. import clock, runtime
from ..errors import MeideError
from ..i18n import _
from .file_names import file_name
from ..privacy import mask_phone
from ..supermarket import COUNTER_ROLES, Supermarket, paying_account
from ..supermarket import receipt as receipts
from . import display, session
from .app_header import app_header
from .counter_receipts import TodaysReceipts, cancel, receipt_details
from .counter_reports import SupermarketReports

MATCHES = 10            # residents shown for a search: enough for a queue, never a roster
RECENT = 5              # ledger entries on the resident card
RECEIPT_SIZES = receipts.SIZES


def new_key() -> str:
    """An idempotency key for one basket: every click of Redeem on it sends the same key."""
    return "counter:" + secrets.token_hex(8)


class Counter(pn.viewable.Viewer):
    """The clerk's counter. Searches and records go through the market's registry, which acts
    as the signed-in clerk: residents outside their scope are never found or sent."""

    market = param.Parameter(doc="The Supermarket, over a registry acting as the clerk.")
    actor = param.Parameter(default=None, doc="The signed-in Actor; None shows only sign-in.")
    query = param.String(default="", doc="What was typed: name, pinyin initials, phone tail "
                                          "or household number.")
    matches = param.List(default=[], doc="(resident id, label) found for the query, in scope.")
    resident = param.Integer(default=None, allow_None=True, doc="The resident being served.")
    basket = param.Dict(default={}, doc="{goods id: quantity} to redeem.")
    key = param.String(default="", doc="The idempotency key of the current basket.")
    order = param.Integer(default=None, allow_None=True, doc="The order just made (receipt).")
    receipt_size = param.Selector(default="80mm", objects=list(RECEIPT_SIZES),
                                  doc="The paper the receipt preview is laid out for.")
    message = param.String(default="", doc="The last outcome shown to the clerk.")
    message_kind = param.String(default="info", doc="success, warning or danger.")
    problem = param.String(default="", doc="Why the basket cannot be redeemed as it is (a "
                                           "limit, the stock); empty when it can.")

    def __init__(self, **params):
        super().__init__(**params)
        self.key = self.key or new_key()
        self.search_box = pn.widgets.TextInput(
            label=_("Find a resident"), sizing_mode="stretch_width",
            placeholder=_("Name, pinyin initials, last 4 phone digits or household number"))
        self.search_box.param.watch(lambda event: setattr(self, "query", event.new or ""),
                                    "value_input")
        self.redeem_button = pn.widgets.Button(label=_("Redeem"), color="success",
                                               width=160, disabled=True)
        self.redeem_button.on_click(lambda event: self.redeem())
        self.clear_button = pn.widgets.Button(label=_("Empty the basket"), width=160)
        self.clear_button.on_click(lambda event: self.empty_basket())
        self.cancel_reason = pn.widgets.TextInput(label=_("Reason for cancelling"), width=320)
        self.cancel_button = pn.widgets.Button(label=_("Cancel this redemption"),
                                               color="danger", width=200)
        self.cancel_button.on_click(lambda event: self.cancel_order())
        self.size_choice = pn.widgets.RadioButtonGroup(options=list(RECEIPT_SIZES),
                                                       value=self.receipt_size)
        self.size_choice.param.watch(lambda event: setattr(self, "receipt_size", event.new),
                                     "value")
        self.guardian_box = pn.widgets.Checkbox(label="", value=False)
        self.match_buttons: dict = {}
        self.add_buttons: dict = {}
        self.remove_buttons: dict = {}
        self.quantity_boxes: dict = {}
        self._results = pn.Column(sizing_mode="stretch_width")
        self._card = pn.Column(sizing_mode="stretch_width")
        self._goods = pn.Column(sizing_mode="stretch_width")
        self._basket = pn.Column(sizing_mode="stretch_width")
        self._message = pn.Column(sizing_mode="stretch_width")
        self._receipt = pn.Column(sizing_mode="stretch_width")
        if self.actor is None or not self.allowed:
            self._layout = pn.Column(session.sign_in_required() if self.actor is None else
                                     display.alert(_("The counter is for supermarket clerks and "
                                                     "community administrators."), "warning"))
            return
        self.reports = SupermarketReports(market=self.market, actor=self.actor)
        self.receipts = TodaysReceipts(market=self.market, actor=self.actor,
                                       on_change=self._cancelled_elsewhere)
        counter = pn.Row(pn.Column(self.search_box, self._results, self._card, width=420),
                         pn.Column(display.heading(_("Goods"), 3), self._goods, width=420),
                         pn.Column(display.heading(_("Basket"), 3), self._basket,
                                   pn.Row(self.redeem_button, self.clear_button), self._message,
                                   self._receipt, width=460))
        self._layout = pn.Column(
            app_header(_("Credit supermarket counter")),
            pn.Tabs((_("Counter"), counter), (_("Today's receipts"), self.receipts),
                    (_("Reports"), self.reports)),
            sizing_mode="stretch_width")
        self._draw_goods()
        self._draw_basket()

    @classmethod
    def for_session(cls):
        """The counter of the browser session being served, acting as the signed-in clerk."""
        actor = session.current_actor()
        if actor is None:
            return cls(actor=None)
        registry = runtime.get_registry().acting_as(actor.username)
        market = Supermarket(runtime.get_store(), runtime.get_services().ledger, registry)
        counter = cls(market=market, actor=actor)
        # The counter stops (and sends the clerk to sign in) once the sign-in has ended.
        session.guard(counter.signed_out)
        return counter

    def signed_out(self):
        """The sign-in has ended: nothing of the counter stays, only the message saying so."""
        self.actor = None
        self._layout.objects = [session.signed_out()]

    @property
    def allowed(self) -> bool:
        return bool(self.actor is not None and self.actor.roles & COUNTER_ROLES)

    @property
    def registry(self):
        return self.market.registry

    # -- finding the resident --------------------------------------------------------------------

    @param.depends("query", watch=True)
    def _look_up(self):
        text = self.query.strip()
        found = self.registry.search(text, limit=MATCHES) if text else []
        self.matches = [(doc.doc_id, self._label(doc)) for doc in found]
        self._draw_results()
        if len(found) == 1:
            self.resident = found[0].doc_id

    def _label(self, doc) -> str:
        # Name and address tell two 张伟 apart; the phone stays masked.
        return " ".join(part for part in (doc.get("name", ""), doc.get("address", ""),
                                          mask_phone(doc["phone"]) if doc.get("phone") else "")
                        if part)

    def _draw_results(self):
        self.match_buttons = {}
        for resident_id, label in self.matches:
            button = pn.widgets.Button(label=label, sizing_mode="stretch_width")
            button.on_click(lambda event, rid=resident_id: setattr(self, "resident", rid))
            self.match_buttons[resident_id] = button
        if self.query.strip() and not self.matches:
            self._results.objects = [display.text(_("No resident found in your area."))]
        else:
            self._results.objects = list(self.match_buttons.values())

    @param.depends("resident", watch=True)
    def _chosen(self):
        self.basket = {}
        self.order = None
        self._say("", "info")                # the last resident's outcome is not this one's
        self._receipt.objects = []
        self.guardian_box.value = False      # each child's guardian is confirmed anew
        self._draw_card()

    def resident_doc(self):
        return None if self.resident is None else self.registry.residents.get(self.resident)

    def _draw_card(self):
        if self.resident is None:
            self._card.objects = []
            return
        try:
            doc = self.resident_doc()
        except MeideError as exc:
            self.resident = None
            self._say(str(exc), "warning")
            return
        pool = self.market.household_pool and doc.get("household") is not None
        lines = [f"**{html.escape(doc['name'])}** {html.escape(doc.get('address', ''))}",
                 _("Points available: {points}").format(points=self.market.balance_of(doc))
                 + (" " + _("(household pool)") if pool else "")]
        confirm = []
        if doc.get("minor"):
            guardian = self._guardian_name(doc)
            lines.append(_("Minor (home guardian); guardian: {name}").format(
                name=html.escape(guardian) if guardian else _("none recorded")))
            if guardian:
                self.guardian_box.label = _("The guardian {name} is here with the child").format(
                    name=guardian)
                confirm = [self.guardian_box]
            else:
                confirm = [display.alert(_("No guardian is recorded for this child: record one "
                                           "in the resident's file before redeeming."),
                                         "warning")]
        account = paying_account(doc, self.market.household_pool).key
        recent = self.market.ledger.history(account)[-RECENT:]
        rows = [[display.moment(entry.at), f"{entry.points:+d}", entry.reason]
                for entry in reversed(recent)]
        self._card.objects = [
            pn.pane.Markdown("\n\n".join(lines)), *confirm,
            display.table([_("Time"), _("Points"), _("Reason")], rows,
                          empty=_("No entries yet."))]

    def _guardian_name(self, doc):
        if doc.get("guardian") is None:
            return ""
        try:
            return self.registry.residents.get(doc["guardian"])["name"]
        except MeideError:
            return ""

    # -- goods and basket ------------------------------------------------------------------------

    def goods_on_sale(self) -> list:
        return self.market.goods.list(self.actor.community, on_day=clock.today().isoformat())

    def _draw_goods(self):
        self.add_buttons = {}
        rows = []
        for doc in self.goods_on_sale():
            button = pn.widgets.Button(label=_("Add"), width=70, disabled=doc["stock"] <= 0)
            button.on_click(lambda event, gid=doc.doc_id: self.add(gid))
            self.add_buttons[doc.doc_id] = button
            words = _("{name} · {points} points · {stock} left").format(
                name=doc["name"], points=doc["points"], stock=doc["stock"])
            rows.append(pn.Row(display.text(words), button))
        self._goods.objects = rows or [display.text(_("No goods on sale today."))]

    def add(self, goods_id, quantity: int = 1):
        """Put quantity more of goods_id in the basket (a new basket gets a new key)."""
        if self.resident is None:
            self._say(_("Choose the resident first."), "warning")
            return
        basket = dict(self.basket)
        basket[goods_id] = basket.get(goods_id, 0) + quantity
        self.basket = basket

    def remove(self, goods_id):
        basket = dict(self.basket)
        basket.pop(goods_id, None)
        self.basket = basket

    def set_quantity(self, goods_id, quantity):
        """Redeem quantity of goods_id (what its quantity box says); 0 or less takes it out."""
        if not quantity or quantity <= 0:
            self.remove(goods_id)
        elif self.basket.get(goods_id) != quantity:
            self.basket = {**self.basket, goods_id: int(quantity)}

    def empty_basket(self):
        self.basket = {}

    @param.depends("basket", watch=True)
    def _basket_changed(self):
        self.key = new_key()        # another basket is another redemption
        if self.basket:
            self.order = None
            self._receipt.objects = []
        self._check_basket()
        self._draw_basket()

    def _check_basket(self):
        """Say at once when the basket breaks a per-resident limit or exceeds the stock."""
        had = self.problem
        self.problem = ""
        if self.basket and self.resident is not None:
            try:
                self.market.check(self.resident, self.basket)
            except MeideError as exc:
                self.problem = str(exc)
        if self.problem:
            self._say(self.problem, "warning")
        elif had and self.message == had:
            self._say("", "info")

    def total(self) -> int:
        return sum(self.market.goods.get(gid)["points"] * qty for gid, qty in self.basket.items())

    def _quantity_box(self, goods_id, quantity):
        # One box per line, kept while the line stays (a redraw must not take the clerk's focus).
        box = self.quantity_boxes.get(goods_id)
        if box is None:
            box = pn.widgets.IntInput(label=_("Quantity"), value=quantity, start=1, step=1,
                                      width=90)
            box.param.watch(lambda event, gid=goods_id: self.set_quantity(gid, event.new),
                            "value")
        elif box.value != quantity:
            box.value = quantity
        return box

    def _draw_basket(self):
        self.remove_buttons = {}
        boxes, rows = {}, []
        for goods_id, quantity in self.basket.items():
            doc = self.market.goods.get(goods_id)
            boxes[goods_id] = self._quantity_box(goods_id, quantity)
            button = pn.widgets.Button(label=_("Remove"), width=70, align="end")
            button.on_click(lambda event, gid=goods_id: self.remove(gid))
            self.remove_buttons[goods_id] = button
            words = _("{name} · {points} points each").format(name=doc["name"],
                                                             points=doc["points"])
            rows.append(pn.Row(display.text(words), boxes[goods_id], button))
        self.quantity_boxes = boxes
        if rows:
            rows.append(display.text(_("Total: {points} points").format(points=self.total())))
        self._basket.objects = rows or [display.text(_("The basket is empty."))]
        self.redeem_button.disabled = not self.basket or self.resident is None or \
            bool(self.problem)

    # -- redeeming, receipt, cancelling ----------------------------------------------------------

    def redeem(self):
        """Redeem the basket: one transaction; a repeated click with the same key redeems once."""
        if not self.basket:
            return              # a second click after success: the order is already shown
        if self.resident is None:
            self._say(_("Choose the resident first."), "warning")
            return
        try:
            guardian = self._guardian_confirmed()
            if guardian is False:
                return
            made = self.market.redeem(self.resident, self.basket, actor=self.actor.username,
                                      key=self.key, guardian=guardian)
        except MeideError as exc:
            self._say(str(exc), "warning")
            self._draw_goods()
            return
        self.basket = {}
        self.order = made.doc_id
        self._say(_("Redeemed {points} points. Receipt {number}.").format(
            points=made["total"], number=receipts.number(made)), "success")
        self._draw_goods()
        self._draw_card()
        self._draw_receipt()
        self.reports.refresh()
        self.receipts.refresh()

    def _guardian_confirmed(self):
        """The guardian's id for a child whose guardian the clerk confirmed present; None for
        an adult (and for a child with none recorded: redeem refuses, saying so); False, with
        the message shown, while the clerk has not confirmed."""
        doc = self.resident_doc()
        if not doc.get("minor") or doc.get("guardian") is None:
            return None
        if not self.guardian_box.value:
            self._say(_("Confirm that the guardian {name} is here with the child before "
                        "redeeming.").format(name=self._guardian_name(doc)), "warning")
            return False
        return doc["guardian"]

    def _receipt_details(self, order) -> dict:
        return receipt_details(self.market, self.actor, order)

    def receipt_html(self) -> str:
        order = self.market.order(self.order)
        return receipts.receipt_html(order, size=self.receipt_size, **self._receipt_details(order))

    def receipt_pdf(self, size: str) -> bytes:
        order = self.market.order(self.order)
        return receipts.receipt_pdf(order, size=size, **self._receipt_details(order))

    @param.depends("receipt_size", watch=True)
    def _draw_receipt(self):
        if self.order is None:
            self._receipt.objects = []
            return
        order = self.market.order(self.order)
        preview = pn.pane.HTML(
            f"<iframe title='receipt' style='width:100%;height:520px;border:1px solid #ccc' "
            f"srcdoc=\"{html.escape(self.receipt_html(), quote=True)}\"></iframe>",
            sizing_mode="stretch_width")
        downloads = [pn.widgets.FileDownload(
            callback=lambda size=size: io.BytesIO(self.receipt_pdf(size)),
            filename=file_name(_("Receipt"), receipts.number(order), size, ext="pdf"),
            label=_("Receipt PDF ({size})").format(size=size), embed=False)
            for size in RECEIPT_SIZES]
        parts = [display.heading(_("Receipt"), 3), self.size_choice, pn.Row(*downloads), preview]
        if order["status"] == "done":
            parts += [pn.Row(self.cancel_reason, self.cancel_button)]
        else:
            parts += [display.text(_("This redemption was cancelled."))]
        self._receipt.objects = parts

    def cancel_order(self):
        """Cancel the order just made (same day only): points back, goods back on the shelf."""
        if self.order is None:
            return
        text, kind, done = cancel(self.market, self.actor, self.order, self.cancel_reason.value)
        self._say(text, kind)
        if not done:
            return
        self.cancel_reason.value = ""
        self._draw_goods()
        self._draw_card()
        self._draw_receipt()
        self.reports.refresh()
        self.receipts.refresh()

    def _cancelled_elsewhere(self, order_id):
        """A receipt was cancelled from today's list: stock, balance and reports change."""
        self._draw_goods()
        self._draw_card()
        if self.order == order_id:
            self._draw_receipt()
        self.reports.refresh()

    def _say(self, text: str, kind: str):
        self.message, self.message_kind = text, kind
        self._message.objects = [display.alert(text, kind)] if text else []

    def __panel__(self):
        return self._layout
