"""The registry in the console: residents, households, merchants, units, teams and buildings,
searched, sorted and paged on the server within the staff member's scope, phones and IDs masked;
a resident roster imported from .xlsx/.csv (all or nothing, every problem by row)."""

import panel as pn
import param

from ..i18n import N_, _
from ..privacy import mask_id_number, mask_phone
from ..registry.errors import NotFound
from ..registry.pinyin import full as pinyin_of
from ..registry.staff import ROLES
from . import display
from .button_rows import ButtonRows
from .roster_import import RosterImport

PAGE_SIZE = 50
# Who may import a roster: the administrators of a subdistrict or of one community (the same
# people who may export a roster unmasked).
IMPORT_ROLES = frozenset(role for role, levels in ROLES.items()
                         if levels in (("subdistrict",), ("community",)))


def _age(doc, today):
    born = str(doc.get("birth_date") or "")
    return today.year - int(born[:4]) if born[:4].isdigit() else ""


# book → ((column msgid, how to show a record), ...); what a list may show, masked.
COLUMNS = {
    "residents": ((N_("Name"), lambda d, c: d["name"]),
                  (N_("Gender"), lambda d, c: d.get("gender", "")),
                  (N_("Age"), lambda d, c: _age(d, c["today"])),
                  (N_("Phone"), lambda d, c: mask_phone(d.get("phone")) if d.get("phone") else ""),
                  (N_("ID number"), lambda d, c: mask_id_number(d.get("id_number"))
                   if d.get("id_number") else ""),
                  (N_("Address"), lambda d, c: d.get("address", "")),
                  (N_("Grid"), lambda d, c: c["grids"].get(d.get("grid"), ""))),
    "households": ((N_("Household number"), lambda d, c: d.get("number", "")),
                   (N_("Address"), lambda d, c: d.get("address", "")),
                   (N_("Grid"), lambda d, c: c["grids"].get(d.get("grid"), ""))),
    "merchants": ((N_("Name"), lambda d, c: d["name"]),
                  (N_("Category"), lambda d, c: d.get("category", "")),
                  (N_("Owner"), lambda d, c: d.get("owner", "")),
                  (N_("Phone"), lambda d, c: mask_phone(d.get("phone")) if d.get("phone") else ""),
                  (N_("Address"), lambda d, c: d.get("address", "")),
                  (N_("Grid"), lambda d, c: c["grids"].get(d.get("grid"), ""))),
    "units": ((N_("Name"), lambda d, c: d["name"]), (N_("Kind"), lambda d, c: d.get("kind", "")),
              (N_("Contact"), lambda d, c: d.get("contact", "")),
              (N_("Grid"), lambda d, c: c["grids"].get(d.get("grid"), ""))),
    "teams": ((N_("Name"), lambda d, c: d["name"]), (N_("Brand"), lambda d, c: d.get("brand", "")),
              (N_("Members"), lambda d, c: len(d.get("members") or ())),
              (N_("Community"), lambda d, c: c["communities"].get(d.get("community"), ""))),
    "buildings": ((N_("Name"), lambda d, c: d["name"]),
                  (N_("Estate"), lambda d, c: d.get("estate", "")),
                  (N_("Stairwells"), lambda d, c: len(d.get("units") or ())),
                  (N_("Grid"), lambda d, c: c["grids"].get(d.get("grid"), ""))),
}
BOOKS = {"residents": N_("Residents"), "households": N_("Households"),
         "merchants": N_("Merchants"), "units": N_("Units"), "teams": N_("Volunteer teams"),
         "buildings": N_("Buildings")}


def sort_key(value):
    """Chinese text sorts by its pinyin (as staff look names up); numbers as numbers."""
    if isinstance(value, (int, float)):
        return (0, value, "", "")
    text = str(value)
    return (1, 0, pinyin_of(text), text)


