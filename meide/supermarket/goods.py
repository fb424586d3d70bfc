"""Goods (商品) of the credit supermarket: name, picture, price, stock, sponsor, limits, dates."""

import store

from .. import clock
from .errors import GoodsNotFound, InvalidGoods
from .moves import MOVES, movement

TABLE = "supermarket_goods"
PERIODS = ("day", "week", "month", "year")
SPONSOR_KINDS = {"merchant": "merchants", "unit": "units"}
DEFAULT_LOW_STOCK = 5


def positive_int(value, what, allow_zero=False) -> int:
    """value if it is a whole number of at least 1 (0 with allow_zero), else InvalidGoods naming what."""
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        floor = "不小于 0 的整数" if allow_zero else "正整数"
        raise InvalidGoods(f"{what}必须是{floor}，收到 {value!r}。")
    return value


def _date_text(value) -> str | None:
    if value in (None, ""):
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def on_sale(doc, day: str) -> bool:
    """Whether the goods may be redeemed on day ('2026-10-01')."""
    if not doc.get("active", True):
        return False
    start, end = doc.get("start"), doc.get("end")
    return (start is None or start <= day) and (end is None or day <= end)


class GoodsBook:
    """The goods table; every change is audited. Stock counts change only through StockBook."""

    def __init__(self, opened_store, registry):
        self.store = opened_store
        self.registry = registry
        self.table = opened_store.table(TABLE)
        opened_store.add_index(TABLE, "community")

    def sponsor(self, kind, sponsor_id) -> dict:
        """{'kind', 'id', 'name'} of a merchant or unit, checked against the registry."""
        if kind not in SPONSOR_KINDS:
            raise InvalidGoods(f"赞助方只能是商户或单位，收到「{kind}」。")
        doc = getattr(self.registry, SPONSOR_KINDS[kind]).get(sponsor_id)
        return {"kind": kind, "id": doc.doc_id, "name": doc.get("name", "")}

    def add(self, *, name, points, actor, stock=0, sponsor=None, limit=None, start=None,
            end=None, picture=None, community=None, low_stock=DEFAULT_LOW_STOCK) -> int:
        """A new item; sponsor is (kind, id); limit is (count, period) per resident."""
        doc = self._prepare(name=name, points=points, sponsor=sponsor, limit=limit, start=start,
                            end=end, picture=picture, community=community, low_stock=low_stock)
        doc["stock"] = positive_int(stock, "初始库存", allow_zero=True)
        doc["created"] = clock.now().isoformat(timespec="seconds")
        with self.store.transaction():
            goods_id = self.table.insert(doc)
            self.registry.audit.record(actor, "create", TABLE, goods_id, None, doc)
            if doc["stock"]:
                self.store.table(MOVES).insert(movement(goods_id, doc, doc["stock"], "initial",
                                                        actor, doc["sponsor"], ""))
        return goods_id

    def update(self, goods_id, *, actor, **changes) -> dict:
        """Change name, price, sponsor, limit, dates, picture, active or low_stock (not stock)."""
        if "stock" in changes:
            raise InvalidGoods("库存只能通过补货或盘点更正修改(须写明原因)。")
        with self.store.transaction():
            current = self.get(goods_id)
            values = {key: current.get(key) for key in
                      ("name", "points", "picture", "community", "low_stock")}
            values["sponsor"] = ((current["sponsor"]["kind"], current["sponsor"]["id"])
                                 if current.get("sponsor") else None)
            values["limit"] = ((current["limit"]["count"], current["limit"]["period"])
                               if current.get("limit") else None)
            values["start"], values["end"] = current.get("start"), current.get("end")
            values.update({k: v for k, v in changes.items() if k != "active"})
            doc = self._prepare(**values)
            doc["active"] = bool(changes.get("active", current.get("active", True)))
            self.table.update(doc, doc_ids=[int(goods_id)])
            self.registry.audit.record(actor, "update", TABLE, int(goods_id), dict(current),
                                       {**current, **doc})
        return self.get(goods_id)

    def _prepare(self, *, name, points, sponsor, limit, start, end, picture, community,
                 low_stock) -> dict:
        name = (name or "").strip()
        if not name:
            raise InvalidGoods("商品名称不能为空。")
        doc = {"name": name, "points": positive_int(points, "兑换积分"),
               "picture": picture or None, "community": community,
               "low_stock": positive_int(low_stock, "低库存提醒线", allow_zero=True),
               "sponsor": self.sponsor(*sponsor) if sponsor else None, "limit": None,
               "start": _date_text(start), "end": _date_text(end), "active": True}
        if limit is not None:
            count, period = limit
            if period not in PERIODS:
                raise InvalidGoods(f"限兑周期应为 {'、'.join(PERIODS)} 之一，收到「{period}」。")
            doc["limit"] = {"count": positive_int(count, "限兑数量"), "period": period}
        if doc["start"] and doc["end"] and doc["end"] < doc["start"]:
            raise InvalidGoods(f"下架日期 {doc['end']} 早于上架日期 {doc['start']}。")
        return doc

    def get(self, goods_id):
        doc = self.table.get(doc_id=int(goods_id)) if str(goods_id).isdigit() else None
        if doc is None:
            raise GoodsNotFound(goods_id)
        return doc

    def list(self, community=None, *, on_day: str | None = None) -> list:
        """Goods of a community's supermarket (and the subdistrict's shared goods), by id;
        with on_day only those on sale that day."""
        docs = self.table.all() if community is None else (
            self.table.search(store.where("community") == community)
            + self.table.search(store.where("community") == None))  # noqa: E711
        docs.sort(key=lambda doc: doc.doc_id)
        if on_day is not None:
            docs = [doc for doc in docs if on_sale(doc, on_day)]
        return docs

