"""The home page: the staff member's day at a glance above what waits for them."""

import panel as pn
import param

from ..i18n import _, ngettext
from ..periods import Period
from ..reports import day
from . import display
from .glance import MAX_QUERY, Glance
from .goods_page import GOODS_ROLES
from .inbox import ORDERS, Inbox

KIND = "kind:"                   # an entry key choosing the kind the waiting list shows


class HomePage(pn.viewable.Viewer):
    """What waits by kind (a click shows that kind in the list below), notice periods ending
    soon, objections and appeals, today's activities, low stock and this quarter's figures, each
    a click away; then the waiting list, searchable and sortable. All within the actor's scope."""

    runner = param.Parameter(doc="The kernel Runner (its services give the figures).")
    actor = param.Parameter(doc="The signed-in Actor; their scope bounds everything shown.")
    address = param.String(default="", doc="The console page an entry asks for (an event).")
    opened = param.Tuple(default=None, allow_None=True, length=2,
                         doc="(slug, record id) of the record the person chose to open.")

    def __init__(self, **params):
        super().__init__(**params)
        self.inbox = Inbox(runner=self.runner, actor=self.actor, heading="")
        self.inbox.param.watch(lambda event: setattr(self, "opened", event.new), "opened")
        self.glance = Glance(heading=_("Waiting for me"), placeholder=_("Search what waits"),
                             search_label=_("Search what waits"), sizing_mode="stretch_width")
        self.glance.param.watch(self._chosen, "chosen")
        self.glance.param.watch(self._sorted, "sort")
        self.glance.param.watch(lambda event: setattr(self.inbox, "query", event.new[:MAX_QUERY]),
                                "query")
        self.inbox.param.watch(lambda event: self._draw_waiting(), ["kind", "order"])
        self._layout = pn.Column(self.glance, self.inbox, sizing_mode="stretch_width")
        self._others = []
        self._read()

    # The console's tests and pages read these as they read the inbox's.
    rows = property(lambda self: self.inbox.rows)
    total = property(lambda self: self.inbox.total)

    def _sorted(self, event):
        if event.new in ORDERS:
            self.inbox.order = event.new

    def _chosen(self, event):
        # Checked again here: the component's values can be set from the browser too.
        key = event.new
        if key not in self.glance.keys():
            return
        if key.startswith(KIND):
            self.inbox.kind = key[len(KIND):]
        elif key.startswith("record:"):
            slug, _sep, number = key[len("record:"):].rpartition(":")
            self.opened = None          # opening the same record twice must fire again
            self.opened = (slug, int(number))
        else:
            self.address = ""
            self.address = key

    def refresh(self):
        """Read everything again: what waits and every section."""
        self.inbox.refresh()
        self._read()

    def _read(self):
        runner, actor = self.runner, self.actor
        self._others = [self._ending(runner, actor), self._disputes(runner, actor),
                        self._activities(runner, actor), self._stock(runner.services, actor),
                        self._quarter(runner.services, actor)]
        self._draw_waiting()

    def _draw_waiting(self):
        # A kind or an order chosen changes the first section and the sort buttons only.
        self.glance.param.update(
            sections=[self._waiting(), *self._others],
            sorts=[(key, _(label), key == self.inbox.order)
                   for key, (label, _key, _newest) in ORDERS.items()])

    def _line(self, record, detail: str) -> tuple:
        cls = self.runner.workflow(record.slug)
        words = " · ".join((display.title(cls), display.number(record),
                            display.summary(self.runner, record), detail))
        return (f"record:{record.slug}:{record.id}", words, _("Open"))

    def _waiting(self) -> tuple:
        entries = []
        if self.inbox.kind:
            entries.append((KIND, ngettext("All kinds: {n} record", "All kinds: {n} records",
                                           self.inbox.total).format(n=self.inbox.total),
                            _("Show")))
        for slug, count in day.waiting_by_kind(self.inbox.waiting):
            kind = display.title(self.runner.workflow(slug))
            entries.append((KIND + slug, ngettext("{kind}: {n} record", "{kind}: {n} records",
                                                  count).format(kind=kind, n=count),
                            _("Shown") if slug == self.inbox.kind else _("Show")))
        return (_("What waits for me, by kind"), "lines", entries, _("Nothing is waiting for you."))

    def _ending(self, runner, actor) -> tuple:
        entries = [self._line(item.record, _("{stage} ends {moment}").format(
            stage=_(item.stage), moment=display.moment(item.at)))
            for item in day.stages_ending(runner, actor)]
        return (_("Notice periods ending in the next {days} days").format(days=day.SOON_DAYS),
                "lines", entries, _("None"))

    def _disputes(self, runner, actor) -> tuple:
        entries = [self._line(record, ngettext(
            "{n} objection to decide", "{n} objections to decide",
            len(record.open_objections())).format(n=len(record.open_objections())))
            for record in day.objections_waiting(runner, actor)]
        entries += [self._line(record, _("appeal: {state}").format(
            state=display.state_label(runner.workflow(record.slug), record.state)))
            for record in day.appeals_waiting(runner, actor)]
        return (_("Objections and appeals waiting"), "lines", entries, _("None"))

    def _activities(self, runner, actor) -> tuple:
        entries = []
        for record in day.activities_on(runner, actor):
            values = record.values
            words = " · ".join((
                str(values.get("activity_title") or display.number(record)),
                "{}–{}".format(str(values.get("start") or "")[11:16],
                               str(values.get("end") or "")[11:16]),
                str(values.get("place") or display.EMPTY),
                display.state_label(runner.workflow(record.slug), record.state)))
            entries.append((f"volunteer:{record.id}", words, _("Sign-in sheet")))
        return (_("Activities today"), "lines", entries, _("No activity today."))

    def _stock(self, services, actor) -> tuple:
        # Those who stock the shelves go to the goods page; the others to the dashboard's stock.
        target = "goods" if actor.roles & GOODS_ROLES else "dashboard"
        entries = []
        for row in day.low_stock(services, actor):
            words = _("{name}: {stock} left (alert at {line})").format(
                name=row["name"], stock=row["stock"], line=row["low_stock"])
            if actor.community is None:
                words = (row["community"] or display.EMPTY) + " · " + words
            entries.append((target, words, _("Stock")))
        return (_("Low stock in the credit supermarket"), "lines", entries,
                _("No goods are running low."))

    def _quarter(self, services, actor) -> tuple:
        period = Period.current()
        figures = day.quarter_figures(services, actor, period)
        entries = [("dashboard", f"{figures['points']:,}", _("Points earned")),
                   ("dashboard", f"{figures['hours']:g}", _("Volunteer hours")),
                   ("dashboard", f"{figures['redeemed']:,}", _("Points redeemed")),
                   ("dashboard", f"{figures['participants']:,}", _("Residents taking part"))]
        return (_("This quarter: {period}").format(period=display.period(period)), "tiles",
                entries, "")

    def __panel__(self):
        return self._layout
