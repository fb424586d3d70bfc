"""A first page that reads from the registry: the subdistrict's communities and their people."""

import panel as pn
import param

from .. import runtime
from ..i18n import _
from . import display


class StoreOverview(pn.viewable.Viewer):
    """Shows what the data folder holds, so staff can see the app is on the right data."""

    title = param.String(default="", doc="Heading shown above the overview ('' for the app name).")

    def community_rows(self) -> list[str]:
        registry = runtime.get_registry()
        rows = []
        for community in registry.communities.list():
            scope = registry.scope_named(community["name"])
            subdistrict = registry.subdistricts.get(community["subdistrict"])["name"]
            rows.append(_(
                "{community} ({subdistrict}): {grids} grids, {buildings} buildings, "
                "{households} households, {residents} residents, {merchants} merchants, "
                "{teams} volunteer teams").format(
                community=community["name"], subdistrict=subdistrict,
                grids=registry.grids.count(scope), buildings=registry.buildings.count(scope),
                households=registry.households.count(scope),
                residents=registry.residents.count(scope),
                merchants=registry.merchants.count(scope), teams=registry.teams.count(scope)))
        return rows

    def __panel__(self):
        opened = runtime.get_store()
        counts = {name: len(opened.table(name)) for name in sorted(opened.db.tables())}
        communities = self.community_rows()
        tables = [_("{table}: {count} records").format(table=name, count=count)
                  for name, count in counts.items()]
        return pn.Column(
            display.heading(self.title or _("Meide virtue credit"), 1),
            display.heading(_("Communities"), 3),
            pn.pane.Markdown("\n".join(f"- {row}" for row in communities)) if communities
            else display.text(_("No communities yet.")),
            display.heading(_("Data tables"), 3),
            pn.pane.Markdown("\n".join(f"- {row}" for row in tables)),
        )
