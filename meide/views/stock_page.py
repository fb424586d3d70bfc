"""The supermarket's stock tab (restock, correction, stock count, low stock) and its sponsor
statements tab, beside the goods list (goods_page.py)."""

import io

import panel as pn
import param

from .. import clock
from ..errors import MeideError
from ..i18n import N_, _
from ..supermarket import reports, statements
from . import display
from .download import Download
from .file_names import file_name

SOURCE_LABELS = {"donation": N_("Donation"), "purchase": N_("Purchase"),
                 "delivery": N_("Sponsor delivery")}
RECENT_COUNTS = 5


class _Tab(pn.viewable.Viewer):
    market = param.Parameter(doc="The Supermarket, over a registry acting as the staff member.")
    actor = param.Parameter(doc="The signed-in Actor (their username is written to the audit).")

    @property
    def community(self):
        return getattr(self.market.registry.scope, "community", None)

    def goods(self) -> list:
        """The goods this staff member may restock and count (not another's shared ones)."""
        return [doc for doc in self.market.goods.list(self.community)
                if self.market.goods.may_change(doc)]

    def _done(self, outcome, text: str):
        outcome.objects = [display.alert(text, "success")]

    def _failed(self, outcome, exc):
        outcome.objects = [display.failure(exc)]


class StockPanel(_Tab):
    """Restocks with their source, corrections with a reason, stock counts, low stock."""

    changed = param.Integer(default=0, doc="Counts the stock changes made here (the goods list "
                                           "watches it to redraw).")

    def __init__(self, **params):
        super().__init__(**params)
        self.restock_goods = pn.widgets.Select(label=_("Goods to restock"), width=220)
        self.quantity = pn.widgets.IntInput(label=_("Quantity"), start=1, value=1, width=120)
        self.source = pn.widgets.Select(label=_("Source"), width=160, options={
            _(label): key for key, label in SOURCE_LABELS.items()})
        self.note = pn.widgets.TextInput(label=_("Note"), width=260)
        self.restock_button = pn.widgets.Button(label=_("Restock"), color="primary", width=120)
        self.restock_button.on_click(lambda event: self.restock())
        self.correct_goods = pn.widgets.Select(label=_("Goods to correct"), width=220)
        self.correct_to = pn.widgets.IntInput(label=_("Stock should be"), start=0, value=0,
                                              width=140)
        self.reason = pn.widgets.TextInput(label=_("Reason for the correction"), width=300,
                                           placeholder=_("e.g. two found broken"))
        self.correct_button = pn.widgets.Button(label=_("Correct the stock"), width=140)
        self.correct_button.on_click(lambda event: self.correct())
        self.count_note = pn.widgets.TextInput(label=_("Stock count note"), width=300)
        self.count_button = pn.widgets.Button(label=_("Record the stock count"),
                                              color="primary", width=180)
        self.count_button.on_click(lambda event: self.record_count())
        self.counted: dict = {}
        self._counts = pn.Column(sizing_mode="stretch_width")
        self._low = pn.Column(sizing_mode="stretch_width")
        self._history = pn.Column(sizing_mode="stretch_width")
        self.restock_outcome = pn.Column(sizing_mode="stretch_width")
        self.correct_outcome = pn.Column(sizing_mode="stretch_width")
        self.count_outcome = pn.Column(sizing_mode="stretch_width")
        self._layout = pn.Column(
            display.heading(_("Low stock"), 3), self._low,
            display.heading(_("Restock"), 3),
            pn.Row(self.restock_goods, self.quantity, self.source, self.note),
            self.restock_button, self.restock_outcome,
            display.heading(_("Correct the stock"), 3),
            pn.Row(self.correct_goods, self.correct_to, self.reason), self.correct_button,
            self.correct_outcome,
            display.heading(_("Stock count"), 3),
            display.text(_("Enter what was counted on the shelf; every difference is recorded "
                           "and the stock is set to the count.")),
            self._counts, self.count_note, self.count_button, self.count_outcome,
            display.heading(_("Recent stock counts"), 3), self._history,
            sizing_mode="stretch_width")
        self.refresh()

    def refresh(self):
        docs = self.goods()
        options = {doc["name"]: doc.doc_id for doc in docs}
        for choice in (self.restock_goods, self.correct_goods):
            value = choice.value
            choice.options = options
            choice.value = value if value in options.values() else \
                next(iter(options.values()), None)
        self.counted = {doc.doc_id: pn.widgets.IntInput(
            label=_("{name} (stock {stock})").format(name=doc["name"], stock=doc["stock"]),
            start=0, value=doc["stock"], width=200) for doc in docs if doc.get("active", True)}
        self._counts.objects = [pn.FlexBox(*self.counted.values())] if self.counted else [
            display.text(_("No goods yet."))]
        alerts = reports.low_stock(self.market.goods, self.community)
        self._low.objects = [display.table(
            [_("Goods"), _("Left"), _("Alert line"), _("Shelf"), _("Sponsor")],
            [[r["name"], r["stock"], r["low_stock"], r["shelf"], r["sponsor"]] for r in alerts],
            empty=_("No goods are running low."))]
        rows = [[display.moment(count["at"]), line["name"], line["expected"], line["counted"],
                 line["difference"], count["note"]]
                for count in self.market.stock.counts(self.community)[:RECENT_COUNTS]
                for line in count["lines"] if line["difference"]]
        self._history.objects = [display.table(
            [_("Counted at"), _("Goods"), _("Expected"), _("Counted"), _("Difference"),
             _("Note")], rows, empty=_("No differences recorded yet."))]

    def _after(self, outcome, text):
        self.changed += 1
        self._done(outcome, text)

    def restock(self) -> bool:
        try:
            left = self.market.stock.restock(
                self.restock_goods.value, self.quantity.value, actor=self.actor.username,
                source=self.source.value, note=self.note.value)
        except MeideError as exc:
            self._failed(self.restock_outcome, exc)
            return False
        self.note.value = ""
        self._after(self.restock_outcome, _("Restocked: {left} now in stock.").format(left=left))
        return True

    def correct(self) -> bool:
        try:
            left = self.market.stock.correct(self.correct_goods.value, self.correct_to.value,
                                             actor=self.actor.username, reason=self.reason.value)
        except MeideError as exc:
            self._failed(self.correct_outcome, exc)
            return False
        self.reason.value = ""
        self._after(self.correct_outcome, _("Corrected: {left} now in stock.").format(left=left))
        return True

    def record_count(self) -> bool:
        try:
            count = self.market.stock.count(
                {goods: box.value for goods, box in self.counted.items()},
                actor=self.actor.username, note=self.count_note.value)
        except MeideError as exc:
            self._failed(self.count_outcome, exc)
            return False
        self.count_note.value = ""
        self._after(self.count_outcome, _("Stock count recorded: {differences} of {goods} goods "
                                          "differed.").format(differences=count["differences"],
                                                              goods=len(count["lines"])))
        return True

    def __panel__(self):
        return self._layout


