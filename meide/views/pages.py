"""The table of console pages: what each is called, where the navigation lists it, who may open
it and how it is built. The console's router and its navigation both read it."""

from dataclasses import dataclass
from typing import Callable, Optional

from ..audit import READ_ALL_ROLES, READ_COMMUNITY_ROLES
from ..i18n import N_, _
from ..kernel import PermissionDenied, catalog
from ..kernel.refusals import REFUSED
from ..volunteer.attendance import SLUG as VOLUNTEER
from . import display
from .audit_log import AuditLogPage
from .batch_entry import BatchEntry, VolunteerActivities
from .catalogue import Catalogue
from .certificates_page import REVOKE_ROLES, CertificatesPage
from .children_page import PAGE_ROLES as CHILDREN_ROLES, ChildrenPage
from .dashboard import DashboardPage
from .form import RecordForm
from .goods_page import GOODS_ROLES, build as goods_page
from .home import HomePage
from .listing import Listing
from .org_page import ORG_ROLES, OrgPage
from .points_page import PointsPage
from .printing_page import PrintingPage
from .record import RecordPage
from .registry_page import RegistryPage
from .settings import COMMUNITY_SETTINGS_ROLES, SETTINGS_ROLES, SettingsPage

# Navigation sections, in the order the navigation shows them ('' is the top, unheaded one).
TOP, RECORDS, WORKFLOWS, TOOLS = "", N_("Records and points"), N_("Workflows"), \
    N_("Printing and settings")
INBOX = "inbox"


@dataclass(frozen=True)
class Page:
    """One kind of console page, named in the address as `key` or `key:<rest>`.

    build(console, rest) makes its view; the console passes itself so that a page can send the
    person on (console.go(page), console.open_record(event), console.created(slug, id)).
    """

    key: str
    label: str                       # msgid of its navigation entry ('' for pages not listed)
    section: Optional[str]           # msgid of its navigation section; None: not listed
    build: Callable
    roles: Optional[frozenset] = None    # who may open it; None: every signed-in staff member
    per_workflow: bool = False       # listed once per registered workflow, as key:<slug>

    def allows(self, actor) -> bool:
        return actor is not None and (self.roles is None or bool(actor.roles & self.roles))


def _inbox(console, rest):
    view = HomePage(runner=console.runner, actor=console.actor)
    view.param.watch(console.open_record, "opened")
    view.param.watch(lambda event: event.new and console.go(event.new), "address")
    return view


def _catalogue(console, rest):
    view = Catalogue(actor=console.actor)
    view.param.watch(lambda event: console.go(f"form:{event.new}"), "chosen")
    return view


def _form(console, rest):
    view = RecordForm(runner=console.runner, actor=console.actor, slug=rest)
    view.param.watch(lambda event: console.created(rest, event.new), "record_id")
    return view


def _listing(console, rest):
    view = Listing(runner=console.runner, actor=console.actor, slug=rest)
    view.param.watch(console.open_record, "opened")
    return view


def _record(console, rest):
    slug, _sep, record_id = rest.rpartition(":")
    if slug == VOLUNTEER:
        # However an activity is opened (the inbox, its list, its form), its page has the
        # sign-in sheet: 提交核实 needs the attendance the sheet records.
        return BatchEntry(runner=console.runner, actor=console.actor, record_id=int(record_id))
    return RecordPage(runner=console.runner, actor=console.actor, slug=slug,
                      record_id=int(record_id))


def _volunteer(console, rest):
    # 'volunteer' lists the activities, 'volunteer:<id>' enters one activity's sign-in sheet.
    if rest:
        return BatchEntry(runner=console.runner, actor=console.actor, record_id=int(rest))
    view = VolunteerActivities(runner=console.runner, actor=console.actor)
    view.param.watch(lambda event: console.go(f"volunteer:{event.new}"), "opened")
    return view


def _registry_as(console):
    return console.runner.services.registry.acting_as(console.actor.username)


def _settings(console, rest):
    return SettingsPage(registry=_registry_as(console),
                        catalogue=console.runner.services.ledger.catalogue, actor=console.actor,
                        services=console.runner.services)


def _org(console, rest):
    return OrgPage(registry=_registry_as(console), actor=console.actor)


def _audit(console, rest):
    return AuditLogPage(services=console.runner.services, actor=console.actor)


def _services_page(page_class):
    return lambda console, rest: page_class(services=console.runner.services,
                                            actor=console.actor)


PAGES = (
    Page(INBOX, N_("Home / waiting for me"), TOP, _inbox),
    Page("dashboard", N_("Dashboard"), TOP, _services_page(DashboardPage)),
    Page("registry", N_("Registry"), RECORDS,
         lambda console, rest: RegistryPage(registry=_registry_as(console))),
    Page("org", N_("Organisation"), RECORDS, _org, roles=ORG_ROLES),
    Page("points", N_("Points"), RECORDS, _services_page(PointsPage)),
    Page("goods", N_("Supermarket goods"), RECORDS, goods_page, roles=GOODS_ROLES),
    Page("children", N_("Children"), RECORDS, _services_page(ChildrenPage),
         roles=CHILDREN_ROLES),
    Page("start", N_("Start"), WORKFLOWS, _catalogue),
    Page("list", "", WORKFLOWS, _listing, per_workflow=True),
    Page("volunteer", N_("Sign-in sheets"), WORKFLOWS, _volunteer),
    Page("printing", N_("Printing"), TOOLS, _services_page(PrintingPage)),
    Page("certificates", N_("Certificates"), TOOLS, _services_page(CertificatesPage),
         roles=REVOKE_ROLES),
    Page("settings", N_("Settings"), TOOLS, _settings,
         roles=SETTINGS_ROLES | COMMUNITY_SETTINGS_ROLES),
    Page("audit", N_("Audit log"), TOOLS, _audit, roles=READ_ALL_ROLES | READ_COMMUNITY_ROLES),
    Page("form", "", None, _form),
    Page("record", "", None, _record),
)
BY_KEY = {page.key: page for page in PAGES}


def page_of(address: str) -> tuple:
    """(Page, rest) a page address such as 'record:good_deed:3' names ('' the home page);
    KeyError if none."""
    key, _sep, rest = (address or INBOX).partition(":")
    return BY_KEY[key], rest


def build(console, address: str):
    """The view of the page at address, for console.actor; refused (PermissionDenied, audited
    like every refusal) when the page is unknown or not open to them."""
    try:
        page, rest = page_of(address)
    except KeyError:
        page, rest = None, ""
    if page is None or not page.allows(console.actor):
        # Only a forged address asks for a page its navigation does not offer.
        refused = PermissionDenied(_("This page is not open to your role.") if page else
                                   _("There is no page “{page}”.").format(page=address))
        console.runner.services.registry.audit.record(
            console.actor.username, REFUSED, note=str(refused), attempted="open page",
            page=address)
        raise refused
    return page.build(console, rest)


def navigation(actor) -> list:
    """[(section title, [(address, label), ...]), ...] of the pages actor may open, in order."""
    sections = {}
    for page in PAGES:
        if page.section is None or not page.allows(actor):
            continue
        if page.per_workflow:
            entries = [(f"{page.key}:{cls.slug}", display.title(cls))
                       for cls in catalog.all_workflows()]
        else:
            entries = [(page.key, _(page.label))]
        sections.setdefault(page.section, []).extend(entries)
    return [(_(title) if title else "", entries) for title, entries in sections.items()
            if entries]
