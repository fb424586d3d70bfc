"""Settings → role-model categories: the subdistrict's default list and communities' own lists."""

import panel as pn
import param

from ..errors import MeideError
from ..i18n import _
from ..recognition import RoleModelCategories, parse_categories
from . import display

DEFAULT = "default"        # the Select's value for the subdistrict's default list


class CategorySettings(pn.viewable.Viewer):
    """Edit one category list at a time; each save is a new version, in force for new
    nominations at once. The book refuses (and audits) a list outside the actor's scope, whatever
    the browser sends."""

    registry = param.Parameter(doc="The registry acting as the signed-in staff member "
                                   "(community names).")
    actor = param.Parameter(doc="The signed-in Actor: a subdistrict administrator edits every "
                                "list, a community administrator their community's.")

    def __init__(self, **params):
        super().__init__(**params)
        self.book = RoleModelCategories(self.registry.store)
        self.places = self._places()
        self.which = pn.widgets.Select(label=_("Category list"), width=220, options={
            name: key for key, name in self.places.items()})
        self.names = pn.widgets.TextAreaInput(label=_("Categories, one per line"), rows=8,
                                              width=300)
        self.save_button = pn.widgets.Button(label=_("Save as a new version"), color="primary",
                                             align="end")
        self.save_button.on_click(lambda event: self.save())
        self.follow_button = pn.widgets.Button(label=_("Use the subdistrict's default list"),
                                               align="end")
        self.follow_button.on_click(lambda event: self.follow_default())
        self.which.param.watch(lambda event: self.refresh(), "value")
        self.status = pn.Column(sizing_mode="stretch_width")
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self._lists = pn.Column(sizing_mode="stretch_width")
        self._history = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    def _places(self) -> dict:
        """{list key: name} of the lists this person may edit (only those are offered)."""
        if self.actor.community is not None:
            community = self.registry.communities.get(self.actor.community)
            return {self.actor.community: community["name"]}
        places = {DEFAULT: _("Subdistrict default")}
        places.update((doc.doc_id, doc["name"]) for doc in self.registry.communities.list())
        return places

    @property
    def community(self):
        """The chosen list's community id, or None for the default list."""
        return None if self.which.value == DEFAULT else self.which.value

    def refresh(self):
        community, name = self.community, self.places.get(self.which.value, "")
        own = self.book.own(community) if community is not None else self.book.default()
        self.names.value = "\n".join(own or self.book.default())
        self.follow_button.visible = community is not None and own is not None
        self.status.objects = [] if own is not None else [display.text(_(
            "{name} has no list of its own and offers the subdistrict's default list.").format(
                name=name))]
        rows = []
        for key, place in self.places.items():
            key = None if key == DEFAULT else key
            latest = self.book.current(key)
            categories = self.book.offered(key)
            rows.append([place, _(", ").join(categories),
                         latest["version"] if latest else "", latest["actor"] if latest else "",
                         latest["at"][:16].replace("T", " ") if latest else ""])
        self._lists.objects = [display.table(
            [_("Category list"), _("Categories in force"), _("Version"), _("Changed by"),
             _("Time")], rows)]
        history = [[doc["version"], _(", ").join(doc["categories"]) if doc["categories"]
                    else _("Subdistrict default"), doc["actor"],
                    doc["at"][:16].replace("T", " ")]
                   for doc in reversed(self.book.versions(community))]
        self._history.objects = [display.heading(_("Changes of {name}").format(name=name), 3),
                                 display.table([_("Version"), _("Categories in force"),
                                                _("Changed by"), _("Time")], history,
                                               empty=_("Not changed yet."))]

    def _store(self, categories) -> dict | None:
        try:
            return self.book.save(categories, actor=self.actor, community=self.community)
        except MeideError as exc:       # a bad list, or not theirs to change
            self.feedback.objects = [display.alert(str(exc), "warning")]
            return None

    def save(self):
        saved = self._store(parse_categories(self.names.value))
        if saved is None:
            return
        self.feedback.objects = [display.alert(_(
            "Saved: {name} is now at version {version}. New nominations offer these categories "
            "at once; records already nominated keep their category.").format(
                name=self.places[self.which.value], version=saved["version"]), "success")]
        self.refresh()

    def follow_default(self):
        saved = self._store(None)
        if saved is None:
            return
        self.feedback.objects = [display.alert(_(
            "{name} now offers the subdistrict's default list again (version {version}).").format(
                name=self.places[self.which.value], version=saved["version"]), "success")]
        self.refresh()

    def __panel__(self):
        return pn.Column(
            display.text(_("The categories offered when a role model is nominated. A community "
                           "without a list of its own offers the subdistrict's default list.")),
            pn.Row(self.which, self.names, pn.Column(self.save_button, self.follow_button)),
            self.status, self.feedback, self._lists, self._history, sizing_mode="stretch_width")
