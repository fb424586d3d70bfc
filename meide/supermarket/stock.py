"""Stock (库存): restocks with their sponsor, corrections with a reason, all audited and recorded."""

import store

from .errors import InvalidGoods, OutOfStock
from .goods import TABLE, positive_int
from .moves import MOVES, movement


class StockBook:
    """Stock changes outside redemptions; each writes a movement record and an audit entry."""

    def __init__(self, opened_store, goods):
        self.store = opened_store
        self.goods = goods
        self.moves = opened_store.table(MOVES)
        opened_store.add_index(MOVES, "goods")

    def restock(self, goods_id, quantity, *, actor, sponsor=None, note="") -> int:
        """Add quantity to the stock; sponsor (kind, id) defaults to the item's sponsor."""
        quantity = positive_int(quantity, "补货数量")
        with self.store.transaction():
            doc = self.goods.get(goods_id)
            giver = self.goods.sponsor(*sponsor) if sponsor else doc.get("sponsor")
            left = doc["stock"] + quantity
            self.goods.table.update({"stock": left}, doc_ids=[doc.doc_id])
            self.moves.insert(movement(doc.doc_id, doc, quantity, "restock", actor, giver, note))
            self.goods.registry.audit.record(actor, "restock", TABLE, doc.doc_id,
                                             {"stock": doc["stock"]}, {"stock": left},
                                             note=note, sponsor=giver and giver["name"])
        return left

    def correct(self, goods_id, counted, *, actor, reason) -> int:
        """Set the stock to what was counted (盘点更正); a reason is required and audited."""
        counted = positive_int(counted, "盘点数量", allow_zero=True)
        reason = (reason or "").strip()
        if not reason:
            raise InvalidGoods("更正库存必须写明原因(如: 盘点发现破损 2 件)。")
        with self.store.transaction():
            doc = self.goods.get(goods_id)
            difference = counted - doc["stock"]
            if difference:
                self.goods.table.update({"stock": counted}, doc_ids=[doc.doc_id])
                self.moves.insert(movement(doc.doc_id, doc, difference, "correct", actor,
                                           None, reason))
                self.goods.registry.audit.record(actor, "stock.correct", TABLE, doc.doc_id,
                                                 {"stock": doc["stock"]}, {"stock": counted},
                                                 note=reason)
        return counted

    def take(self, doc, quantity):
        """Decrement inside the caller's transaction; OutOfStock if there are not enough."""
        if doc["stock"] < quantity:
            raise OutOfStock(doc["name"], doc["stock"], quantity)
        self.goods.table.update({"stock": doc["stock"] - quantity}, doc_ids=[doc.doc_id])

    def put_back(self, goods_id, quantity, *, actor, reason):
        """Return cancelled goods to the stock (inside the caller's transaction)."""
        doc = self.goods.get(goods_id)
        self.goods.table.update({"stock": doc["stock"] + quantity}, doc_ids=[doc.doc_id])
        self.moves.insert(movement(doc.doc_id, doc, quantity, "cancel", actor, None, reason))

    def history(self, goods_id) -> list:
        return self.moves.search(store.where("goods") == int(goods_id))