class RegistryPage(pn.viewable.Viewer):
    """One book at a time; the registry given acts as the staff member, so out-of-scope records
    are never read, let alone sent."""

    registry = param.Parameter(doc="The registry acting as the signed-in staff member.")
    book = param.Selector(default="residents", objects=list(BOOKS), doc="The book listed.")
    query = param.String(default="", doc="Text searched: name, initials, phone tail, ID, address.")
    sort = param.Integer(default=-1, doc="Index of the column sorted on; -1 keeps registry order.")
    descending = param.Boolean(default=False, doc="Sort from the largest value down.")
    page = param.Integer(default=0, bounds=(0, None), doc="The page shown, 0 the first.")

    def __init__(self, **params):
        super().__init__(**params)
        self.book_choice = pn.widgets.RadioButtonGroup(
            options={_(label): book for book, label in BOOKS.items()}, value=self.book)
        self.search_box = pn.widgets.TextInput(
            label=_("Search"), width=260,
            placeholder=_("Name, initials, last 4 phone digits, ID or address"))
        self.sort_choice = pn.widgets.Select(label=_("Sort by"), width=140)
        self.order_choice = pn.widgets.RadioButtonGroup(
            options={_("Ascending"): False, _("Descending"): True}, value=False, align="end")
        # The console's one pager (the count and the page buttons, one model; see ButtonRows).
        self.pager = ButtonRows(sizing_mode="stretch_width")
        self.book_choice.param.watch(lambda e: self.param.update(book=e.new, page=0, sort=-1),
                                     "value")
        self.search_box.param.watch(lambda e: self.param.update(query=e.new, page=0), "value")
        self.sort_choice.param.watch(lambda e: self.param.update(sort=e.new, page=0), "value")
        self.order_choice.param.watch(lambda e: self.param.update(descending=e.new, page=0),
                                      "value")
        self.pager.param.watch(lambda e: setattr(self, "page", max(0, self.page + e.new)),
                               "turned")
        self._results = pn.Column(sizing_mode="stretch_width")
        self._import_widgets()
        self.refresh()

    # -- importing a roster --------------------------------------------------------------------

    def may_import(self) -> bool:
        """Whether the staff member the registry acts as may import rosters (checked again by
        import_roster against their scope, row by row)."""
        try:
            account = self.registry.staff.by_username(self.registry.actor)
        except NotFound:
            return False
        return bool(IMPORT_ROLES & set(account.get("roles") or ()))

    def _import_widgets(self):
        self.roster_import = RosterImport(registry=self.registry, allowed=self.may_import(),
                                          on_imported=self.refresh)
        self.import_box = self.roster_import.box

    def _context(self) -> dict:
        registry = self.registry
        communities = {d.doc_id: d["name"] for d in registry.communities.list(None)}
        # Every community has a 第一网格: name the community too unless the staff has only one.
        whole = registry.scope is None or registry.scope.community is None
        grids = {d.doc_id: f"{communities.get(d.get('community'), '')}/{d['name']}" if whole
                 else d["name"] for d in registry.grids.list(None)}
        return {"today": registry.today(), "grids": grids, "communities": communities}

    def records(self) -> list:
        """The matching records of the book, within the registry's scope."""
        text = self.query.strip()
        if self.book == "residents" and text:
            return self.registry.search(text, limit=500)
        docs = getattr(self.registry, self.book).list(None)
        if text:
            docs = [d for d in docs if any(text in str(d.get(f, "")) for f in
                                           ("name", "number", "address", "owner", "estate"))]
        return docs

    def rows(self) -> tuple:
        """(rows of the page, total count): cells shown, sorted and paged on the server."""
        columns, context = COLUMNS[self.book], self._context()
        rows = [[show(doc, context) for _label, show in columns] for doc in self.records()]
        if 0 <= self.sort < len(columns):
            rows.sort(key=lambda row: sort_key(row[self.sort]), reverse=self.descending)
        start = self.page * PAGE_SIZE
        return rows[start:start + PAGE_SIZE], len(rows)

    @param.depends("book", "query", "sort", "descending", "page", watch=True)
    def refresh(self):
        columns = COLUMNS[self.book]
        options = {_("Registry order"): -1}
        options.update({_(label): number for number, (label, _show) in enumerate(columns)})
        if self.sort_choice.options != options:
            self.sort_choice.options = options
            self.sort_choice.value = self.sort
        rows, total = self.rows()
        pages = max(1, -(-total // PAGE_SIZE))
        self.pager.status = _("{total} records · page {page} of {pages}").format(
            total=total, page=self.page + 1, pages=pages)
        self.pager.page_buttons(self.page > 0, self.page + 1 < pages,
                                (_("Previous page"), _("Next page")))
        self._results.objects = [
            display.table([_(label) for label, _show in columns], rows,
                          empty=_("No records match.")),
        ]

    def __panel__(self):
        return pn.Column(display.heading(_("Registry")), self.book_choice,
                         pn.Row(self.search_box, self.sort_choice, self.order_choice),
                         self.pager, self._results, self.import_box, sizing_mode="stretch_width")