class SponsorPanel(_Tab):
    """What each sponsor gave and what of it was redeemed, viewable and downloadable."""

    def __init__(self, **params):
        super().__init__(**params)
        self.download = Download(
            filename=file_name(_("Sponsor statements"), clock.today(), ext="xlsx"), embed=False,
            label=_("Download sponsor statements (Excel)"), callback=self._workbook,
            audit=(self.market.store, self.actor))
        self._view = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    def found(self) -> list:
        return statements.statements(self.market.store, community=self.community)

    def _workbook(self):
        return io.BytesIO(statements.workbook(self.found()))

    def refresh(self):
        found = self.found()
        kinds = {"merchant": _("Merchant"), "unit": _("Unit")}
        summary = display.table(
            [_("Sponsor"), _("Kind"), _("Pieces given"), _("Worth in points"),
             _("Pieces redeemed"), _("Points redeemed")],
            [[s["name"], kinds.get(s["kind"], ""), s["given"], s["given_points"], s["redeemed"],
              s["redeemed_points"]] for s in found], empty=_("No sponsored goods yet."))
        details = display.table(
            [_("Sponsor"), _("Goods"), _("Pieces given"), _("Pieces redeemed"), _("Points")],
            [[s["name"], row["name"], row["given"], row["redeemed"], row["points"]]
             for s in found for row in s["rows"]], empty="")
        self._view.objects = [self.download, summary, display.heading(_("By goods"), 3), details]

    def __panel__(self):
        return self._view
