"""Supermarket reports beside the counter: redemptions, low stock, sponsors, Excel download."""

import io

import panel as pn
import param

from .. import clock
from ..i18n import _
from .file_names import file_name
from ..supermarket import reports
from . import display


class SupermarketReports(pn.viewable.Viewer):
    """Reports over the clerk's community (the whole subdistrict for subdistrict staff)."""

    market = param.Parameter(doc="The Supermarket, over a registry acting as the clerk.")
    actor = param.Parameter(doc="The signed-in Actor; their community bounds the reports.")
    day = param.Date(default=None, doc="The day reported on; None is today.")

    def __init__(self, **params):
        super().__init__(**params)
        self.refresh_button = pn.widgets.Button(label=_("Refresh"), width=120)
        self.refresh_button.on_click(lambda event: self.refresh())
        self.download = pn.widgets.FileDownload(
            callback=self._workbook, filename=file_name(_("Supermarket report"), clock.today(), ext="xlsx"), embed=False,
            label=_("Download Excel workbook"))
        self._view = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    @property
    def community(self):
        return self.actor.community

    def the_day(self):
        return self.day or clock.today()

    def _workbook(self):
        day = self.the_day()
        return io.BytesIO(self.market.export(actor=self.actor.username, day=day, year=day.year,
                                             month=day.month, community=self.community))

    @param.depends("day", watch=True)
    def refresh(self):
        day = self.the_day()
        store_ = self.market.store
        today = reports.daily(store_, day, self.community)
        month = reports.monthly(store_, day.year, day.month, self.community)
        headers = [_("Goods"), _("Quantity"), _("Points"), _("Orders")]
        alerts = reports.low_stock(self.market.goods, self.community)
        sponsors = reports.sponsor_contributions(store_, community=self.community)
        summary = _("{orders} redemptions, {points} points, {residents} residents")
        self._view.objects = [
            pn.Row(self.refresh_button, self.download),
            display.heading(_("Today"), 3),
            display.text(summary.format(**today)),
            display.table(headers, [[r["name"], r["quantity"], r["points"], r["orders"]]
                                    for r in today["rows"]], empty=_("Nothing redeemed.")),
            display.heading(_("This month"), 3),
            display.text(summary.format(**month)),
            display.table(headers, [[r["name"], r["quantity"], r["points"], r["orders"]]
                                    for r in month["rows"]], empty=_("Nothing redeemed.")),
            display.heading(_("Low stock"), 3),
            display.table([_("Goods"), _("Left"), _("Alert line")],
                          [[r["name"], r["stock"], r["low_stock"]] for r in alerts],
                          empty=_("No goods are running low.")),
            display.heading(_("Sponsors"), 3),
            display.table([_("Sponsor"), _("Pieces given"), _("Worth in points"), _("Goods")],
                          [[r["name"], r["quantity"], r["points"], r["goods"]]
                           for r in sponsors], empty=_("No sponsored goods yet.")),
        ]

    def __panel__(self):
        return self._view
