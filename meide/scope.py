"""Scope: the part of the organisation a staff member acts in, and the one rule for what it covers."""

from dataclasses import dataclass

import store

# Narrowest first: the narrowest level a place carries decides whether a scope covers it.
LEVELS = ("grid", "community", "subdistrict")
# Registry tables whose own doc id is the level they represent.
_OWN_LEVEL = {"subdistricts": "subdistrict", "communities": "community", "grids": "grid"}


@dataclass(frozen=True)
class Scope:
    """A subdistrict, a community in it, or a grid in that community (store doc ids).

    None at a level leaves that level open: Scope() is everything, Scope(1) one subdistrict,
    Scope(1, 4) one community, Scope(1, 4, 9) one grid.
    """

    subdistrict: object = None
    community: object = None
    grid: object = None

    @classmethod
    def of(cls, holder) -> "Scope":
        """The scope of a staff account (a mapping) or of anything with those attributes (an Actor)."""
        if hasattr(holder, "get"):
            return cls(holder.get("subdistrict"), holder.get("community"), holder.get("grid"))
        return cls(holder.subdistrict, holder.community, holder.grid)

    @property
    def kind(self) -> str:
        return "grid" if self.grid is not None else (
            "community" if self.community is not None else "subdistrict")

    @property
    def id(self):
        return getattr(self, self.kind)

    @property
    def is_whole_subdistrict(self) -> bool:
        return self.community is None

    def allows(self, level: str, value) -> bool:
        """Whether value at level is inside (a level the scope leaves open allows anything)."""
        wanted = getattr(self, level)
        return wanted is None or _same(value, wanted)

    def covers(self, place, table: str | None = None) -> bool:
        """Whether a place lies inside this scope.

        place is anything mapping levels to ids: a registry record, a workflow record's scope,
        a ledger entry, a staff account; table names the registry table when the record *is* a
        level (a community record is judged by its own id). The narrowest level the scope
        restricts and the place carries decides, so a grid worker sees the teams (which have no
        grid) of their community; a level present but None is outside, never inside. A place
        that names no subdistrict belongs to the one this installation serves.
        """
        place = place or {}
        own = _OWN_LEVEL.get(table)
        for level in LEVELS:
            wanted = getattr(self, level)
            if wanted is None:
                continue
            if own == level:
                return _same(getattr(place, "doc_id", None), wanted)
            if level in place:
                return _same(place[level], wanted)
        return self.is_whole_subdistrict

    def within(self, other: "Scope") -> bool:
        """Whether everything this scope covers is also covered by other."""
        return all(other.allows(level, getattr(self, level)) for level in LEVELS)

    def query(self):
        """The store query for records carrying this scope's level (indexed in the people tables)."""
        return store.where(self.kind) == self.id

    def as_fields(self) -> dict:
        return {"subdistrict": self.subdistrict, "community": self.community, "grid": self.grid}


def _same(value, wanted) -> bool:
    # The registry and the kernel hold ids as numbers, the ledger as text (its account keys
    # are text): ids compare as text, and None is never an id.
    if type(value) is type(wanted):
        return value == wanted
    return value is not None and str(value) == str(wanted)
