"""The audit log viewer: who changed, exported or was refused what, newest first, paged on the server."""

import heapq
import json

import panel as pn
import param

import store

from ..audit import READ_ALL_ROLES, READ_COMMUNITY_ROLES, SYSTEM, TABLE
from ..points.ledger import TABLE as LEDGER
from ..rating.certificates import TABLE as CERTIFICATES
from ..points.entries import audit_entry
from ..i18n import N_, _
from ..kernel import catalog, records
from . import display
from .button_rows import ButtonRows

PAGE_SIZE = 50
LEDGER_ACTIONS = ("award", "deduct", "redeem", "reverse")
# What the audit page calls each action (one not named here is shown as it is written).
ACTIONS = {
    "create": N_("Added"), "update": N_("Changed"), "delete": N_("Deleted"),
    "import": N_("Roster imported"), "import.create": N_("Added by import"),
    "import.update": N_("Changed by import"), "export": N_("Exported"),
    "signin": N_("Signed in"), "signout": N_("Signed out"), "signin_failed": N_("Sign-in failed"),
    "signin_throttled": N_("Repeated wrong passwords"),
    "signin_unlocked": N_("Sign-in waits lifted"), "change_password": N_("Password changed"),
    "reset_password": N_("Password reset"), "disable": N_("Account disabled"),
    "enable": N_("Account enabled"),
    "refused": N_("Refused"), "workflow.start": N_("Record started"),
    "workflow.transition": N_("Step taken"), "workflow.sign": N_("Co-signed"),
    "workflow.object": N_("Objection raised"), "workflow.decide": N_("Objection decided"),
    "workflow.edit": N_("Record edited"), "workflow.note": N_("Note added"),
    "award": N_("Points added"), "deduct": N_("Points deducted"),
    "redeem": N_("Points redeemed"), "reverse": N_("Entry reversed"),
    "restock": N_("Restocked"), "stock.correct": N_("Stock corrected"),
    "stock.count": N_("Stock counted"),
    "cancel": N_("Redemption cancelled"), "save_template": N_("Template changed"),
    "volunteer.sign_up": N_("Volunteer signed up"), "volunteer.sheet": N_("Sign-in sheet entered"),
    "volunteer.remove": N_("Hours removed"), "volunteer.check_in": N_("Checked in"),
    "volunteer.check_out": N_("Checked out"), "demo": N_("Demo data made"),
    "certificate.revoke": N_("Certificate revoked"),
    "rename": N_("Renamed"), "retire": N_("Retired"), "move": N_("Moved"),
    "assign": N_("Assigned"), "unit.add": N_("Stairwell added"),
    "unit.retire": N_("Stairwell retired"),
}
# What the details column calls the fields some entries carry besides the common ones.
EXTRA_LABELS = {"points": N_("Points"), "account": N_("Points account"), "step": N_("Step"),
                "transition": N_("Step"), "reverses": N_("Reverses entry"), "client": N_("From"),
                "attempted": N_("Attempted"), "kind": N_("Document"), "page": N_("Page"),
                "source": N_("Source"), "workflow": N_("Workflow")}
# What the details column calls the stored fields of changed records (registry books, staff).
FIELD_LABELS = {"name": N_("Name"), "gender": N_("Gender"), "phone": N_("Phone"),
                "id_number": N_("ID number"), "address": N_("Address"), "grid": N_("Grid"),
                "community": N_("Community"), "subdistrict": N_("Subdistrict"),
                "number": N_("Household number"), "category": N_("Category"),
                "owner": N_("Owner"), "kind": N_("Kind"), "contact": N_("Contact"),
                "brand": N_("Brand"), "members": N_("Members"), "estate": N_("Estate"),
                "units": N_("Stairwells"), "username": N_("Username"), "roles": N_("Roles"),
                "display_name": N_("Display name"), "disabled": N_("Disabled"),
                "must_change_password": N_("Must change password"), "retired": N_("Retired on"),
                "worker": N_("Grid worker"), "worker_account": N_("Grid worker's username"),
                "leader": N_("Leader"), "building": N_("Building"),
                "unit": N_("Stairwell"), "room": N_("Room")}
