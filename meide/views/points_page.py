"""Points in the console: a resident's balance and entries, and the quarter's ranking in scope."""

import panel as pn
import param

from ..children import NotAChild, integrity_index
from ..i18n import _
from ..periods import Period
from . import display
from .dashboard import QUARTERS
from .picker import ReferencePicker

HISTORY_ROWS = 30
RANKING_ROWS = 20


class PointsPage(pn.viewable.Viewer):
    """Look a resident up (within scope) for their balance and latest entries; see who leads."""

    services = param.Parameter(doc="The kernel services: registry search in scope and the ledger.")
    actor = param.Parameter(doc="The signed-in Actor; lookups and rankings stay in their scope.")

    def __init__(self, **params):
        super().__init__(**params)
        self.picker = ReferencePicker(services=self.services, actor=self.actor, kind="resident",
                                      label=_("Resident"))
        self.picker.param.watch(lambda event: self._show_resident(), "value")
        quarters = Period.recent(QUARTERS)
        self.quarter_choice = pn.widgets.Select(
            label=_("Quarter"), width=200, value=quarters[0],
            options=display.period_options(quarters))
        self.quarter_choice.param.watch(lambda event: self._show_ranking(), "value")
        self._resident = pn.Column(sizing_mode="stretch_width")
        self._shown = None              # the standing of the resident shown, to see changes
        self._ranking = pn.Column(sizing_mode="stretch_width")
        self._show_ranking()

    def refresh_if_changed(self):
        """Redraw the resident shown when their account changed in another session (called
        every second while the page is shown)."""
        if self.picker.value is not None and self._standing(self.picker.value) != self._shown:
            self._show_resident()

    def _standing(self, resident_id):
        """What changes with every entry of the account: its balance and its points earned."""
        key = self.services.account("resident", resident_id).key
        return self.services.ledger.balance(key), self.services.ledger.total(key)

    def _show_resident(self):
        resident_id = self.picker.value
        if resident_id is None:
            self._resident.objects = []
            return
        account = self.services.account("resident", resident_id)   # scope checked by the search
        ledger = self.services.ledger
        self._shown = self._standing(resident_id)
        lines = ledger.statement(account.key).lines[-HISTORY_ROWS:][::-1]
        self._resident.objects = [
            display.text(_("Balance {balance} points; earned {earned} in all.").format(
                balance=ledger.balance(account.key), earned=ledger.total(account.key))),
            *self._child_index(resident_id),
            display.table([_("Time"), _("Entry"), _("Points"), _("Balance"), _("Reason")],
                          [[display.moment(line.at), line.op_label, line.points, line.balance,
                            line.reason] for line in lines], empty=_("No entries yet.")),
        ]

    def _child_index(self, resident_id) -> list:
        """For a child (a home guardian): the integrity index level and the guardian."""
        try:
            index = integrity_index(self.services.registry, self.services.ledger, resident_id)
        except NotAChild:
            return []
        lines = [_("Home guardian integrity index: {level}").format(level=index["level"])]
        if index["next_level"]:
            lines.append(_("{points} more points to {level}").format(
                points=index["to_next"], level=index["next_level"]))
        if index["guardian"]:
            lines.append(_("Guardian: {name}").format(name=index["guardian"]["name"]))
        return [display.alert(_("; ").join(lines), "info")]

    def _show_ranking(self):
        start, end = self.quarter_choice.value.bounds
        community = self.actor.community
        # A subdistrict officer's ranking: the ledger ranks every community, so the rows of
        # the other subdistricts' are left out here (before the top rows are taken).
        places = (None if community or self.actor.subdistrict is None else
                  {str(doc.doc_id) for doc in self.services.registry.communities.list(
                      self.actor.scope)})
        ranking = self.services.ledger.ranking(start, end, by="grid" if community else "community",
                                               kind="resident", community=community,
                                               top=RANKING_ROWS if places is None else None)
        describe = self.services.describe
        rows = [[row.rank, describe("resident", row.account.partition(":")[2]), row.points,
                 _group_name(self.services, row)] for row in ranking
                if (self.actor.grid is None or str(row.grid) == str(self.actor.grid))
                and (places is None or str(row.community) in places)][:RANKING_ROWS]
        self._ranking.objects = [display.table([_("Rank"), _("Resident"), _("Points"),
                                                _("Place")], rows, empty=_("None"))]

    def __panel__(self):
        return pn.Column(display.heading(_("Points")),
                         pn.Row(pn.Column(display.heading(_("A resident's points"), 3),
                                          self.picker, self._resident, width=620),
                                pn.Column(display.heading(_("Quarter ranking"), 3),
                                          self.quarter_choice, self._ranking, width=520)),
                         sizing_mode="stretch_width")


def _group_name(services, row) -> str:
    registry = services.registry
    try:
        if row.grid is not None:
            return registry.grids.get(int(row.grid))["name"]
        return registry.communities.get(int(row.community))["name"]
    except (LookupError, ValueError, TypeError):
        return ""
