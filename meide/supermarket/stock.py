"""Stock (库存): restocks with their source and sponsor, corrections with a reason, stock counts
(盘点) that record every difference; all audited and recorded."""

import store

from ..points.periods import now_stamp
from .errors import InvalidGoods, OutOfStock
from .goods import TABLE, positive_int
from .moves import MOVES, SOURCES, movement

COUNTS = "supermarket_stock_counts"


class StockBook:
    """Stock changes outside redemptions; each writes a movement record and an audit entry."""

    def __init__(self, opened_store, goods):
        self.store = opened_store
        self.goods = goods
        self.moves = opened_store.table(MOVES)
        opened_store.add_index(MOVES, "goods")

    def restock(self, goods_id, quantity, *, actor, sponsor=None, note="",
                source="donation") -> int:
        """Add quantity to the stock from source (SOURCES); a gift's or delivery's sponsor
        (kind, id) defaults to the item's sponsor; a purchase has none."""
        quantity = positive_int(quantity, "补货数量")
        if source not in SOURCES:
            raise InvalidGoods(f"补货来源应为{'、'.join(SOURCES.values())}之一，收到「{source}」。")
        note = (note or "").strip()
        with self.store.transaction():
            doc = self.goods.get(goods_id)
            self.goods.guard(doc)
            giver = None if source == "purchase" else (
                self.goods.sponsor(*sponsor) if sponsor else doc.get("sponsor"))
            left = doc["stock"] + quantity
            self.goods.table.update({"stock": left}, doc_ids=[doc.doc_id])
            self.moves.insert(movement(doc.doc_id, doc, quantity, "restock", actor, giver, note,
                                       source))
            self.goods.registry.audit.record(actor, "restock", TABLE, doc.doc_id,
                                             {"stock": doc["stock"]}, {"stock": left},
                                             note=note, sponsor=giver and giver["name"],
                                             source=SOURCES[source])
        return left

    def correct(self, goods_id, counted, *, actor, reason) -> int:
        """Set the stock to what was counted (盘点更正); a reason is required and audited."""
        counted = positive_int(counted, "盘点数量", allow_zero=True)
        reason = (reason or "").strip()
        if not reason:
            raise InvalidGoods("更正库存必须写明原因(如: 盘点发现破损 2 件)。")
        with self.store.transaction():
            doc = self.goods.get(goods_id)
            self.goods.guard(doc)
            difference = counted - doc["stock"]
            if difference:
                self.goods.table.update({"stock": counted}, doc_ids=[doc.doc_id])
                self.moves.insert(movement(doc.doc_id, doc, difference, "correct", actor,
                                           None, reason))
                self.goods.registry.audit.record(actor, "stock.correct", TABLE, doc.doc_id,
                                                 {"stock": doc["stock"]}, {"stock": counted},
                                                 note=reason)
        return counted

    def count(self, counted: dict, *, actor, note="") -> dict:
        """A stock count (盘点): {goods id: pieces counted}; every item whose stock differs is
        set to what was counted; the count (expected, counted, difference per item) is kept
        and audited. All or nothing: one bad figure changes nothing."""
        if not counted:
            raise InvalidGoods("盘点至少要填写一种商品的清点数量。")
        note = (note or "").strip() or "盘点"
        with self.store.transaction():
            lines = []
            for goods_id, pieces in sorted(counted.items(), key=lambda pair: int(pair[0])):
                doc = self.goods.get(goods_id)
                self.goods.guard(doc)
                pieces = positive_int(pieces, f"「{doc['name']}」的清点数量", allow_zero=True)
                lines.append({"goods": doc.doc_id, "name": doc["name"], "expected": doc["stock"],
                              "counted": pieces, "difference": pieces - doc["stock"]})
            for line in lines:
                if line["difference"]:
                    goods_id = line["goods"]
                    doc = self.goods.get(goods_id)
                    self.goods.table.update({"stock": line["counted"]}, doc_ids=[goods_id])
                    self.moves.insert(movement(goods_id, doc, line["difference"], "count",
                                               actor, None, note))
            record = {"at": now_stamp(), "actor": str(actor), "note": note, "lines": lines,
                      "community": self.goods.own_community(),
                      "differences": sum(1 for line in lines if line["difference"])}
            count_id = self.store.table(COUNTS).insert(record)
            self.goods.registry.audit.record(actor, "stock.count", COUNTS, count_id, None,
                                             record, note=note)
        return self.store.table(COUNTS).get(doc_id=count_id)

    def counts(self, community=None) -> list:
        """The stock counts recorded (a community's own for community staff), newest first."""
        docs = self.store.table(COUNTS).all()
        if community is not None:
            docs = [doc for doc in docs if doc.get("community") == community]
        return sorted(docs, key=lambda doc: -doc.doc_id)

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
