"""The audit log viewer: who changed, exported or was refused what, newest first, paged on the server."""

import json

import panel as pn
import param

import store

from ..audit import READ_ALL_ROLES, READ_COMMUNITY_ROLES, TABLE
from ..i18n import _
from . import display
from .button_rows import ButtonRows

PAGE_SIZE = 50


def may_view(actor) -> bool:
    return actor is not None and bool(actor.roles & (READ_ALL_ROLES | READ_COMMUNITY_ROLES))


def visible_actors(actor, registry):
    """The usernames whose entries actor may read; None for all of them."""
    if actor.roles & READ_ALL_ROLES and actor.community is None:
        return None
    return {doc["username"] for doc in registry.staff.list(None)
            if str(doc.get("community")) == str(actor.community)}


def page_of_entries(opened_store, *, actors=None, action="", who="", text="", page=0,
                    size=PAGE_SIZE) -> tuple:
    """(entries of the page, whether there are more): newest first, filtered on the server."""
    table = opened_store.table(TABLE)
    if who:
        docs = table.search(store.where("actor") == who)
    elif action:
        docs = table.search(store.where("action") == action)
    else:
        docs = None
    # Without an indexed filter, walk ids downwards (entries are never removed) so a page of a
    # large log costs a page's worth of lookups, not a copy of the whole table.
    candidates = sorted(docs, key=lambda d: -d.doc_id) if docs is not None else _newest(table)
    wanted, skipped, found = (page + 1) * size, page * size, []
    for doc in candidates:
        if actors is not None and doc.get("actor") not in actors:
            continue
        if action and doc.get("action") != action:
            continue
        if text and text not in json.dumps(doc, ensure_ascii=False):
            continue
        found.append(doc)
        if len(found) > wanted:
            break
    return found[skipped:wanted], len(found) > wanted


def _newest(table):
    doc_id = len(table)
    missing = 0
    while doc_id > 0 and missing < 1000:
        doc = table.get(doc_id=doc_id)
        missing = 0 if doc is not None else missing + 1
        if doc is not None:
            yield doc
        doc_id -= 1


class AuditLogPage(pn.viewable.Viewer):
    """Filters by person, action and free text; fifty entries a page, newest first."""

    store = param.Parameter(doc="The open store whose 'audit' table is shown.")
    registry = param.Parameter(doc="The registry, to learn which staff belong to a community.")
    actor = param.Parameter(doc="The signed-in Actor; a community officer sees their staff's entries.")
    page = param.Integer(default=0, bounds=(0, None), doc="The page shown, 0 the newest.")

    def __init__(self, **params):
        super().__init__(**params)
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
        entries, more = page_of_entries(self.store, actors=actors, who=self.who.value.strip(),
                                        action=self.action.value.strip(),
                                        text=self.text.value.strip(), page=self.page)
        self.pager.status = _("Page {number}").format(number=self.page + 1)
        self.pager.page_buttons(self.page > 0, more, (_("Newer"), _("Older")))
        rows = [[display.moment(e.get("at")), e.get("actor", ""), e.get("action", ""),
                 f"{e.get('table') or ''} {e.get('record') or ''}".strip(), _summary(e)]
                for e in entries]
        self._results.objects = [
            display.table([_("Time"), _("Staff"), _("Action"), _("Record"), _("Details")], rows,
                          empty=_("No entries match.")),
        ]

    def __panel__(self):
        return pn.Column(display.heading(_("Audit log")),
                         pn.Row(self.who, self.action, self.text, self.search_button),
                         self.pager, self._results, sizing_mode="stretch_width")


def _summary(entry) -> str:
    parts = []
    if entry.get("note"):
        parts.append(str(entry["note"]))
    for name, value in (entry.get("after") or {}).items():
        before = (entry.get("before") or {}).get(name)
        parts.append(f"{name}: {before} → {value}" if before is not None else f"{name}: {value}")
    known = {"at", "actor", "action", "table", "record", "before", "after", "note"}
    parts += [f"{name}: {value}" for name, value in entry.items() if name not in known]
    text = "; ".join(parts)
    return text if len(text) <= 300 else text[:299] + "…"
