"""Staffing of the workflows: each step a community's staff accounts could never complete (a joint review short of signers)."""

import panel as pn
import param

from ..i18n import _
from ..kernel import catalog
from ..kernel.feasibility import place_shortfalls
from . import display


class StaffingReport(pn.viewable.Viewer):
    """For each community in the administrator's scope and each workflow, the steps its active
    staff accounts could not complete, and what is missing (a reviewer account): found
    here before a record reaches a dead end."""

    services = param.Parameter(doc="The engine services (registry and the staff accounts).")
    actor = param.Parameter(doc="The signed-in administrator; their communities are checked.")

    def __init__(self, **params):
        super().__init__(**params)
        self._table = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    def rows(self) -> list:
        """[community, workflow, step, what is missing] for every shortfall in scope."""
        staff = self.services.staff() or []
        registry = self.services.registry
        rows = []
        for community in registry.communities.list(None):
            place = {"subdistrict": community.get("subdistrict"), "community": community.doc_id,
                     "grid": None}
            if not self.actor.covers(place):
                continue
            for cls in catalog.all_workflows():
                for step, missing in place_shortfalls(cls, place, staff):
                    rows.append([community["name"], _(cls.title), _(step.label), missing])
        return rows

    def refresh(self):
        self._table.objects = [display.table(
            [_("Community"), _("Workflow"), _("Step"), _("What is missing")], self.rows(),
            empty=_("Every step of every workflow has the staff accounts it needs."))]

    def __panel__(self):
        return pn.Column(display.text(_(
            "Steps the staff accounts of a community could never complete, such as a joint "
            "review with fewer reviewers than it needs. Add the accounts named under "
            "Staff accounts.")), self._table, sizing_mode="stretch_width")
