"""最美楼栋流动牌: who holds the rotating plaque for which period, kept as an append-only history."""

import store

from ..errors import MeideError
from ..points.periods import now_stamp

TABLE = "rotating_plaque"


class PeriodAlreadyClosed(MeideError, ValueError):
    """The period was already closed for this community; a closed period is never redone."""


class RotatingPlaque:
    """One entry per closed period and scope (a community, or None for the subdistrict): the
    building that earned the plaque in that period and holds it through the next."""

    def __init__(self, opened_store):
        self._store = opened_store
        self._table = opened_store.table(TABLE)
        opened_store.add_index(TABLE, "key")

    def closed(self, scope, period_key: str):
        """The entry made when period_key was closed for scope, or None."""
        found = [doc for doc in self._table.all()
                 if doc["scope"] == scope and doc["period"]["key"] == period_key]
        return found[0] if found else None

    def hand_over(self, *, scope, scope_name: str, period, holder: dict | None, source: str,
                  key: str) -> dict:
        """Record the close of period for scope and the plaque's next holder (None: no building
        reached the stars it needs; the plaque stays with the current holder)."""
        with self._store.transaction():
            repeated = self._table.get(store.where("key") == key)
            if repeated is not None:
                return repeated
            if self.closed(scope, period.key) is not None:
                raise PeriodAlreadyClosed(f"{scope_name}{period.label}已经结算过，不能重复结算")
            doc = {"scope": scope, "scope_name": scope_name, "period": period.as_dict(),
                   "holds_for": period.next().as_dict(),
                   "holder": {k: holder[k] for k in ("building", "building_name",
                                                     "community_name", "score", "stars")}
                   if holder else None,
                   "source": source, "key": key, "at": now_stamp()}
            return self._table.get(doc_id=self._table.insert(doc))

    def history(self, scope) -> list:
        """Closed periods of scope, oldest first, with their holders."""
        found = [doc for doc in self._table.all() if doc["scope"] == scope]
        return sorted(found, key=lambda doc: doc["period"]["start"])

    def holder(self, scope):
        """The building holding the plaque now (the latest period that named one), or None."""
        named = [doc for doc in self.history(scope) if doc["holder"]]
        return named[-1]["holder"] if named else None
