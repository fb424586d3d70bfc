"""A year of programme activity for the demo: awards, deductions, redemptions and reversals.

Everything goes through the real Ledger (rules, caps, balances, idempotency keys) with the clock
set to each entry's moment, so rankings, statements, boards and commendations have a history to
show; entries are written in batches of one store transaction each, one journal record per batch.
"""

import datetime as dt
import random

from .. import clock
from ..points.errors import CapExceeded, InsufficientBalance
from ..supermarket import LimitExceeded, NotEnoughPoints, OutOfStock, Supermarket

BATCH = 2000
ACTOR = "demo"
# (rule, weight, quantities, reason): what residents do most, as the programme's reports tell it.
RESIDENT_EVENTS = (
    ("WASTE_SORTING", 30, (1,), "垃圾分类投放"),
    ("VOLUNTEER_HOUR", 22, (1, 1.5, 2, 3), "志愿服务"),
    ("NEIGHBOUR_HELP", 14, (1,), "邻里互助"),
    ("CLEANUP_HOUR", 10, (1, 2), "环境卫生整治"),
    ("GOOD_DEED", 6, (1,), "好人好事"),
    ("FILIAL_CARE", 4, (1,), "孝老爱亲"),
    ("CLASS_QIAOSHOU", 4, (1,), "美德信用+巧手课堂"),
    ("COVENANT_CLUTTER", 3, (1,), "楼道堆放杂物"),
    ("COVENANT_PET", 2, (1,), "不文明养犬"),
)
CHILD_EVENTS = (("GUARD_TIDY", 5, (1,), "家园小卫士·清洁家园"),
                ("GUARD_READING", 5, (1,), "家园小卫士·读书打卡"),
                ("GUARD_MANNERS", 3, (1,), "家园小卫士·文明礼仪"))
MERCHANT_EVENTS = (("MERCHANT_SERVICE", 8, (1,), "商户便民服务"),
                   ("MERCHANT_INTEGRITY", 1, (1,), "诚信经营检查达标"))
REDEEM_SHARE, REVERSE_SHARE, MERCHANT_SHARE = 0.08, 0.01, 0.03
# Each community's credit supermarket shelf: (name, points, first stock, per-resident limit).
SHELF = (("洗衣液", 30, 60, (2, "month")), ("大米 5 斤", 40, 50, (1, "month")),
         ("食用油", 50, 40, (1, "month")), ("毛巾", 10, 120, None), ("牙膏", 8, 150, None),
         ("洗洁精", 12, 100, None), ("抽纸", 6, 200, None), ("理发一次(商户赞助)", 20, 30, None))
RESTOCK = 100


def build_year(opened_store, services, entries: int, *, seed: int = 20240501,
               end: dt.datetime | None = None) -> dict:
    """Write `entries` ledger entries spread over the year before `end` (default: now).

    services is the kernel's RegistryServices (it makes accounts with their community, grid,
    household and building). Returns counts per operation; an event a cap or a balance refuses
    is replaced by another, as a real year has them refused at the counter.
    """
    rng = random.Random(seed)
    ledger = services.ledger
    registry = services.registry
    residents = [doc.doc_id for doc in registry.residents.list(None)]
    children = {doc.doc_id for doc in registry.residents.list(None) if doc.get("minor")}
    merchants = [doc.doc_id for doc in registry.merchants.list(None)]
    if not residents:
        raise ValueError("先生成居民再生成一年的积分记录")
    market = Supermarket(opened_store, ledger, registry)
    accounts = {}

    def account(kind, record_id):
        if (kind, record_id) not in accounts:
            accounts[kind, record_id] = services.account(kind, record_id)
        return accounts[kind, record_id]

    end = end or clock.now()
    start = end - dt.timedelta(days=365)
    with clock.frozen(start):
        shelves = _stock_shelves(market, registry)
    step = (end - start) / max(entries, 1)
    made = {"award": 0, "deduct": 0, "redeem": 0, "reverse": 0, "refused": 0}
    reversible = []
    written = 0
    try:
        while written < entries:
            with opened_store.transaction():
                for _ in range(min(BATCH, entries - written)):
                    clock.set_time(start + step * written)
                    op = _one(ledger, market, shelves, rng, account, residents, children,
                              merchants, reversible, written)
                    made[op] += 1
                    written += op != "refused"
    finally:
        clock.set_time(None)
    return made


def _stock_shelves(market, registry) -> dict:
    """{str(community id): [goods ids]}: the shelf of every community, stocked once."""
    shelves = {}
    for doc in market.goods.list(None):
        shelves.setdefault(str(doc.get("community")), []).append(doc.doc_id)
    if shelves:
        return shelves
    for community in registry.communities.list():
        sponsors = registry.merchants.list(None, community=community.doc_id)
        for name, points, stock, limit in SHELF:
            sponsor = ("merchant", sponsors[0].doc_id) if "赞助" in name and sponsors else None
            shelves.setdefault(str(community.doc_id), []).append(market.goods.add(
                name=name, points=points, stock=stock, limit=limit, sponsor=sponsor,
                community=community.doc_id, actor=ACTOR))
    return shelves


def _redeem(market, shelves, rng, resident_doc_id, community, key) -> None:
    goods = rng.choice(shelves[str(community)])
    try:
        market.redeem(resident_doc_id, {goods: 1}, actor=ACTOR, key=key)
    except OutOfStock:
        market.stock.restock(goods, RESTOCK, actor=ACTOR, note="月度补货")
        raise


def _one(ledger, market, shelves, rng, account, residents, children, merchants, reversible,
         number) -> str:
    key = f"demo-year:{number}:{rng.getrandbits(32):08x}"
    roll = rng.random()
    try:
        if roll < REVERSE_SHARE and reversible:
            entry_id = reversible.pop(rng.randrange(len(reversible)))
            ledger.reverse(entry_id, reason="申诉核实后冲正", actor=ACTOR, key=key)
            return "reverse"
        resident = rng.choice(residents)
        if roll < REVERSE_SHARE + REDEEM_SHARE:
            # Those who come to the counter are those with points to spend.
            for _try in range(8):
                if resident not in children and ledger.balance(
                        account("resident", resident).key) >= 20:
                    break
                resident = rng.choice(residents)
            _redeem(market, shelves, rng, resident, account("resident", resident).community, key)
            return "redeem"
        if roll < REVERSE_SHARE + REDEEM_SHARE + MERCHANT_SHARE and merchants:
            target, events = account("merchant", rng.choice(merchants)), MERCHANT_EVENTS
        else:
            target = account("resident", resident)
            events = CHILD_EVENTS if resident in children else RESIDENT_EVENTS
        code, _weight, quantities, reason = rng.choices(events, [e[1] for e in events])[0]
        deduction = code.startswith("COVENANT_")
        write = ledger.deduct if deduction else ledger.award
        entry = write(target, code, quantity=rng.choice(quantities), reason=reason,
                      source=f"demo:{number}", actor=ACTOR, key=key,
                      evidence=["现场照片.jpg" if deduction else "签到表.jpg"])
        if code in ("GOOD_DEED", "NEIGHBOUR_HELP") and rng.random() < 0.2:
            reversible.append(entry.id)
        return "deduct" if deduction else "award"
    except (CapExceeded, InsufficientBalance, NotEnoughPoints, OutOfStock, LimitExceeded):
        return "refused"

