"""The Services the app runs with: names, scopes and search from the registry, points from the ledger."""

from ..errors import MeideError
from ..points import Account
from ..registry import Scope
from .permissions import actor_from_staff
from .services import Services

# Reference kinds a workflow field may name, and the registry book holding them.
BOOKS = {"resident": "residents", "household": "households", "merchant": "merchants",
         "building": "buildings", "unit": "units", "team": "teams", "community": "communities",
         "grid": "grids"}


class RegistryServices(Services):
    """Guards, effects and forms see the registry and the ledger through this object."""

    def __init__(self, registry, ledger):
        self.registry = registry
        self.ledger = ledger

    def store(self):
        return self.registry.store

    def staff(self):
        return [actor_from_staff(doc) for doc in self.registry.staff.list(None)
                if not doc.get("disabled")]

    def _book(self, kind):
        return getattr(self.registry, BOOKS[kind])

    def _doc(self, kind, record_id):
        return self._book(kind).get(record_id)

    def describe(self, kind, record_id) -> str:
        try:
            doc = self._doc(kind, record_id)
        except (MeideError, KeyError):
            return f"（已删除的记录 {record_id}）"
        if kind == "household":
            return self._household_label(doc)
        return doc.get("name") or str(record_id)

    def search(self, kind, text, actor, limit=20) -> list:
        scope = Scope(actor.subdistrict or self._subdistrict(), actor.community, actor.grid)
        if kind == "resident":
            found = self.registry.search(text, scope, limit)
            return [(doc.doc_id, self._resident_label(doc)) for doc in found]
        text = (text or "").strip()
        if kind == "household":
            return self._households(text, scope, limit)
        docs = [doc for doc in self._book(kind).list(scope) if text in doc.get("name", "")]
        if kind == "grid" and actor.community is None:
            # Every community has its 第一网格: beyond one community, say whose.
            return [(doc.doc_id, self.describe("community", doc["community"]) + doc["name"])
                    for doc in docs[:limit]]
        return [(doc.doc_id, doc.get("name", "")) for doc in docs[:limit]]

    def _households(self, text, scope, limit) -> list:
        # A household has no name: staff know it by its number, its address or who lives there.
        members = {doc.get("household") for doc in self.registry.search(text, scope, limit)} \
            if text else set()
        found = [doc for doc in self.registry.households.list(scope)
                 if (text and text in doc.get("number", "")) or text in doc.get("address", "")
                 or doc.doc_id in members]
        return [(doc.doc_id, self._household_label(doc)) for doc in found[:limit]]

    def _household_label(self, doc) -> str:
        members = self.registry.residents.list(None, household=doc.doc_id)
        head = next((m for m in members if m.doc_id == doc.get("head")), members[0] if members
                    else None)
        who = f"{head['name']}家" if head else "空户"
        number = f"，户号 {doc['number']}" if doc.get("number") else ""
        return f"{who}（{doc.get('address', '')}{number}）"

    def scope_of(self, kind, record_id) -> dict:
        doc = self._doc(kind, record_id)
        # A community or grid is the place itself, not something placed in one.
        own = {"community": {"community": doc.doc_id}, "grid": {"grid": doc.doc_id}}.get(kind, {})
        return {"subdistrict": doc.get("subdistrict"), "community": doc.get("community"),
                "grid": doc.get("grid"), **own}

    def account(self, kind, record_id) -> Account:
        doc = self._doc(kind, record_id)
        if kind == "resident":
            return Account("resident", str(record_id), community=doc.get("community"),
                           grid=doc.get("grid"), household=doc.get("household"),
                           building=doc.get("building"), is_child=bool(doc.get("minor")))
        return Account(kind, str(record_id), community=doc.get("community"), grid=doc.get("grid"))

    def _resident_label(self, doc) -> str:
        # Name and where they live: enough to tell two 张伟 apart, no phone or ID number.
        place = " ".join(str(doc.get(k) or "") for k in ("address",) if doc.get(k))
        return f"{doc['name']}（{place}）" if place else doc["name"]

    def _subdistrict(self):
        subdistricts = self.registry.subdistricts.list()
        return subdistricts[0].doc_id if subdistricts else None
