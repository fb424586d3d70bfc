"""The credit supermarket's management page: the goods list and the form that adds, edits,
retires or deletes an item; the stock and sponsor tabs beside it (stock_page.py)."""

import html

import panel as pn
import param

from ..errors import MeideError
from ..i18n import N_, _
from ..supermarket import COUNTER_ROLES, Supermarket, pictures
from ..supermarket.goods import DEFAULT_LOW_STOCK, limits_of
from . import display
from .stock_page import SponsorPanel, StockPanel

# Who stocks the supermarket: its clerks and the administrators (of a community: its own).
GOODS_ROLES = COUNTER_ROLES
NEW = 0                 # the goods choice meaning "a new item"
SHARED = 0              # the community choice meaning "the whole subdistrict's, shared"
NO_SPONSOR = ""
PHOTO_TYPES = ".jpg,.jpeg,.png,.gif,.webp"
PERIOD_LABELS = {"day": N_("{count} a day"), "week": N_("{count} a week"),
                 "month": N_("{count} a month"), "year": N_("{count} a year")}


def market_for(console) -> Supermarket:
    """The supermarket over a registry acting as the console's staff member (their scope)."""
    registry = console.runner.services.registry.acting_as(console.actor.username)
    return Supermarket(registry.store, console.runner.services.ledger, registry)


def limits_text(doc) -> str:
    return _("; ").join(_(PERIOD_LABELS[period]).format(count=count)
                        for period, count in limits_of(doc))


def sponsor_options(registry) -> dict:
    """{label: 'kind:id'} of the sponsoring merchants and units in the staff's scope."""
    options = {_("No sponsor"): NO_SPONSOR}
    for kind, book, label in (("merchant", registry.merchants, N_("Merchant: {name}")),
                              ("unit", registry.units, N_("Unit: {name}"))):
        for doc in book.list(None):
            options[_(label).format(name=doc["name"])] = f"{kind}:{doc.doc_id}"
    return options


def sponsor_value(text):
    """('merchant', 3) from 'merchant:3'; None for no sponsor."""
    if not text:
        return None
    kind, _sep, number = text.partition(":")
    return kind, int(number)


