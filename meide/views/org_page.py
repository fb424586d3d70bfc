"""The organisation in the console: the tree of communities, grids, estates, buildings and stairwells
in the staff member's scope, with forms to add, rename and retire its places and to set the grid
workers and building leaders (the registry acting as the staff member enforces the scope)."""

import re

import panel as pn
import param

from ..i18n import N_, _
from ..audit import READ_ALL_ROLES, READ_COMMUNITY_ROLES
from ..registry.org_tree import tree
from . import display

# Who may change the organisation: the subdistrict's administrators, a community's within it.
ORG_ROLES = READ_ALL_ROLES | READ_COMMUNITY_ROLES
# Stairwells typed in one box: separated by commas (either width), 、 or spaces.
UNIT_SEPARATORS = re.compile(r"[,\uff0c\u3001\s]+")
KINDS = {"community": N_("Community"), "grid": N_("Grid"), "estate": N_("Estate"),
         "building": N_("Building"), "unit": N_("Stairwell")}


class OrgPage(pn.viewable.Viewer):
    """The tree and three forms: add a place, rename or retire one, name grid workers and
    building leaders."""

    registry = param.Parameter(doc="The registry acting as the signed-in staff member.")
    actor = param.Parameter(doc="The signed-in Actor (an administrator of a subdistrict or "
                            "community).")

    def __init__(self, **params):
        super().__init__(**params)
        if not (self.actor is not None and self.actor.roles & ORG_ROLES):
            raise PermissionError(_("Only administrators may change the organisation."))
        self.org = self.registry.org
        kinds = {_(label): kind for kind, label in KINDS.items()}
        select = dict(width=180)
        # Adding
        self.add_kind = pn.widgets.Select(label=_("Add a"), options=kinds, value="estate", **select)
        self.add_community = pn.widgets.Select(label=_("Community"), **select)
        self.add_name = pn.widgets.TextInput(label=_("Place name"), width=180,
                                             placeholder=_("e.g. 1 or Building 1"))
        self.add_estate = pn.widgets.Select(label=_("Estate (for a building)"), **select)
        self.add_grid = pn.widgets.Select(label=_("Grid (for a building)"), **select)
        self.add_building = pn.widgets.Select(label=_("Building (for a stairwell)"), **select)
        self.add_units = pn.widgets.TextInput(label=_("Stairwells (for a building)"), width=180,
                                              placeholder=_("e.g. 1, 2, 3"))
        self.add_button = pn.widgets.Button(label=_("Add"), color="primary", align="end")
        # Renaming and retiring
        self.kind = pn.widgets.Select(label=_("What"), options=kinds, value="building", **select)
        self.community = pn.widgets.Select(label=_("In community"), **select)
        self.place = pn.widgets.Select(label=_("Which one"), **select)
        self.new_name = pn.widgets.TextInput(label=_("New name"), width=180)
        self.move_to = pn.widgets.Select(label=_("Residents move to (when retiring)"), **select)
        self.rename_button = pn.widgets.Button(label=_("Rename"), align="end")
        self.retire_button = pn.widgets.Button(label=_("Retire"), color="danger",
                                               align="end")
        # Who is where
        self.people_community = pn.widgets.Select(label=_("Community of the grid or building"), **select)
        self.grid = pn.widgets.Select(label=_("Grid"), **select)
        self.worker = pn.widgets.TextInput(label=_("Grid worker's username"), width=180)
        self.worker_button = pn.widgets.Button(label=_("Set grid worker"), align="end")
        self.building = pn.widgets.Select(label=_("Building"), **select)
        self.leader = pn.widgets.TextInput(label=_("Building leader (a resident's name)"),
                                           width=220)
        self.leader_button = pn.widgets.Button(label=_("Set building leader"), align="end")
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self._tree = pn.Column(sizing_mode="stretch_width")
        for widget in (self.add_community, self.add_kind):
            widget.param.watch(lambda e: self._fill_add(), "value")
        for widget in (self.kind, self.community):
            widget.param.watch(lambda e: self._fill_places(), "value")
        self.people_community.param.watch(lambda e: self._fill_people(), "value")
        self.add_button.on_click(lambda e: self._do(self._add, _("Added.")))
        self.rename_button.on_click(lambda e: self._do(self._rename, _("Renamed.")))
        self.retire_button.on_click(lambda e: self._do(self._retire, _("Retired.")))
        self.worker_button.on_click(lambda e: self._do(self._set_worker, _("Grid worker set.")))
        self.leader_button.on_click(lambda e: self._do(self._set_leader,
                                                       _("Building leader set.")))
        self.refresh()

    # -- options -------------------------------------------------------------------------------

    def _communities(self) -> dict:
        return {doc["name"]: doc.doc_id for doc in self.registry.communities.list(None)}

    def _in(self, book, community) -> dict:
        if community is None:
            return {}
        return {doc["name"]: doc.doc_id for doc in
                getattr(self.registry, book).list(None, community=community)}

    def _places(self, kind, community) -> dict:
        if kind == "community":
            return self._communities()
        if kind == "unit":
            return {f"{doc['name']}{unit}": f"{doc.doc_id}|{unit}" for doc in
                    self.registry.buildings.list(None, community=community)
                    for unit in doc.get("units", [])} if community is not None else {}
        if kind == "estate":
            return {name: name for name in self._estates(community)}
        return self._in({"grid": "grids", "building": "buildings"}[kind], community)

    def refresh(self):
        communities = self._communities()
        for widget in (self.add_community, self.community, self.people_community):
            keep = widget.value
            widget.options = communities
            widget.value = keep if keep in communities.values() else next(
                iter(communities.values()), None)
        self._fill_add()
        self._fill_places()
        self._fill_people()
        self._tree.objects = self._tree_views()

    def _fill_add(self):
        community = self.add_community.value
        self.add_estate.options = {_("(no estate)"): "",
                                   **{name: name for name in self._estates(community)}}
        self.add_grid.options = self._in("grids", community)
        self.add_building.options = self._in("buildings", community)

    def _estates(self, community) -> list:
        """The estates of community: those with records, and those only named on buildings
        (entered before estates had records of their own)."""
        if community is None:
            return []
        named = [doc["name"] for doc in self.registry.estates.list(None, community=community)]
        on_buildings = {doc["estate"] for doc in
                        self.registry.buildings.list(None, community=community)
                        if doc.get("estate")}
        return named + sorted(on_buildings - set(named))

    def _fill_places(self):
        places = self._places(self.kind.value, self.community.value)
        self.place.options = places
        self.move_to.options = {_("(nothing to move)"): "", **places}

    def _fill_people(self):
        self.grid.options = self._in("grids", self.people_community.value)
        self.building.options = self._in("buildings", self.people_community.value)

    # -- actions -------------------------------------------------------------------------------

    def _do(self, action, done: str):
        try:
            action()
        except Exception as exc:        # shown as the registry words it; never a traceback
            self.feedback.objects = [display.failure(exc)]
            return
        self.refresh()
        self.feedback.objects = [display.alert(done, "success")]

    def _add(self):
        kind, community = self.add_kind.value, self.add_community.value
        name = self.add_name.value
        if kind == "community":
            self.org.add_community(name)
        elif kind == "grid":
            self.org.add_grid(community, name)
        elif kind == "estate":
            self.org.add_estate(community, name)
        elif kind == "building":
            units = [part for part in UNIT_SEPARATORS.split(self.add_units.value) if part]
            self.org.add_building(community, name, self.add_grid.value,
                                  estate=self.add_estate.value or None, units=units or None)
        else:
            self.org.add_unit(self.add_building.value, name)
        self.add_name.value = ""

    def _unit(self, value) -> tuple:
        building, _sep, unit = str(value or "").partition("|")
        return building, unit

    def _rename(self):
        kind = self.kind.value
        if kind == "unit":
            building, unit = self._unit(self.place.value)
            self.org.rename_unit(building, unit, self.new_name.value)
        else:
            self.org.rename(kind, self.place.value, self.new_name.value,
                            community=self.community.value)
        self.new_name.value = ""

    def _retire(self):
        kind = self.kind.value
        if kind == "unit":
            building, unit = self._unit(self.place.value)
            self.org.retire_unit(building, unit, self._unit(self.move_to.value)[1] or None)
        else:
            self.org.retire(kind, self.place.value, to=self.move_to.value or None,
                            community=self.community.value)

    def _set_worker(self):
        self.org.set_grid_worker(self.grid.value, self.worker.value.strip() or None)

    def _set_leader(self):
        self.org.set_building_leader(self.building.value, self.leader.value.strip() or None)

    # -- the tree ------------------------------------------------------------------------------

    def _tree_views(self) -> list:
        views = []
        for node in tree(self.registry):
            views.append(display.heading(node.doc["name"], 3))
            views.append(display.table(
                [_("Grid"), _("Buildings"), _("Grid worker")],
                [[grid["name"], str(count), grid.get("worker") or ""] for grid, count in node.grids],
                empty=_("No grids yet.")))
            rows = [[estate or _("(no estate)"), b.doc["name"], b.grid, _(", ").join(b.units),
                     str(b.households), b.leader]
                    for estate, buildings in node.estates.items() for b in buildings]
            rows += [[estate, "", "", "", "", ""] for estate, buildings in node.estates.items()
                     if not buildings]
            views.append(display.table(
                [_("Estate"), _("Building"), _("Grid"), _("Stairwell"), _("Households"),
                 _("Building leader")], rows, empty=_("No buildings yet.")))
        return views or [display.text(_("No communities in your scope."))]

    def __panel__(self):
        return pn.Column(
            display.heading(_("Organisation")),
            self.feedback,
            display.heading(_("Add"), 3),
            pn.Row(self.add_kind, self.add_community, self.add_name, self.add_estate,
                   self.add_grid, self.add_building, self.add_units, self.add_button),
            display.heading(_("Rename or retire"), 3),
            pn.Row(self.kind, self.community, self.place, self.new_name, self.rename_button,
                   self.move_to, self.retire_button),
            display.heading(_("Grid workers and building leaders"), 3),
            pn.Row(self.people_community, self.grid, self.worker, self.worker_button),
            pn.Row(self.building, self.leader, self.leader_button),
            self._tree, sizing_mode="stretch_width")
