"""The credit supermarket (信用超市): goods, stock, redemption at the counter, cancellation, reports.

    from meide.supermarket import Supermarket

    market = Supermarket(opened, ledger, registry.acting_as("clerk1"))
    soap = market.goods.add(name="洗衣皂", points=10, stock=50, sponsor=("merchant", 3),
                            limit=(2, "month"), actor="clerk1")
    order = market.redeem(resident_id, {soap: 1}, actor="clerk1", key=click_key)
    market.cancel(order.doc_id, actor="clerk1", reason="居民改换其他商品")
"""

from . import pictures, receipt, reports, statements
from .cancellation import cancel
from .errors import (CancelNotAllowed, EmptyBasket, GoodsNotFound, GuardianRequired,
                     InvalidGoods, KeyReused, LimitExceeded, NotEnoughPoints, NotOnSale,
                     OrderNotFound, OutOfStock, SupermarketError)
from .goods import GoodsBook
from .redemption import Redemptions, paying_account
from .settings import COUNTER_ROLES
from .stock import StockBook

__all__ = ["Supermarket", "COUNTER_ROLES", "GoodsBook", "StockBook", "Redemptions", "reports",
           "statements", "pictures",
           "paying_account",
           "SupermarketError", "GoodsNotFound", "InvalidGoods", "NotOnSale", "OutOfStock",
           "LimitExceeded", "EmptyBasket", "GuardianRequired", "NotEnoughPoints",
           "OrderNotFound", "CancelNotAllowed", "KeyReused"]


class Supermarket:
    """The supermarket over one store, ledger and (scoped) registry."""

    def __init__(self, opened_store, ledger, registry, *, household_pool: bool | None = None):
        self.store = opened_store
        self.ledger = ledger
        self.registry = registry
        if household_pool is None:
            from .settings import household_pool as setting
            household_pool = setting(opened_store)
        self.goods = GoodsBook(opened_store, registry)
        self.stock = StockBook(opened_store, self.goods)
        self.redemptions = Redemptions(opened_store, ledger, registry, self.goods, self.stock,
                                       household_pool=household_pool)

    @property
    def household_pool(self) -> bool:
        return self.redemptions.household_pool

    def redeem(self, resident_id, basket, *, actor, key, guardian=None):
        return self.redemptions.redeem(resident_id, basket, actor=actor, key=key,
                                       guardian=guardian)

    def cancel(self, order_id, *, actor, reason):
        return cancel(self.redemptions, order_id, actor=actor, reason=reason)

    def check(self, resident_id, basket):
        """Refuse a basket redeem would refuse for limits, sale dates or stock; writes nothing."""
        return self.redemptions.check(resident_id, basket)

    def order(self, order_id):
        return self.redemptions.order(order_id)

    def orders_of_day(self, day: str) -> list:
        """The day's orders ('2026-10-12') within the registry's scope, oldest first."""
        return self.redemptions.of_day(day)

    def find_receipt(self, number: str):
        """The order of a receipt number (DH-20261012-0042) within the registry's scope."""
        return receipt.find(self.redemptions, number)

    def export(self, *, actor, day, year: int, month: int, community=None) -> bytes:
        """The reports workbook (.xlsx); the export is audited."""
        data = reports.workbook(self.store, self.goods, day=day, year=year, month=month,
                                community=community)
        self.registry.audit.record(actor, "export", "supermarket_reports", None,
                                   note=f"信用超市报表 {year}年{month}月")
        return data

    def balance_of(self, resident) -> int:
        """The points the resident can spend here (the household pool when one is used)."""
        return self.ledger.balance(paying_account(resident, self.household_pool).key)
