"""Goods (商品) of the credit supermarket: name, category, picture, price, stock, sponsor,
per-resident limits, shelf, dates; retired rather than deleted once ordered."""

import store

from .. import clock
from . import pictures
from .errors import GoodsNotFound, InvalidGoods
from .moves import MOVES, movement

TABLE = "supermarket_goods"
PERIODS = ("day", "week", "month", "year")
SPONSOR_KINDS = {"merchant": "merchants", "unit": "units"}
DEFAULT_LOW_STOCK = 5
PERIOD_WORDS = {"day": "每天", "week": "每周", "month": "每月", "year": "每年"}
SHORT_TEXT = 30         # characters of a category or shelf location
ORDERS = "supermarket_orders"


def positive_int(value, what, allow_zero=False) -> int:
    """value if it is a whole number of at least 1 (0 with allow_zero), else InvalidGoods naming what."""
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        floor = "不小于 0 的整数" if allow_zero else "正整数"
        raise InvalidGoods(f"{what}必须是{floor}，收到 {value!r}。")
    return value


def short_text(value, what) -> str:
    """value stripped; InvalidGoods naming what if it is longer than SHORT_TEXT characters."""
    text = str(value or "").strip()
    if len(text) > SHORT_TEXT:
        raise InvalidGoods(f"{what}最多 {SHORT_TEXT} 个字，收到 {len(text)} 个字。")
    return text


def limits_of(doc) -> list:
    """[(period, count)] of a goods record's per-resident limits (older records: one limit)."""
    if doc.get("limits"):
        return [(period, doc["limits"][period]) for period in PERIODS
                if doc["limits"].get(period)]
    limit = doc.get("limit")
    return [(limit["period"], limit["count"])] if limit else []


