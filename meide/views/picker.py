"""A reference field: type part of a name, choose among matches looked up on the server in scope."""

import panel as pn
import param

from ..i18n import _
from .display import describe

# The prompt's value in the match list. Not None: Panel sends a None value to the browser as ''
# while the option is 'None', so the browser would show an empty box instead of the prompt.
NOBODY = ""
# Kinds a grid or a community holds few enough of to offer before anything is typed (a grid
# worker need not know a unit's name to find the units of their grid); never people.
BROWSED = frozenset({"merchant", "unit", "team", "building", "community", "grid"})


class ReferencePicker(pn.viewable.Viewer):
    """Search box plus a list of matches from services.search(kind, text, actor).

    Only the matches for what was typed reach the browser (at most `limit`), never the roster;
    the services apply the actor's scope.
    """

    services = param.Parameter(doc="The engine services whose search() finds registry records.")
    actor = param.Parameter(doc="The signed-in Actor; searches are limited to their scope.")
    kind = param.String(default="resident", doc="Which registry records to search (resident…).")
    label = param.String(default="", doc="The field label shown above the search box.")
    query = param.String(default="", doc="What was typed; matches are looked up as it changes.")
    value = param.Integer(default=None, allow_None=True, doc="The chosen record's id, or None.")
    limit = param.Integer(default=20, bounds=(1, 100), doc="At most this many matches are shown.")

    def __init__(self, **params):
        super().__init__(**params)
        self.search_box = pn.widgets.TextInput(
            label=self.label, placeholder=_("Type a name, pinyin initials or phone digits"),
            sizing_mode="stretch_width")
        self.choice = pn.widgets.Select(label="", options=self._options([]), value=NOBODY,
                                        sizing_mode="stretch_width")
        self.search_box.param.watch(self._typed, "value_input")
        self.choice.param.watch(self._chosen, "value")
        if self.kind in BROWSED:
            self._look_up()
        elif self.value is not None:
            self._keep_current()

    def _matches(self, text: str) -> list:
        """What the services find for text; with nothing typed, the first records in scope of
        a kind that is browsed, else none."""
        if not text and self.kind not in BROWSED:
            return []
        return self.services.search(self.kind, text, self.actor, limit=self.limit)

    def _options(self, matches) -> dict:
        prompt = _("Choose from the matches") if matches else _("No matches yet: type to search")
        options = {prompt: NOBODY}
        for record_id, label in matches:
            # Two residents may share a name; the number keeps the choices apart.
            options[label if label not in options else f"{label} #{record_id}"] = record_id
        return options

    def _typed(self, event):
        self.query = event.new or ""

    @param.depends("query", watch=True)
    def _look_up(self):
        matches = self._matches(self.query.strip())
        chosen = self.value
        options = self._options(matches[:self.limit])
        if chosen is not None and chosen not in options.values():
            options[describe(self.services, self.kind, chosen)] = chosen
        self.choice.options = options
        self.choice.value = NOBODY if chosen is None else chosen

    def _chosen(self, event):
        self.value = None if event.new == NOBODY else event.new

    def _keep_current(self):
        options = self._options([])
        options[describe(self.services, self.kind, self.value)] = self.value
        self.choice.options = options
        self.choice.value = self.value

    def __panel__(self):
        return pn.Column(self.search_box, self.choice, margin=0, sizing_mode="stretch_width")
