"""Redemption (兑换): one store transaction writes the ledger debit, the stock and the order."""

import store

from ..points import Account, InsufficientBalance
from ..points.periods import now_stamp
from . import limits
from .errors import (EmptyBasket, GuardianRequired, KeyReused, LimitExceeded, NotEnoughPoints,
                     NotOnSale, OrderNotFound, OutOfStock, SupermarketError)
from .goods import limits_of, on_sale

ORDERS = "supermarket_orders"


def basket_lines(basket) -> list:
    """[(goods id, quantity)] from {goods id: quantity} or pairs; repeated goods are merged."""
    pairs = basket.items() if isinstance(basket, dict) else basket
    merged: dict = {}
    for goods_id, quantity in pairs:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            raise SupermarketError(f"数量必须是正整数，收到 {quantity!r}。")
        if quantity:
            merged[int(goods_id)] = merged.get(int(goods_id), 0) + quantity
    if not merged:
        raise EmptyBasket()
    return sorted(merged.items())


def resident_account(resident) -> Account:
    return Account("resident", str(resident.doc_id), community=resident.get("community"),
                   grid=resident.get("grid"), household=resident.get("household"),
                   building=resident.get("building"), is_child=bool(resident.get("minor")))


def household_account(resident) -> Account:
    return Account("household", str(resident["household"]), community=resident.get("community"),
                   grid=resident.get("grid"), building=resident.get("building"))


def paying_account(resident, household_pool: bool) -> Account:
    """Whose points pay: the household's pool when the programme uses one, else the resident's."""
    if household_pool and resident.get("household") is not None:
        return household_account(resident)
    return resident_account(resident)


def same_request(order, resident_id, lines) -> bool:
    return order["resident"] == resident_id and [
        (line["goods"], line["quantity"]) for line in order["lines"]] == lines


class Redemptions:
    """Redeem a basket for a resident at the counter, exactly once per idempotency key."""

    def __init__(self, opened_store, ledger, registry, goods, stock, *, household_pool=False):
        self.store = opened_store
        self.ledger = ledger
        self.registry = registry
        self.goods = goods
        self.stock = stock
        self.household_pool = household_pool
        self.orders = opened_store.table(ORDERS)
        for field in ("key", "resident", "day", "account"):
            opened_store.add_index(ORDERS, field)

    def redeem(self, resident_id, basket, *, actor, key, guardian=None):
        """The order (a Document) for this key: made now, or the one a repeat of it made.

        Ledger debit, stock decrements and the order all commit together or not at all;
        OutOfStock, LimitExceeded, NotEnoughPoints… leave nothing behind.
        """
        lines = basket_lines(basket)
        key = str(key or "").strip()
        if not key:
            raise SupermarketError("缺少操作编号(防重复提交)，请刷新页面后重试。")
        resident = self.registry.residents.get(resident_id)     # OutOfScope for other clerks
        with self.store.transaction():
            existing = self.orders.get(store.where("key") == key)
            if existing is not None:
                if not same_request(existing, resident.doc_id, lines):
                    raise KeyReused(key, existing.doc_id)
                return existing
            at = now_stamp()
            who = self._guardian(resident, guardian)
            account = paying_account(resident, self.household_pool)
            history = None
            order_lines, total = [], 0
            for goods_id, quantity in lines:
                item = self.goods.get(goods_id)
                history = self._allowed(resident, item, quantity, at, history)
                self.stock.take(item, quantity)
                order_lines.append({"goods": item.doc_id, "name": item["name"],
                                    "points": item["points"], "quantity": quantity,
                                    "sponsor": (item.get("sponsor") or {}).get("name")})
                total += item["points"] * quantity
            names = "、".join(f"{line['name']}×{line['quantity']}" for line in order_lines)
            try:
                entry = self.ledger.redeem(account, total, reason=f"信用超市兑换: {names}",
                                           source=f"supermarket:{key}", actor=str(actor),
                                           key=f"supermarket:{key}")
            except InsufficientBalance as exc:
                whose = "本户积分池" if account.kind == "household" else resident["name"]
                raise NotEnoughPoints(whose, exc.balance, exc.needed) from None
            order = {"key": key, "resident": resident.doc_id, "name": resident["name"],
                     "account": account.key, "household": resident.get("household"),
                     "community": resident.get("community"), "grid": resident.get("grid"),
                     "child": bool(resident.get("minor")), "guardian": who,
                     "lines": order_lines, "total": total, "entry": entry.id,
                     "balance_after": self.ledger.balance(account.key), "at": at,
                     "day": at[:10], "actor": str(actor), "status": "done"}
            order_id = self.orders.insert(order)
            return self.orders.get(doc_id=order_id)

    def check(self, resident_id, basket):
        """Refuse, as redeem would, a basket the resident may not have today (off sale, over a
        per-resident limit, more than the stock); writes nothing. Points are left to redeem."""
        lines = basket_lines(basket)
        resident = self.registry.residents.get(resident_id)
        at, history = now_stamp(), None
        for goods_id, quantity in lines:
            item = self.goods.get(goods_id)
            history = self._allowed(resident, item, quantity, at, history)
            if item["stock"] < quantity:
                raise OutOfStock(item["name"], item["stock"], quantity)

    def _allowed(self, resident, item, quantity, at, history):
        """NotOnSale or LimitExceeded for quantity of item at `at`; the resident's orders read
        (None until a limit needs them), for the next line."""
        if not on_sale(item, at[:10]):
            raise NotOnSale(item["name"], at[:10])
        for period, count in limits_of(item):
            if history is None:
                history = self.orders.search(store.where("resident") == resident.doc_id)
            taken = limits.used(history, item.doc_id, period, at)
            if taken + quantity > count:
                raise LimitExceeded(item["name"], period, count, taken, quantity)
        return history

    def _guardian(self, resident, guardian):
        """{'id', 'name'} of the guardian a child's exchange records; None for an adult."""
        if not resident.get("minor"):
            return None
        chosen = guardian if guardian is not None else resident.get("guardian")
        if chosen is None:
            raise GuardianRequired(resident["name"])
        doc = self.registry.residents.get(chosen)
        if doc.get("minor"):
            raise GuardianRequired(resident["name"])
        return {"id": doc.doc_id, "name": doc["name"]}

    def order(self, order_id):
        doc = self.orders.get(doc_id=int(order_id)) if str(order_id).isdigit() else None
        if doc is None:
            raise OrderNotFound(order_id)
        return doc

    def order_in_scope(self, order_id):
        """The order, if the registry's actor may see it (their scope covers its community or
        grid); OutOfScope (audited) for another community's order."""
        doc = self.order(order_id)
        scope = self.registry.scope
        if scope is not None and not scope.covers(doc):
            raise self.registry.refused("该兑换单不在您的管辖范围内", ORDERS, doc.doc_id)
        return doc

    def of_day(self, day: str) -> list:
        """The orders of day ('2026-10-12') the registry's actor may see, in the order made."""
        scope = self.registry.scope
        return sorted((doc for doc in self.orders.search(store.where("day") == day)
                       if scope is None or scope.covers(doc)), key=lambda doc: doc.doc_id)

    def of_resident(self, resident_id) -> list:
        return sorted(self.orders.search(store.where("resident") == int(resident_id)),
                      key=lambda doc: doc.doc_id)