# Stored fields no person needs to read: the count that ends an account's other sessions.
UNSHOWN_FIELDS = {"session_generation"}
# What a refusal says was attempted (the method or page the code names).
ATTEMPTED = {"open page": N_("Open a page"), "apply": N_("Take a step"),
             "start": N_("Start a record"), "edit": N_("Edit a record"), "save": N_("Save"), "get": N_("Open a record"),
             "object": N_("Raise an objection"), "decide": N_("Decide an objection")}


def may_view(actor) -> bool:
    return actor is not None and bool(actor.roles & (READ_ALL_ROLES | READ_COMMUNITY_ROLES))


def visible_actors(actor, registry):
    """The usernames whose entries actor may read (staff in the actor's scope); None for all
    (a subdistrict officer's, when the store holds that one subdistrict only)."""
    if (actor.roles & READ_ALL_ROLES and actor.scope.is_whole_subdistrict
            and len(registry.subdistricts.list(None)) <= 1):
        return None
    return {doc["username"] for doc in registry.staff.list(None) if actor.covers(doc)}


def page_of_entries(opened_store, *, actors=None, action="", who="", text="", page=0,
                    size=PAGE_SIZE) -> tuple:
    """(entries of the page, whether there are more): the audit table and the ledger's entries
    together, newest first, filtered on the server."""
    sources = [_audit_entries(opened_store, who, action)]
    if not action or action in LEDGER_ACTIONS:
        sources.append(audit_entry(doc_id, doc) for doc_id, doc in
                       opened_store.table(LEDGER).scan(newest_first=True))
    candidates = heapq.merge(*sources, key=_moment, reverse=True)
    wanted, skipped, found = (page + 1) * size, page * size, []
    for entry in candidates:
        if actors is not None and entry.get("actor") not in actors:
            continue
        if (who and entry.get("actor") != who) or (action and entry.get("action") != action):
            continue
        if text and text not in json.dumps(entry, ensure_ascii=False):
            continue
        found.append(entry)
        if len(found) > wanted:
            break
    return found[skipped:wanted], len(found) > wanted


def _moment(entry) -> str:
    # Entries written before the audit log kept microseconds have none: compare as if .000000.
    at = entry["at"]
    return at if at[19:20] == "." else f"{at[:19]}.000000{at[19:]}"


def _audit_entries(opened_store, who, action):
    table = opened_store.table(TABLE)
    if who or action:
        field, value = ("actor", who) if who else ("action", action)
        return iter(sorted(table.search(store.where(field) == value), key=lambda d: -d.doc_id))
    # Without an indexed filter, walk newest first, so a page of a large log costs a page's
    # worth of documents, not a copy of the whole table.
    return (store.Document(doc, doc_id) for doc_id, doc in table.scan(newest_first=True))


