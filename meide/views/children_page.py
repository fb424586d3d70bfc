"""Children (home guardians) in the console: each child's integrity index level and points, a
child added with a guardian, a guardian linked or changed (audited), and the children's
activities awarded from a form a grid worker or school contact fills; all in the staff's scope."""

import uuid

import panel as pn
import param

from .. import clock
from ..children import integrity_index
from ..children.awards import AWARD_ROLES, award_activity, child_rules
from ..children.guardians import MANAGE_ROLES, add_child, children, history, link_guardian
from ..errors import MeideError
from ..registry.people import GENDERS, age_on
from . import display
from .picker import ReferencePicker
from ..i18n import _

PAGE_ROLES = MANAGE_ROLES | AWARD_ROLES


class ChildrenPage(pn.viewable.Viewer):
    """The children within scope with their index; forms to add one, link a guardian, award."""

    services = param.Parameter(doc="The engine services: the registry, its search and the ledger.")
    actor = param.Parameter(doc="The signed-in Actor; every read and write stays in their scope.")

    def __init__(self, **params):
        super().__init__(**params)
        self.registry = self.services.registry.acting_as(self.actor.username)
        self.form_key = uuid.uuid4().hex
        self._index = pn.Column(sizing_mode="stretch_width")
        self._build_add()
        self._build_link()
        self._build_award()
        self.refresh()

    def may(self, roles) -> bool:
        return bool(set(self.actor.roles) & roles)

    # -- the forms -------------------------------------------------------------------------------

    def _build_add(self):
        self.child_name = pn.widgets.TextInput(label=_("Child's name"), width=160)
        self.child_gender = pn.widgets.Select(
            label=_("Gender"), options=dict(zip((_("Male"), _("Female")), GENDERS)), width=90)
        self.child_birth = pn.widgets.TextInput(label=_("Date of birth"), width=140,
                                                placeholder="2016-05-01")
        self.new_guardian = ReferencePicker(services=self.services, actor=self.actor,
                                            kind="resident", label=_("Guardian"))
        self.add_button = pn.widgets.Button(label=_("Add child"), color="primary")
        self.add_button.on_click(lambda event: self.add())
        self.add_outcome = pn.Column(sizing_mode="stretch_width")

    def _build_link(self):
        self.link_child = pn.widgets.Select(label=_("Child"), width=220)
        self.link_child.param.watch(lambda event: self._show_history(), "value")
        self.link_guardian = ReferencePicker(services=self.services, actor=self.actor,
                                             kind="resident", label=_("New guardian"))
        self.link_reason = pn.widgets.TextInput(label=_("Reason for the change"), width=260)
        self.link_button = pn.widgets.Button(label=_("Link guardian"), color="primary")
        self.link_button.on_click(lambda event: self.link())
        self.link_outcome = pn.Column(sizing_mode="stretch_width")
        self._history = pn.Column(sizing_mode="stretch_width")

    def _build_award(self):
        self.award_children = pn.widgets.MultiChoice(label=_("Children taking part"), options={},
                                                     sizing_mode="stretch_width")
        rules = child_rules(self.services.ledger.catalogue, self.actor.community)
        self.award_rule = pn.widgets.Select(
            label=_("Activity"), options={rule.name: rule.code for rule in rules}, width=260)
        self.award_date = pn.widgets.DatePicker(label=_("Date of the activity"),
                                                value=clock.today(), width=160)
        self.award_note = pn.widgets.TextInput(label=_("Note on the activity"), width=300)
        self.award_button = pn.widgets.Button(label=_("Award points"), color="primary")
        self.award_button.on_click(lambda event: self.award())
        self.award_outcome = pn.Column(sizing_mode="stretch_width")

    # -- actions ---------------------------------------------------------------------------------

    def add(self) -> int | None:
        """Add the child typed in, in their guardian's household; its id, or None if refused."""
        guardian = self.new_guardian.value
        try:
            household = self.registry.residents.get(guardian)["household"] \
                if guardian is not None else None
            child = add_child(self.registry, guardian=guardian, name=self.child_name.value,
                              gender=self.child_gender.value, birth_date=self.child_birth.value,
                              household=household)
        except MeideError as exc:
            self.add_outcome.objects = [display.failure(exc)]
            return None
        self.add_outcome.objects = [display.alert(
            _("{name} was added as a child.").format(name=self.child_name.value), "success")]
        self.child_name.value = self.child_birth.value = ""
        self.refresh()
        self.link_child.value = child
        return child

    def link(self) -> bool:
        """Make the chosen resident the chosen child's guardian (audited)."""
        try:
            changed = link_guardian(self.registry, self.link_child.value,
                                    self.link_guardian.value, self.link_reason.value)
        except MeideError as exc:
            self.link_outcome.objects = [display.failure(exc)]
            return False
        self.link_outcome.objects = [display.alert(
            _("The guardian was changed.") if changed else
            _("That resident is already the child's guardian."),
            "success" if changed else "warning")]
        self.link_reason.value = ""
        self.refresh()
        return changed

    def award(self) -> list:
        """Award the chosen activity to the chosen children; one outcome each."""
        try:
            outcomes = award_activity(
                self.registry, self.services.ledger, roles=self.actor.roles,
                children=self.award_children.value, rule=self.award_rule.value,
                on=self.award_date.value, note=self.award_note.value, form_key=self.form_key)
        except MeideError as exc:
            self.award_outcome.objects = [display.failure(exc)]
            return []
        self.form_key = uuid.uuid4().hex
        given = [o for o in outcomes if o.points]
        rows = [[o.name, str(o.points) if o.points else "", o.problem] for o in outcomes]
        self.award_outcome.objects = [
            display.alert(_("{count} of {total} children were awarded points.").format(
                count=len(given), total=len(outcomes)),
                "success" if len(given) == len(outcomes) else "warning"),
            display.table([_("Child"), _("Points"), _("Problem")], rows)]
        if given:
            self.award_children.value, self.award_note.value = [], ""
        self.refresh()
        return outcomes

    # -- what is shown ---------------------------------------------------------------------------

    def refresh(self):
        found = children(self.registry)
        today, ledger = self.registry.today(), self.services.ledger
        rows = []
        for child in found:
            index = integrity_index(self.registry, ledger, child.doc_id)
            guardian = index["guardian"]["name"] if index["guardian"] else _("none")
            rows.append([child["name"], str(age_on(child.get("birth_date"), today) or ""),
                         guardian, index["level"], str(index["points"]),
                         str(index["child_rule_points"]),
                         _("{points} to {level}").format(points=index["to_next"],
                                                         level=index["next_level"])
                         if index["next_level"] else ""])
        self._index.objects = [display.table(
            [_("Name"), _("Age"), _("Guardian"), _("Index level"), _("Points"),
             _("Of them from child rules"), _("Next level")], rows,
            empty=_("No children are registered within your scope."))]
        options = {f"{child['name']} #{child.doc_id}": child.doc_id for child in found}
        chosen = self.link_child.value
        self.link_child.options = options
        self.link_child.value = chosen if chosen in options.values() else (
            next(iter(options.values()), None))
        self.award_children.options = options
        self._show_history()

    def _show_history(self):
        child = self.link_child.value
        if child is None:
            self._history.objects = []
            return
        rows = [[display.moment(entry["at"]), entry["actor"], entry["old"] or _("none"),
                 entry["new"], entry["note"]] for entry in history(self.registry, child)]
        self._history.objects = [display.table(
            [_("When"), _("Who"), _("Old guardian"), _("New guardian"), _("Note")], rows,
            empty=_("The guardian has not been changed."))]

    def __panel__(self):
        parts = [display.heading(_("Children (home guardians)")), self._index]
        if self.may(MANAGE_ROLES):
            parts += [display.heading(_("Add a child"), 3),
                      display.text(_("The child joins the guardian's household.")),
                      pn.Row(self.child_name, self.child_gender, self.child_birth),
                      self.new_guardian, self.add_button, self.add_outcome,
                      display.heading(_("Link or change a guardian"), 3),
                      pn.Row(self.link_child, self.link_reason), self.link_guardian,
                      self.link_button, self.link_outcome,
                      display.heading(_("Guardian changes"), 4), self._history]
        if self.may(AWARD_ROLES):
            parts += [display.heading(_("Award a home guardian activity"), 3),
                      self.award_children, pn.Row(self.award_rule, self.award_date),
                      self.award_note, self.award_button, self.award_outcome]
        return pn.Column(*parts, sizing_mode="stretch_width")
