"""Points (积分): the versioned rule catalogue, the append-only ledger, rankings and what-if replay.

    import store
    from meide.points import Account, Catalogue, Ledger, default_catalogue

    opened = store.open_store("data/demo")
    ledger = Ledger(opened, default_catalogue.demo_catalogue(opened))
    resident = Account("resident", "17", community="3", grid="12", household="40", building="8")
    ledger.award(resident, "VOLUNTEER_HOUR", quantity=2.5, reason="清扫楼道", source="activity:5",
                 actor="staff:2", key="activity:5:resident:17", evidence=["签到表-0501.jpg"])
    ledger.balance(resident.key)

Points are integers; per-hour rules take hours in half-hour steps and round half up (away
from zero), so 3 points an hour for 1.5 hours is 5 points.
"""

from . import default_catalogue, periods, whatif
from .accounts import KINDS, Account, RollUp, account_from_key, parse_key
from .catalogue import Catalogue, community_catalogue_id
from .entries import Entry
from .errors import (AlreadyReversed, CapExceeded, CatalogueNotFound, EntryNotFound,
                     EvidenceRequired, IdempotencyConflict, InsufficientBalance, InvalidQuantity,
                     InvalidRequest, NotReversible, PointsError, ReviewRequired, RuleInvalid,
                     RuleNotApplicable, RuleNotFound, RuleNotInEffect, WrongDirection)
from .ledger import Ledger
from .rankings import Ranking, RankingRow
from .rules import BASE_CATALOGUE, Rule
from .statement import Statement, StatementLine

__all__ = [
    "Account", "KINDS", "RollUp", "account_from_key", "parse_key",
    "Rule", "Catalogue", "BASE_CATALOGUE", "community_catalogue_id", "default_catalogue",
    "Ledger", "Entry", "Ranking", "RankingRow", "Statement", "StatementLine",
    "periods", "whatif",
    "PointsError", "RuleInvalid", "CatalogueNotFound", "RuleNotFound", "RuleNotInEffect",
    "RuleNotApplicable", "WrongDirection", "InvalidQuantity", "InvalidRequest",
    "EvidenceRequired", "ReviewRequired", "CapExceeded", "InsufficientBalance", "EntryNotFound",
    "AlreadyReversed", "NotReversible", "IdempotencyConflict",
]