class AuditLogPage(pn.viewable.Viewer):
    """Filters by person, action and free text; fifty entries a page, newest first."""

    services = param.Parameter(doc="The engine services: the store whose audit log and ledger "
                               "are shown, the registry for staff and names.")
    actor = param.Parameter(doc="The signed-in Actor; a community officer sees their staff's entries.")
    page = param.Integer(default=0, bounds=(0, None), doc="The page shown, 0 the newest.")

    def __init__(self, **params):
        super().__init__(**params)
        self.registry = self.services.registry
        if not may_view(self.actor):
            raise PermissionError(_("Only administrators may read the audit log."))
        self.who = pn.widgets.TextInput(label=_("Staff username"), width=160)
        self.action = pn.widgets.TextInput(label=_("Action"), width=160)
        self.text = pn.widgets.TextInput(label=_("Contains"), width=200)
        self.search_button = pn.widgets.Button(label=_("Search"), color="primary",
                                               align="end")
        self.search_button.on_click(lambda event: self._search())
        # The console's one pager (the page number and the page buttons; see ButtonRows).
        self.pager = ButtonRows(sizing_mode="stretch_width")
        self.pager.param.watch(lambda e: setattr(self, "page", max(0, self.page + e.new)),
                               "turned")
        self._results = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    def _search(self):
        if self.page == 0:
            self.refresh()
        self.page = 0

    @param.depends("page", watch=True)
    def refresh(self):
        actors = visible_actors(self.actor, self.registry)
        entries, more = page_of_entries(self.registry.store, actors=actors, who=self.who.value.strip(),
                                        action=self.action.value.strip(),
                                        text=self.text.value.strip(), page=self.page)
        self.pager.status = _("Page {number}").format(number=self.page + 1)
        self.pager.page_buttons(self.page > 0, more, (_("Newer"), _("Older")))
        tables = _table_names(self.registry)
        rows = [[display.moment(e.get("at")),
                 _("System") if e.get("actor") == SYSTEM else e.get("actor") or "",
                 _(ACTIONS[e["action"]]) if e.get("action") in ACTIONS else e.get("action", ""),
                 f"{tables.get(e.get('table'), e.get('table') or '')} {e.get('record') or ''}"
                 .strip(),
                 _summary(self._named(e))]
                for e in entries]
        self._results.objects = [
            display.table([_("Time"), _("Staff"), _("Action"), _("Record"), _("Details")], rows,
                          empty=_("No entries match.")),
        ]

    def _named(self, entry) -> dict:
        # A ledger account by who it is (张晓华), not by its key (resident:9).
        if "account" not in entry:
            return entry
        kind, _, number = str(entry["account"]).partition(":")
        return {**entry, "account": self.services.describe(kind, number)}

    def __panel__(self):
        return pn.Column(display.heading(_("Audit log")),
                         pn.Row(self.who, self.action, self.text, self.search_button),
                         self.pager, self._results, sizing_mode="stretch_width")


def _table_names(registry) -> dict:
    """{store table: what staff call its records}: registry books, workflows, the ledger."""
    books = ("subdistricts", "communities", "grids", "estates", "buildings", "households",
             "residents",
             "merchants", "units", "teams", "staff")
    names = {getattr(registry, book).table_name: getattr(registry, book).label for book in books}
    names.update((records.table_name(cls.slug), cls.title) for cls in catalog.all_workflows())
    return {**names, LEDGER: _("Points ledger"), CERTIFICATES: _("Certificates")}


def _value(value) -> str:
    """A stored value as staff read it: yes or no, a list joined, not Python's repr."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (list, tuple)):
        return _(", ").join(str(item) for item in value)
    return str(value)


def _workflow_of(entry):
    """The workflow class an entry is about (by its slug or its table), or None."""
    slug = entry.get("workflow")
    for cls in catalog.all_workflows():
        if cls.slug == slug or records.table_name(cls.slug) == entry.get("table"):
            return cls
    return None


def _extra_value(entry, name, value) -> str:
    """An extra field's value as staff read it: a step by its label (a co-signature or a
    refused step is written with the transition's name), an attempt by what it was."""
    if name == "attempted" and value in ATTEMPTED:
        return _(ATTEMPTED[value])
    if name in ("step", "transition") and value:
        cls = _workflow_of(entry)
        if cls is not None:
            return display.transition_label(cls, str(value), fallback=str(value))
    return value


def _summary(entry) -> str:
    parts = []
    if entry.get("note"):
        parts.append(str(entry["note"]))
    for name, value in (entry.get("after") or {}).items():
        if name in UNSHOWN_FIELDS:
            continue
        before = (entry.get("before") or {}).get(name)
        label = _(FIELD_LABELS[name]) if name in FIELD_LABELS else name
        parts.append(f"{label}: {_value(before)} → {_value(value)}" if before is not None
                     else f"{label}: {_value(value)}")
    known = {"at", "actor", "action", "table", "record", "before", "after", "note", "workflow"}
    parts += [f"{_(EXTRA_LABELS[name]) if name in EXTRA_LABELS else name}: "
              f"{_extra_value(entry, name, value)}"
              for name, value in entry.items() if name not in known]
    text = "; ".join(parts)
    return text if len(text) <= 300 else text[:299] + "…"
