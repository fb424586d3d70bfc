"""Supermarket errors: one SupermarketError hierarchy; str() is a Chinese message for the clerk."""

from ..errors import MeideError


class SupermarketError(MeideError):
    """Base class of every error the supermarket raises; str() is the message for staff."""


class GoodsNotFound(SupermarketError):
    def __init__(self, goods_id):
        self.goods_id = goods_id
        super().__init__(f"没有编号为 {goods_id} 的商品，请刷新商品列表后重试。")


class InvalidGoods(SupermarketError):
    """A goods record, restock or correction is not acceptable (price, count, dates, reason)."""


class NotOnSale(SupermarketError):
    def __init__(self, name, on):
        self.name = name
        super().__init__(f"商品「{name}」在 {on} 不在兑换期内(已下架或未上架)，请选择其他商品。")


class OutOfStock(SupermarketError):
    def __init__(self, name, left, wanted):
        self.name, self.left, self.wanted = name, left, wanted
        text = "已兑完" if left <= 0 else f"只剩 {left} 件"
        super().__init__(f"库存不足: 商品「{name}」{text}，本次需要 {wanted} 件。"
                         "可能另一个柜台刚刚兑走了，请调整数量或换其他商品。")


class LimitExceeded(SupermarketError):
    WORDS = {"day": "每天", "week": "每周", "month": "每月", "year": "每年"}
    NOW = {"day": "今天", "week": "本周", "month": "本月", "year": "今年"}

    def __init__(self, name, period, limit, used, wanted):
        self.name, self.period, self.limit, self.used = name, period, limit, used
        left = max(limit - used, 0)
        super().__init__(f"超出限兑数量: 商品「{name}」每人{self.WORDS[period]}限兑 {limit} 件，"
                         f"{self.NOW[period]}已兑 {used} 件，本次 {wanted} 件"
                         f"(还可兑 {left} 件)。")


class EmptyBasket(SupermarketError):
    def __init__(self):
        super().__init__("购物篮是空的，请先添加商品。")


class GuardianRequired(SupermarketError):
    def __init__(self, name):
        super().__init__(f"{name}是未成年人(家园小卫士)，兑换须记录监护人。"
                         "请先在居民档案中登记监护人，或选择到场的监护人。")


class NotEnoughPoints(SupermarketError):
    def __init__(self, who, balance, needed):
        self.balance, self.needed = balance, needed
        super().__init__(f"积分不足: {who}可用积分 {balance} 分，本次需要 {needed} 分，"
                         f"还差 {needed - balance} 分。请减少商品后再兑换。")


class OrderNotFound(SupermarketError):
    def __init__(self, order_id):
        self.order_id = order_id
        super().__init__(f"没有编号为 {order_id} 的兑换单，请核对单号。")


class CancelNotAllowed(SupermarketError):
    """Only a same-day, not yet cancelled order can be cancelled."""


class KeyReused(SupermarketError):
    def __init__(self, key, order_id):
        self.key, self.order_id = key, order_id
        super().__init__(f"操作编号「{key}」已用于第 {order_id} 号兑换单，且内容不同。"
                         "请刷新页面后重新兑换。")
