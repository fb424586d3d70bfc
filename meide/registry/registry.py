"""Registry: the facade over an open store that the other layers use for people and places."""

import weakref
from datetime import date

from .. import clock
from ..audit import REFUSED, audit_log
from .errors import NotFound, OutOfScope
from .households import HouseholdBook
from .merchants import MerchantBook
from .org import BuildingBook, CommunityBook, EstateBook, GridBook, SubdistrictBook
from .org_changes import OrgChanges
from .people import ResidentBook
from ..scope import Scope
from .search import SearchIndex
from .staff import StaffBook, scope_of
from .teams import TeamBook
from .units import UnitBook

# Per open store: the search index is built once and shared by every Registry over that store.
_shared = weakref.WeakKeyDictionary()


class Registry:
    """Books of records over one store, acting for one actor within an optional scope.

    Registry(store) acts as the system with no scope; registry.acting_as(account) returns a view
    whose reads and writes are limited to that staff member's scope and audited under their name.
    """

    def __init__(self, opened_store, actor=None, scope: Scope | None = None, clock=None):
        self.store = opened_store
        self.actor = actor
        self.scope = scope
        self._today = clock
        state = _shared.setdefault(opened_store, {})
        if "search" not in state:
            state["search"] = SearchIndex(opened_store.table(ResidentBook.table_name))
        self.audit = audit_log(opened_store)
        self.search_index = state["search"]
        self.subdistricts = SubdistrictBook(self)
        self.communities = CommunityBook(self)
        self.grids = GridBook(self)
        self.estates = EstateBook(self)
        self.buildings = BuildingBook(self)
        self.households = HouseholdBook(self)
        self.residents = ResidentBook(self)
        self.merchants = MerchantBook(self)
        self.units = UnitBook(self)
        self.teams = TeamBook(self)
        self.staff = StaffBook(self)
        # Adding, renaming and retiring places of the tree, and who is 网格员 and 楼长 where.
        self.org = OrgChanges(self)

    def acting_as(self, account) -> "Registry":
        """A registry limited to account's scope, with account named in the audit log."""
        if isinstance(account, str):
            account = self.staff.by_username(account)
        return Registry(self.store, actor=account["username"], scope=scope_of(account),
                        clock=self._today)

    def today(self) -> date:
        return self._today() if self._today else clock.today()

    def transaction(self):
        """All registry writes inside happen together or not at all."""
        return self.store.transaction()

    def effective_scope(self, scope: Scope | None) -> Scope | None:
        """The narrower of the given scope and the actor's; OutOfScope if it reaches outside."""
        if scope is None or self.scope is None:
            return scope or self.scope
        if not scope.within(self.scope):
            raise self.refused("所选范围超出了您的管辖范围", scope=str(scope.as_fields()))
        return scope

    def refused(self, message: str, table: str | None = None, record=None, **details):
        """The OutOfScope to raise for a change, or a chosen scope, outside the actor's scope:
        audited as refused first, under the acting staff member."""
        self.audit.record(self.actor, REFUSED, table, record, note=message, **details)
        return OutOfScope(message)

    def scope_named(self, text) -> Scope:
        """A Scope from '古槐街道', '北门社区' or '北门社区/第一网格' (names or ids)."""
        if isinstance(text, Scope):
            return text
        parts = [part for part in str(text).replace("／", "/").split("/") if part.strip()]
        if not parts:
            raise NotFound("请指定管辖范围")
        first = parts[0].strip()
        if len(parts) == 1 and self.subdistricts.list(None, name=first):
            return Scope(self.subdistricts.list(None, name=first)[0].doc_id)
        community = self.communities.resolve(first, None)
        if len(parts) == 1:
            return Scope(community["subdistrict"], community.doc_id)
        grid = self.grids.resolve(parts[1].strip(), None, community=community.doc_id)
        return Scope(community["subdistrict"], community.doc_id, grid.doc_id)

    def scope_label(self, scope: Scope | None) -> str:
        if scope is None:
            return "全部"
        names = [self.subdistricts.get(scope.subdistrict)["name"]]
        if scope.community is not None:
            names.append(self.communities.get(scope.community)["name"])
        if scope.grid is not None:
            names.append(self.grids.get(scope.grid)["name"])
        return "/".join(names)

    def search(self, text, scope: Scope | None = None, limit: int = 50) -> list:
        """Residents matching text (name, initials, phone tail or number, ID number, 户号, address).

        The scope is applied here on the server; records outside it are never returned.
        """
        scope = self.effective_scope(scope)
        ids = self.search_index.search(text, scope, limit)
        found = []
        number = "".join(str(text).split())
        if number and len(ids) < limit:
            for household in self.households.list(scope, number=number):
                ids += [m.doc_id for m in self.residents.list(scope, household=household.doc_id)
                        if m.doc_id not in ids]
        table = self.residents.table
        for doc_id in ids[:limit]:
            doc = table.get(doc_id=doc_id)
            if doc is not None and (scope is None or scope.covers(doc, "residents")):
                found.append(doc)
        return found
