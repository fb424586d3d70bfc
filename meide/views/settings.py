"""Settings: staff accounts and scoring rules (subdistrict), role-model categories (communities)."""

import panel as pn
import param

from ..errors import MeideError
from ..i18n import _
from ..registry import ROLES, generate_password
from ..registry.signin import SignIn
from . import display
from .category_settings import CategorySettings
from .children_names import ChildrenNames
from .staffing import StaffingReport

SETTINGS_ROLES = frozenset(role for role, levels in ROLES.items() if levels == ("subdistrict",))
# A community administrator opens settings for their community's role-model categories only.
COMMUNITY_SETTINGS_ROLES = frozenset(role for role, levels in ROLES.items()
                                     if levels == ("community",))
CAPS = ("day_cap", "month_cap", "year_cap")


def may_change_subdistrict_settings(actor) -> bool:
    """Staff accounts and scoring rules: subdistrict administrators only."""
    return actor is not None and bool(actor.roles & SETTINGS_ROLES) and actor.community is None


def may_change_settings(actor) -> bool:
    """Whether the settings page opens at all (the console's navigation asks this)."""
    return may_change_subdistrict_settings(actor) or (
        actor is not None and bool(actor.roles & COMMUNITY_SETTINGS_ROLES)
        and actor.community is not None)


class StaffAccounts(pn.viewable.Viewer):
    """Every staff account; add one, disable or enable it, reset its password, lift the waits
    wrong passwords put on its sign-in. A new or reset password is changed by its owner at the
    next sign-in; disabling or resetting ends the account's open sessions."""

    registry = param.Parameter(doc="The registry acting as the signed-in administrator.")
    signin = param.Parameter(default=None, doc="The SignIn whose wrong-password counts are "
                                               "shown and cleared (default: one over the "
                                               "registry's store).")

    def __init__(self, **params):
        super().__init__(**params)
        if self.signin is None:
            self.signin = SignIn(self.registry.store, self.registry)
        self.username = pn.widgets.TextInput(label=_("Username"), placeholder=_("letters, digits"),
                                             width=150)
        self.display_name = pn.widgets.TextInput(label=_("Name"), width=120)
        self.role = pn.widgets.Select(label=_("Role"), options={_(r): r for r in ROLES},
                                      width=140)
        self.scope = pn.widgets.TextInput(label=_("Scope"), width=220,
                                          placeholder=_("e.g. Beimen community/first grid"))
        self.add_button = pn.widgets.Button(label=_("Add account"), color="primary",
                                            align="end")
        self.add_button.on_click(lambda event: self.add())
        self.chosen = pn.widgets.Select(label=_("Account"), options=[], width=200)
        self.disable_button = pn.widgets.Button(label=_("Disable / enable"), align="end")
        self.disable_button.on_click(lambda event: self.toggle())
        self.reset_button = pn.widgets.Button(label=_("Reset password"), color="warning",
                                              align="end")
        self.reset_button.on_click(lambda event: self.reset())
        self.unlock_button = pn.widgets.Button(label=_("Lift sign-in waits"), align="end")
        self.unlock_button.on_click(lambda event: self.unlock())
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self._table = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    def refresh(self):
        accounts = self.registry.staff.list(None)
        self.chosen.options = [doc["username"] for doc in accounts]
        names = {doc.doc_id: doc["name"] for doc in self.registry.communities.list()}
        rows = []
        for doc in accounts:
            place = names.get(doc.get("community"), "") if doc.get("community") else _("Subdistrict")
            failures = self.signin.failures(doc["username"])
            rows.append([doc["username"], doc.get("display_name", ""),
                         _(", ").join(_(role) for role in doc.get("roles") or ()), place,
                         _("Disabled") if doc.get("disabled") else _("Active"),
                         _("Must change password") if doc.get("must_change_password") else "",
                         _("{count} wrong passwords in the last hour").format(count=failures)
                         if failures else ""])
        self._table.objects = [display.table(
            [_("Username"), _("Name"), _("Roles"), _("Scope"), _("Status"), _("Password"),
             _("Sign-in")], rows)]

    def _done(self, message, kind="success"):
        self.feedback.objects = [display.alert(message, kind)]
        self.refresh()

    def add(self):
        password = generate_password()
        try:
            self.registry.staff.add(self.username.value.strip(), self.display_name.value.strip(),
                                    password, [self.role.value], self.scope.value.strip())
        except MeideError as exc:
            self.feedback.objects = [display.failure(exc)]
            return
        self._done(_("Account {username} added. Its first password is {password} — give it to "
                     "the person; it is not shown again, and they choose their own at the first "
                     "sign-in.").format(
                         username=self.username.value.strip(), password=password))
        self.username.value = self.display_name.value = ""

    def toggle(self):
        if not self.chosen.value:
            return
        account = self.registry.staff.by_username(self.chosen.value)
        self.registry.staff.disable(self.chosen.value, not account.get("disabled"))
        self._done((_("Account {username} is now {status}.") if account.get("disabled") else
                    _("Account {username} is now {status}; its open sessions have ended.")).format(
            username=self.chosen.value,
            status=_("Active") if account.get("disabled") else _("Disabled")))

    def reset(self):
        if not self.chosen.value:
            return
        password = generate_password()
        self.registry.staff.reset_password(self.chosen.value, password)
        self._done(_("The new password of {username} is {password} — give it to the person; it "
                     "is not shown again, and they choose their own at the next sign-in. The "
                     "account's open sessions have ended.").format(username=self.chosen.value,
                                                                   password=password),
                   "warning")

    def unlock(self):
        """Forget the chosen account's wrong passwords: its sign-in waits end (audited)."""
        if not self.chosen.value:
            return
        forgotten = self.signin.unlock(self.chosen.value, self.registry.actor)
        self._done(_("Sign-in waits of {username} lifted ({count} wrong passwords "
                     "forgotten).").format(username=self.chosen.value, count=forgotten))

    def __panel__(self):
        return pn.Column(
            pn.Row(self.username, self.display_name, self.role, self.scope, self.add_button),
            pn.Row(self.chosen, self.disable_button, self.reset_button, self.unlock_button),
            self.feedback, self._table, sizing_mode="stretch_width")


