"""The console's home figures: key numbers and charts for the staff member's scope, with export."""

import io

import panel as pn
import param
from bokeh.models import ColumnDataSource, HoverTool
from bokeh.palettes import Category10_10
from bokeh.plotting import figure

from .. import clock
from ..i18n import N_, _
from .file_names import file_name
from ..periods import Period
from ..reports.dashboard import Dashboard, workbook
from ..scope import Scope
from . import display
from .download import Download

# The dashboard's table titles and headers (English msgids built in meide.reports.dashboard).
MESSAGES = (N_("Participation"), N_("Place"), N_("Residents taking part"), N_("Number of residents"),
            N_("Participation (%)"), N_("Points by month"), N_("Month"), N_("Points by category"),
            N_("Category"), N_("Points"), N_("Volunteer hours"), N_("Hours"),
            N_("Goods redeemed"), N_("Goods"), N_("Items"), N_("Stock today"), N_("Community"),
            N_("In stock"),
            N_("Price in points"), N_("Star merchants"), N_("Stars"), N_("Number of merchants"))
RED = "#b71c1c"
# No toolbar, and no tools: a hidden toolbar still sends its tools' English descriptions.
CHART = dict(height=260, sizing_mode="stretch_width", toolbar_location=None, tools="")


QUARTERS = 4             # quarters offered, the current one first


class DashboardPage(pn.viewable.Viewer):
    """Key numbers and charts over one quarter, limited on the server to the actor's scope."""

    services = param.Parameter(doc="The kernel services (registry and ledger) the figures read.")
    actor = param.Parameter(doc="The signed-in Actor; their community or grid bounds every figure.")
    period = param.Selector(default=None, objects=[], doc="The quarter shown (a Period).")

    def __init__(self, **params):
        super().__init__(**params)
        quarters = Period.recent(QUARTERS)
        labels = display.period_options(quarters)
        self.param.period.objects = quarters
        with param.discard_events(self):        # drawn once, below
            self.period = self.period or quarters[0]
        self.choice = pn.widgets.Select(label=_("Quarter"), options=labels, value=self.period,
                                        width=200)
        self.choice.link(self, value="period")
        self.download = Download(
            callback=self._workbook, filename=file_name(_("Dashboard"), clock.today(), ext="xlsx"), embed=False,
            audit=(self.services.ledger.store, self.actor),
            label=_("Download the numbers (Excel)"))
        self._body = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    def _dashboard(self) -> Dashboard:
        return Dashboard(self.services, Scope.of(self.actor))

    def _tables(self):
        # Every table over the quarter chosen: the monthly chart draws its months (so far).
        return self._dashboard().tables(*self.period.bounds)

    def _workbook(self):
        title = _("Meide virtue credit") + " · " + display.period(self.period)
        return io.BytesIO(workbook(self._tables(), title, translate=_))

    @param.depends("period", watch=True)
    def refresh(self):
        dashboard = self._dashboard()
        shown = dashboard.tables(*self.period.bounds)
        tables = {table.title: table for table in shown}
        figures = dashboard.figures(*self.period.bounds, tables=shown)
        participation = tables["Participation"]
        joined = sum(row[1] for row in participation.rows)
        residents = sum(row[2] for row in participation.rows) or 1
        points, hours, redeemed = figures["points"], figures["hours"], figures["redeemed"]
        numbers = pn.Row(*(pn.indicators.Number(label=name, value=value, format=form,
                                                font_size="28pt", title_size="11pt",
                                                default_color=RED)
                           for name, value, form in (
                               (_("Participation (%)"), round(100 * joined / residents, 1),
                                "{value}"),
                               (_("Points earned"), points, "{value}"),
                               (_("Volunteer hours"), hours, "{value}"),
                               (_("Points redeemed"), redeemed, "{value}"))))
        self._body.objects = [
            pn.Row(self.choice, self.download),
            numbers,
            pn.Row(_bars(participation, 3, _("Participation (%)")),
                   _bars(tables["Points by category"], 1, _("Points by category"))),
            _lines(tables["Points by month"]),
            pn.Row(_bars(tables["Volunteer hours"], 1, _("Volunteer hours")),
                   _bars(tables["Star merchants"], 1, _("Star merchants"))),
            pn.Row(_table(tables["Goods redeemed"]), _table(tables["Stock today"])),
        ]

    def __panel__(self):
        return self._body


def _bars(table, column: int, title: str):
    labels = [str(row[0]) for row in table.rows]
    values = [row[column] for row in table.rows]
    chart = figure(x_range=labels or [_("None")], title=title, **CHART)
    source = ColumnDataSource({"label": labels, "value": values})
    chart.vbar(x="label", top="value", width=0.7, color=RED, source=source)
    chart.add_tools(HoverTool(tooltips=[("", "@label: @value")]))
    chart.y_range.start = 0
    chart.xgrid.grid_line_color = None
    return pn.pane.Bokeh(chart, sizing_mode="stretch_width")


def _lines(table):
    months = [row[0] for row in table.rows]
    chart = figure(x_range=months, title=_("Points by month"), **CHART)
    for position, place in enumerate(table.headers[1:]):
        values = [row[position + 1] for row in table.rows]
        chart.line(months, values, line_width=2, legend_label=place,
                   color=Category10_10[position % 10])
    if len(table.headers) > 1:
        chart.legend.location = "top_left"
    return pn.pane.Bokeh(chart, sizing_mode="stretch_width")


def _table(table):
    return pn.Column(display.heading(_(table.title), 3),
                     display.table([_(header) for header in table.headers],
                                   [list(row) for row in table.rows], empty=_("None")),
                     sizing_mode="stretch_width")
