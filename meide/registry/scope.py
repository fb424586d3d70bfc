"""Scope: the part of the organisation tree a staff member may see, applied on the server."""

from dataclasses import dataclass

import store

# Tables whose own doc id is the level they represent.
_OWN_LEVEL = {"subdistricts": "subdistrict", "communities": "community", "grids": "grid"}
_LEVELS = ("grid", "community", "subdistrict")
KINDS = {"subdistrict": "街道", "community": "社区", "grid": "网格"}


@dataclass(frozen=True)
class Scope:
    """A subdistrict, or a community in it, or a grid in that community (ids are store doc ids)."""

    subdistrict: int
    community: int | None = None
    grid: int | None = None

    @property
    def kind(self) -> str:
        return "grid" if self.grid is not None else (
            "community" if self.community is not None else "subdistrict")

    @property
    def id(self) -> int:
        return getattr(self, self.kind)

    def admits(self, doc, table: str | None = None) -> bool:
        """Whether doc (a record of table) lies inside this scope.

        The narrowest level the record carries decides: a resident is judged by its grid, a team
        (which has no grid) by its community. A field present but None is outside, never inside.
        """
        own = _OWN_LEVEL.get(table)
        for level in _LEVELS:
            target = getattr(self, level)
            if target is None:
                continue
            if own == level:
                return getattr(doc, "doc_id", None) == target
            if level in doc:
                return doc[level] == target
        return False

    def within(self, other: "Scope") -> bool:
        """Whether every record this scope admits is also admitted by other."""
        return all(getattr(other, level) is None or getattr(other, level) == getattr(self, level)
                   for level in _LEVELS)

    def query(self):
        """The store query for records carrying this scope's level (indexed in the people tables)."""
        return store.where(self.kind) == self.id

    def as_fields(self) -> dict:
        return {"subdistrict": self.subdistrict, "community": self.community, "grid": self.grid}