class RuleSettings(pn.viewable.Viewer):
    """The subdistrict's rules in force; changing points or caps makes a new version from today."""

    catalogue = param.Parameter(doc="The points Catalogue (versioned rules) to show and change.")
    actor = param.Parameter(doc="The signed-in administrator, named on the new rule version.")

    def __init__(self, **params):
        super().__init__(**params)
        self.code = pn.widgets.Select(label=_("Rule"), options={}, width=260)
        self.points = pn.widgets.IntInput(label=_("Points"), width=90)
        self.caps = {name: pn.widgets.TextInput(label=label, width=90) for name, label in (
            ("day_cap", _("Daily cap")), ("month_cap", _("Monthly cap")),
            ("year_cap", _("Yearly cap")))}
        self.save_button = pn.widgets.Button(label=_("Save as a new version"),
                                             color="primary", align="end")
        self.save_button.on_click(lambda event: self.save())
        self.code.param.watch(lambda event: self._fill(), "value")
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self._table = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    def refresh(self):
        rules = self.catalogue.rules()
        self.code.options = {_("{name} ({code})").format(name=rule.name, code=rule.code): rule.code
                             for rule in rules}
        per = {"hour": _("per hour"), "event": _("per event")}
        self._table.objects = [display.table(
            [_("Code"), _("Rule"), _("Category"), _("Points"), "", _("Daily cap"),
             _("Monthly cap"), _("Yearly cap"), _("Version")],
            [[r.code, r.name, r.category, r.points, per.get(r.per, r.per), r.day_cap or "",
              r.month_cap or "", r.year_cap or "", r.version] for r in rules])]
        self._fill()

    def _fill(self):
        if not self.code.value:
            return
        rule = self.catalogue.rule(self.code.value)
        self.points.value = rule.points
        for name, box in self.caps.items():
            value = getattr(rule, name)
            box.value = "" if value is None else str(value)

    def save(self):
        changes = {"points": self.points.value}
        for name, box in self.caps.items():
            text = box.value.strip()
            if text and not text.isdigit():
                self.feedback.objects = [display.alert(
                    _("A cap is a whole number of points, or empty for no cap."))]
                return
            changes[name] = int(text) if text else None
        try:
            rule = self.catalogue.change(self.code.value, actor=self.actor.username, **changes)
        except MeideError as exc:
            self.feedback.objects = [display.failure(exc)]
            return
        self.feedback.objects = [display.alert(_(
            "Saved: {name} is now at version {version}, in effect from today; entries already "
            "made keep the version they were made under.").format(name=rule.name,
                                                                  version=rule.version),
            "success")]
        self.refresh()

    def __panel__(self):
        return pn.Column(pn.Row(self.code, self.points, *self.caps.values(), self.save_button),
                         self.feedback, self._table, sizing_mode="stretch_width")


class SettingsPage(pn.viewable.Viewer):
    """Tabs of settings: all of them for a subdistrict administrator, the role-model categories
    alone for a community administrator; refused to anyone else."""

    registry = param.Parameter(doc="The registry acting as the signed-in administrator.")
    catalogue = param.Parameter(doc="The points Catalogue.")
    actor = param.Parameter(doc="The signed-in Actor.")
    services = param.Parameter(default=None, doc="The engine services, for the staffing check "
                                                 "(None: not shown).")

    def __init__(self, **params):
        super().__init__(**params)
        if not may_change_settings(self.actor):
            raise PermissionError(_("Only subdistrict and community administrators may open "
                                    "settings."))
        self.staff = self.rules = self.children = None
        if may_change_subdistrict_settings(self.actor):
            self.staff = StaffAccounts(registry=self.registry)
            self.rules = RuleSettings(catalogue=self.catalogue, actor=self.actor)
            self.children = ChildrenNames(registry=self.registry)
        self.categories = CategorySettings(registry=self.registry, actor=self.actor)
        self.staffing = None if self.services is None else StaffingReport(
            services=self.services, actor=self.actor)

    def __panel__(self):
        tabs = [(_("Staff accounts"), self.staff), (_("Scoring rules"), self.rules),
                (_("Role-model categories"), self.categories),
                (_("Children on public boards"), self.children),
                (_("Staffing of workflows"), self.staffing)]
        # A community administrator is told why staff accounts and rules are not offered.
        note = [] if self.staff is not None else [
            display.text(_("Staff accounts and scoring rules are changed by subdistrict "
                           "administrators; here you may change your community's role-model "
                           "categories."))]
        return pn.Column(display.heading(_("Settings")), *note,
                         pn.Tabs(*[(name, view) for name, view in tabs if view is not None],
                                 dynamic=True),
                         sizing_mode="stretch_width")