def _limits(limit, limits) -> dict:
    """{period: count} from a legacy (count, period) pair and a {period: count} mapping."""
    wanted = dict(limits or {})
    if limit is not None:
        count, period = limit
        wanted[period] = count
    result = {}
    for period, count in wanted.items():
        if period not in PERIODS:
            raise InvalidGoods(f"限兑周期应为 {'、'.join(PERIODS)} 之一，收到「{period}」。")
        if count in (None, "", 0):
            continue
        result[period] = positive_int(count, f"{PERIOD_WORDS[period]}限兑数量")
    return result


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

    def add(self, *, name, points, actor, stock=0, sponsor=None, limit=None, limits=None,
            start=None, end=None, picture=None, photo=None, community=None,
            low_stock=DEFAULT_LOW_STOCK, category="", shelf="") -> int:
        """A new item; sponsor is (kind, id); limit is (count, period) per resident, limits
        {period: count} (both kept); photo the bytes of an uploaded picture."""
        community = self._community(community)
        doc = self._prepare(name=name, points=points, sponsor=sponsor, limit=limit,
                            limits=limits, start=start, end=end, picture=picture,
                            community=community, low_stock=low_stock, category=category,
                            shelf=shelf)
        doc["stock"] = positive_int(stock, "初始库存", allow_zero=True)
        doc["created"] = clock.now().isoformat(timespec="seconds")
        if photo is not None:
            pictures.image_type(photo)
        with self.store.transaction():
            if photo is not None:
                doc["picture"] = pictures.save(self.store, photo)
            goods_id = self.table.insert(doc)
            self.registry.audit.record(actor, "create", TABLE, goods_id, None, doc)
            if doc["stock"]:
                self.store.table(MOVES).insert(movement(goods_id, doc, doc["stock"], "initial",
                                                        actor, doc["sponsor"], ""))
        return goods_id

    def update(self, goods_id, *, actor, photo=None, **changes) -> dict:
        """Change name, category, price, sponsor, limits, dates, picture (or a new photo),
        shelf, active or low_stock (not stock)."""
        if "stock" in changes:
            raise InvalidGoods("库存只能通过补货或盘点更正修改(须写明原因)。")
        if photo is not None:
            pictures.image_type(photo)
        with self.store.transaction():
            current = self.get(goods_id)
            self.guard(current)
            values = {key: current.get(key) for key in
                      ("name", "points", "picture", "community", "low_stock", "category",
                       "shelf")}
            values["sponsor"] = ((current["sponsor"]["kind"], current["sponsor"]["id"])
                                 if current.get("sponsor") else None)
            values["limit"] = None
            values["limits"] = dict(limits_of(current))
            if "limit" in changes or "limits" in changes:
                values["limits"] = {}
            values["start"], values["end"] = current.get("start"), current.get("end")
            values.update({k: v for k, v in changes.items() if k != "active"})
            values["community"] = self._community(values["community"])
            doc = self._prepare(**values)
            if photo is not None:
                doc["picture"] = pictures.save(self.store, photo)
            doc["active"] = bool(changes.get("active", current.get("active", True)))
            self.table.update(doc, doc_ids=[int(goods_id)])
            self.registry.audit.record(actor, "update", TABLE, int(goods_id), dict(current),
                                       {**current, **doc})
        return self.get(goods_id)

    def retire(self, goods_id, *, actor, retired=True) -> dict:
        """Take the item off the shelf (下架), or put it back; its orders and history stay."""
        return self.update(goods_id, actor=actor, active=not retired)

    def ordered(self, goods_id) -> bool:
        """Whether any order (cancelled ones too) holds the item."""
        goods_id = int(goods_id)
        return any(line["goods"] == goods_id for order in self.store.table(ORDERS).all()
                   for line in order.get("lines", ()))

    def delete(self, goods_id, *, actor):
        """Delete an item entered by mistake; one that was ever redeemed can only be retired."""
        with self.store.transaction():
            doc = self.get(goods_id)
            self.guard(doc)
            if self.ordered(doc.doc_id):
                raise InvalidGoods(f"商品「{doc['name']}」已有兑换记录，不能删除，只能下架。")
            self.table.remove(doc_ids=[doc.doc_id])
            self.registry.audit.record(actor, "delete", TABLE, doc.doc_id, dict(doc), None)

    def own_community(self):
        """The community of the staff member's scope (None: the whole subdistrict)."""
        return getattr(getattr(self.registry, "scope", None), "community", None)

    def guard(self, doc):
        """InvalidGoods unless the staff member's scope covers the item's community (a
        community's staff change only their own goods, not the subdistrict's shared ones)."""
        mine = self.own_community()
        if mine is None:
            return
        if doc.get("community") is None:
            raise InvalidGoods("全街道共用的商品只能由街道工作人员修改。")
        if doc.get("community") != mine:
            raise InvalidGoods("只能管理本社区信用超市的商品，请刷新商品列表。")

    def may_change(self, doc) -> bool:
        """Whether guard(doc) lets the staff member change the item."""
        try:
            self.guard(doc)
        except InvalidGoods:
            return False
        return True

    def _community(self, community):
        """The community new goods are kept for: a community's staff, their own."""
        mine = self.own_community()
        if mine is None:
            return community
        if community not in (None, mine):
            raise InvalidGoods("只能管理本社区信用超市的商品，请刷新商品列表。")
        return mine

    def _prepare(self, *, name, points, sponsor, limit, start, end, picture, community,
                 low_stock, limits=None, category="", shelf="") -> dict:
        name = (name or "").strip()
        if not name:
            raise InvalidGoods("商品名称不能为空。")
        if len(name) > SHORT_TEXT:
            raise InvalidGoods(f"商品名称最多 {SHORT_TEXT} 个字，收到 {len(name)} 个字。")
        doc = {"name": name, "points": positive_int(points, "兑换积分"),
               "category": short_text(category, "商品类别"),
               "shelf": short_text(shelf, "货架位置"),
               "picture": picture or None, "community": community,
               "low_stock": positive_int(low_stock, "低库存提醒线", allow_zero=True),
               "sponsor": self.sponsor(*sponsor) if sponsor else None,
               "limits": _limits(limit, limits), "limit": None,
               "start": _date_text(start), "end": _date_text(end), "active": True}
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