class GoodsPage(pn.viewable.Viewer):
    """Goods, stock and sponsors of the supermarket within the staff member's scope."""

    market = param.Parameter(doc="The Supermarket, over a registry acting as the staff member.")
    actor = param.Parameter(doc="The signed-in Actor (their username is written to the audit).")
    chosen = param.Integer(default=NEW, doc="The goods id being edited; 0: a new item.")

    def __init__(self, **params):
        super().__init__(**params)
        self.goods_choice = pn.widgets.Select(label=_("Goods"), width=260)
        self.goods_choice.param.watch(lambda e: setattr(self, "chosen", e.new or NEW), "value")
        self.name_box = pn.widgets.TextInput(label=_("Goods name"), width=260)
        self.category_box = pn.widgets.TextInput(label=_("Category"), width=160,
                                                 placeholder=_("e.g. grain and oil"))
        self.points_box = pn.widgets.IntInput(label=_("Points price"), start=1, value=10,
                                              width=120)
        self.photo = pn.widgets.FileInput(accept=PHOTO_TYPES, multiple=False)
        self.day_limit = pn.widgets.IntInput(label=_("Limit per resident per day"), start=0,
                                             value=0, width=200)
        self.month_limit = pn.widgets.IntInput(label=_("Limit per resident per month"),
                                               start=0, value=0, width=200)
        self.sponsor_choice = pn.widgets.Select(label=_("Sponsor"), width=260,
                                                options=sponsor_options(self.registry))
        self.shelf_box = pn.widgets.TextInput(label=_("Shelf location"), width=160)
        # Subdistrict staff say whose shelf an item is on; a community's staff stock their own.
        self.communities = {doc.doc_id: doc["name"]
                            for doc in self.registry.communities.list(None)}
        self.community_choice = pn.widgets.Select(
            label=_("Community"), width=200, visible=self.community is None,
            options={_("Whole subdistrict (shared)"): SHARED,
                     **{name: number for number, name in self.communities.items()}})
        self.stock_box = pn.widgets.IntInput(label=_("Initial stock"), start=0, value=0,
                                             width=120)
        self.low_box = pn.widgets.IntInput(label=_("Low-stock line"), start=0,
                                           value=DEFAULT_LOW_STOCK, width=120)
        self.save_button = pn.widgets.Button(label=_("Save goods"), color="primary", width=140)
        self.save_button.on_click(lambda event: self.save())
        self.retire_button = pn.widgets.Button(label=_("Take off the shelf"), width=140)
        self.retire_button.on_click(lambda event: self.retire())
        self.delete_button = pn.widgets.Button(label=_("Delete"), color="danger", width=120)
        self.delete_button.on_click(lambda event: self.delete())
        self._picture = pn.pane.HTML("", width=140)
        self._message = pn.Column(sizing_mode="stretch_width")
        self._list = pn.Column(sizing_mode="stretch_width")
        self.stock = StockPanel(market=self.market, actor=self.actor)
        self.sponsors = SponsorPanel(market=self.market, actor=self.actor)
        self.stock.param.watch(lambda event: self.refresh(), "changed")
        form = pn.Column(
            pn.Row(self.goods_choice, self._picture),
            pn.Row(self.name_box, self.category_box, self.points_box),
            pn.Row(self.sponsor_choice, self.shelf_box, self.community_choice),
            pn.Row(self.day_limit, self.month_limit),
            pn.Row(self.stock_box, self.low_box),
            display.text(_("Photo (JPG, PNG, GIF or WEBP, at most 1 MB)")), self.photo,
            pn.Row(self.save_button, self.retire_button, self.delete_button), self._message,
            sizing_mode="stretch_width")
        goods = pn.Column(display.heading(_("Goods on the shelf"), 3), self._list,
                          display.heading(_("Add or edit goods"), 3), form,
                          sizing_mode="stretch_width")
        self._layout = pn.Column(
            display.heading(_("Credit supermarket goods and stock"), 1),
            pn.Tabs((_("Goods"), goods), (_("Stock and restocking"), self.stock),
                    (_("Sponsor statements"), self.sponsors), dynamic=False),
            sizing_mode="stretch_width")
        self.refresh()

    @property
    def registry(self):
        return self.market.registry

    @property
    def community(self):
        return getattr(self.registry.scope, "community", None)

    def goods(self) -> list:
        return self.market.goods.list(self.community)

    def refresh(self):
        """Redraw the list and the choices from the store."""
        docs = self.goods()
        options = {_("(new goods)"): NEW}
        options.update({self._label(doc): doc.doc_id for doc in docs})
        self.goods_choice.options = options
        if self.chosen not in options.values():
            self.chosen = NEW
        self.goods_choice.value = self.chosen
        shared = _("Whole subdistrict (shared)")
        rows = [[doc["name"], doc.get("category", ""), doc["points"], doc["stock"],
                 limits_text(doc), (doc.get("sponsor") or {}).get("name", ""),
                 doc.get("shelf", ""), self.communities.get(doc.get("community"), shared),
                 _("On sale") if doc.get("active", True) else _("Off the shelf")]
                for doc in docs]
        self._list.objects = [display.table(
            [_("Goods"), _("Category"), _("Points"), _("Stock"), _("Limits"), _("Sponsor"),
             _("Shelf"), _("Community"), _("Status")], rows, empty=_("No goods yet."))]
        self.stock.refresh()
        self.sponsors.refresh()
        self._fill()

    def _label(self, doc) -> str:
        return doc["name"] if doc.get("active", True) else \
            _("{name} (off the shelf)").format(name=doc["name"])

    @param.depends("chosen", watch=True)
    def _fill(self):
        doc = self._doc()
        limits = dict(limits_of(doc)) if doc else {}
        sponsor = (doc or {}).get("sponsor")
        self.name_box.value = doc["name"] if doc else ""
        self.category_box.value = (doc or {}).get("category", "")
        self.points_box.value = doc["points"] if doc else 10
        self.day_limit.value = limits.get("day", 0)
        self.month_limit.value = limits.get("month", 0)
        value = f"{sponsor['kind']}:{sponsor['id']}" if sponsor else NO_SPONSOR
        self.sponsor_choice.value = value if value in self.sponsor_choice.options.values() \
            else NO_SPONSOR
        self.shelf_box.value = (doc or {}).get("shelf", "")
        self.community_choice.value = (doc or {}).get("community") or SHARED
        self.low_box.value = doc.get("low_stock", 0) if doc else DEFAULT_LOW_STOCK
        self.stock_box.disabled = doc is not None
        self.retire_button.disabled = self.delete_button.disabled = doc is None
        self.retire_button.label = _("Put back on the shelf") if doc and not \
            doc.get("active", True) else _("Take off the shelf")
        url = pictures.data_url(self.market.store, (doc or {}).get("picture"))
        alt = html.escape(_("Photo"))
        self._picture.object = (f"<img src='{html.escape(url)}' alt='{alt}'"
                                " style='max-width:120px;max-height:120px'>") if url else ""

    def _doc(self):
        if not self.chosen:
            return None
        try:
            return self.market.goods.get(self.chosen)
        except MeideError:
            return None

    def _values(self) -> dict:
        return {"name": self.name_box.value, "category": self.category_box.value,
                "points": self.points_box.value,
                "limits": {"day": self.day_limit.value or None,
                           "month": self.month_limit.value or None},
                "sponsor": sponsor_value(self.sponsor_choice.value),
                "shelf": self.shelf_box.value, "low_stock": self.low_box.value,
                "community": self.community_choice.value or None if self.community is None
                else self.community}

    def _act(self, action, done):
        try:
            result = action()
        except MeideError as exc:
            self._message.objects = [display.failure(exc)]
            return False
        self.photo.clear()          # the file chosen is kept now: the picker shows none again
        self.refresh()
        self._message.objects = [display.alert(done.format(name=result), "success")]
        return True

    def save(self) -> bool:
        """Add the new item or save the one chosen; nothing changes on a refusal."""
        values, photo, actor = self._values(), self.photo.value or None, self.actor.username
        if self.chosen:
            def action():
                return self.market.goods.update(self.chosen, actor=actor, photo=photo,
                                                **values)["name"]
            return self._act(action, _("Saved {name}."))

        def add():
            self.chosen = self.market.goods.add(actor=actor, photo=photo,
                                                stock=self.stock_box.value or 0, **values)
            return self.market.goods.get(self.chosen)["name"]
        return self._act(add, _("Added {name}."))

    def retire(self) -> bool:
        """Take the chosen item off the shelf, or put it back."""
        doc = self._doc()
        if doc is None:
            return False
        active = doc.get("active", True)
        return self._act(lambda: self.market.goods.retire(
            doc.doc_id, actor=self.actor.username, retired=active)["name"],
            _("{name} is off the shelf.") if active else _("{name} is back on the shelf."))

    def delete(self) -> bool:
        """Delete the chosen item (refused once it was ever redeemed: retire it instead)."""
        doc = self._doc()
        if doc is None:
            return False

        def action():
            self.market.goods.delete(doc.doc_id, actor=self.actor.username)
            self.chosen = NEW
            return doc["name"]
        return self._act(action, _("Deleted {name}."))

    def __panel__(self):
        return self._layout


def build(console, rest):
    """The page for the console's table (meide.views.pages)."""
    return GoodsPage(market=market_for(console), actor=console.actor)
