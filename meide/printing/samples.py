"""Sample data for every document kind, after 古槐街道's programme: previews, tests and benchmarks."""

import random

from ..names import given_name, surname

OFFICE = "古槐街道北门社区居民委员会"
CATEGORIES = ("最美志愿者", "好媳妇好婆婆", "邻里守望员", "道德模范", "家园小卫士")
CITATIONS = ("常年义务打扫楼道", "照料独居老人十余年", "带头保护小区银杏树", "协助搬移鸽子窝",
             "组织桂花树移栽", "开放私人花园与邻里共享", "星火志愿服务队骨干", "桑榆未晚助老服务",
             "环保卫士垃圾分类督导", "温情网格入户走访")


def names(count: int, seed: int = 20261001) -> list:
    """count distinct-looking names drawn like the demo's residents (compound surnames included)."""
    rng = random.Random(seed)
    found = []
    while len(found) < count:
        gender = rng.choice(("男", "女"))
        found.append(surname(rng) + given_name(rng, gender, rng.randint(1940, 2015)))
    return found


def notice() -> dict:
    items = [
        {"name": "张晓华", "place": "北门社区第一网格", "reason": "照料独居老人十余年，带动楼栋邻里互助",
         "phone": "13812345678"},
        {"name": "欧阳建国", "place": "北门社区第三网格", "reason": "带头保护小区百年银杏树"},
        {"name": "王秀英", "place": "北门社区第二网格", "reason": "“星火”志愿服务队骨干，服务时长312小时"},
        {"name": "丁德明", "place": "北门社区第一网格", "reason": "协助搬移鸽子窝，化解邻里矛盾"},
        {"name": "司马丽娟", "place": "北门社区第四网格", "reason": "开放私人花园与邻里共享"},
    ]
    return {"title": "关于2026年第三季度“最美志愿者”拟表彰人选的公示", "ranked": False,
            "intro": "根据《北门社区美德信用积分管理办法》，经居民推荐、网格初审、社区评审委员会评议，"
                     "拟对以下5名同志予以表彰。现予以公示，接受群众监督。",
            "reason_label": "主要事迹", "items": items,
            "period": {"start": "2026-10-01", "end": "2026-10-07", "days": 7},
            "objection": {"office": "北门社区居民委员会", "place": "北门社区党群服务中心一楼",
                          "contact": "李主任", "office_phone": "0371-6288 0101"},
            "office": OFFICE, "issued_on": "2026-10-01", "final": True}


def board(count: int | None = None, seed: int = 20261001) -> dict:
    """The quarter's honor board; with count, one long section of count generated names."""
    if count is not None:
        entries = [{"name": name, "points": 60 + (i * 37) % 140} for i, name in enumerate(names(count, seed))]
        sections = [{"title": "美德信用之星", "entries": entries}]
    else:
        rng = random.Random(seed)
        pool = iter(names(40, seed))
        sections = [{"title": "最美志愿者", "photos": True, "entries": [
            {"name": "张晓华", "citation": "照料独居老人十余年"},
            {"name": "欧阳建国", "citation": "带头保护小区银杏树"},
            {"name": "王秀英", "citation": "星火志愿服务队骨干"},
            {"name": "丁德明", "citation": "协助搬移鸽子窝"}]}]
        sections += [{"title": title, "entries": [
            {"name": next(pool), "points": rng.randrange(40, 200, 5)} for _ in range(size)]}
            for title, size in (("好媳妇好婆婆", 8), ("邻里守望员", 12), ("家园小卫士", 16))]
    return {"title": "光荣榜", "subtitle": "北门社区2026年第三季度美德信用表彰",
            "period": {"start": "2026-07-01", "end": "2026-09-30"}, "sections": sections,
            "office": OFFICE, "issued_on": "2026-10-08", "final": True}


def certificate() -> dict:
    return {"recipient": "欧阳建国", "salutation": "同志",
            "citation": "在2026年第三季度美德信用建设中，积极参与“美德信用树”志愿服务，"
                        "带头保护小区百年银杏树，事迹突出，被评为",
            "honour": "“最美志愿者”", "office": OFFICE, "issued_on": "2026-10-08",
            "number": "", "final": True}          # a sample: the placeholder, no QR code


def merchant_plaque() -> dict:
    return {"programme": "古槐街道美德信用 · 商户挂牌授星", "title": "诚信商户", "stars": 4,
            "level_text": "四星级诚信商户", "merchant": "翰林街老张家面馆",
            "address": "翰林街社区书香苑1号楼底商", "valid_from": "2026-10-01",
            "valid_until": "2027-09-30", "code": "MD-7K3Q-9F2A",
            "office": "古槐街道办事处", "issued_on": "2026-10-01", "final": True}


def building_plaque() -> dict:
    return {"title": "最美楼栋", "building": "书香苑3号楼", "community": "翰林街社区", "stars": 5,
            "period": {"label": "2026年第三季度", "start": "2026-07-01", "end": "2026-09-30"},
            "holders": [{"period": "2026年第一季度", "building": "书香苑1号楼", "score": 96},
                        {"period": "2026年第二季度", "building": "书香苑5号楼", "score": 94},
                        {"period": "2026年第三季度", "building": "书香苑3号楼", "score": 98}],
            "office": "古槐街道翰林街社区居民委员会", "issued_on": "2026-10-08", "final": True}


def star_board() -> dict:
    """书香苑's buildings after a quarter: each with its three parts and total (信用星级楼道)."""
    rows = [("书香苑3号楼", 100, 96, 100), ("书香苑1号楼", 88, 92, 100), ("书香苑5号楼", 92, 85, 97.5),
            ("书香苑2号楼", 75, 88, 95), ("书香苑7号楼", 80, 78, 100), ("书香苑4号楼", 66, 82, 92.5),
            ("书香苑6号楼", 70, 72, 90), ("书香苑8号楼", 52, 75, 85), ("书香苑9号楼", 45, 68, 80),
            ("书香苑10号楼", 38, 60, 75), ("书香苑11号楼", 30, 55, 70), ("书香苑12号楼", 20, None, 65)]
    thresholds = ((5, 90), (4, 80), (3, 70), (2, 60), (1, 50))
    buildings = []
    for name, members, inspection, compliance in rows:
        score = round(0.4 * members + 0.4 * (inspection or 0) + 0.2 * compliance, 1)
        stars = next((level for level, least in thresholds if score >= least), 0)
        buildings.append({"building": name, "community": "翰林街社区", "score": score,
                          "stars": stars, "members": members, "inspection": inspection,
                          "compliance": compliance})
    buildings.sort(key=lambda row: -row["score"])
    for rank, row in enumerate(buildings, 1):
        row["rank"] = rank
    return {"title": "信用星级榜", "subtitle": "翰林街社区2026年第三季度信用星级楼道评比",
            "period": {"label": "2026年第三季度", "start": "2026-07-01", "end": "2026-09-30"},
            "buildings": buildings, "holder": "书香苑3号楼",
            "weights": {"members": 40, "inspection": 40, "covenant": 20},
            "office": "古槐街道翰林街社区居民委员会", "issued_on": "2026-10-08", "final": True}


def statement() -> dict:
    rows = [("2026-07-03", "award", "奖励", 6, "清扫楼道、清理小广告", "志愿服务", "VOLUNTEER_HOUR", 2, "小时"),
            ("2026-07-15", "award", "奖励", 10, "桂花树移栽志愿活动", "志愿服务", "VOLUNTEER_HOUR", 3.5, "小时"),
            ("2026-08-02", "award", "奖励", 20, "好人好事：拾金不昧", "好人好事", "GOOD_DEED", 1, "次"),
            ("2026-08-20", "redeem", "兑换", -15, "信用超市兑换：洗衣液×1", "积分兑换", None, None, None),
            ("2026-09-05", "deduct", "扣分", -5, "高空抛物（经核实）", "文明行为", "LITTERING", 1, "次")]
    lines, balance = [], 30
    for i, (at, op, label, points, reason, name, rule, quantity, unit) in enumerate(rows):
        balance += points
        lines.append({"entry_id": 100 + i, "at": at, "op": op, "op_label": label, "points": points,
                      "balance": balance, "reason": reason, "rule_name": name, "rule": rule,
                      "rule_version": 1 if rule else None, "quantity": quantity, "unit": unit,
                      "reversed_by": None})
    return {"resident": {"name": "张晓华", "community": "北门社区",
                         "address": "北门小区2号楼3单元502", "phone": "13812345678",
                         "id_number": "410102198003071234"},
            "start": "2026-07-01", "end": "2026-09-30", "generated_at": "2026-10-08",
            "opening_balance": 30, "closing_balance": balance, "earned": 36, "deducted": -5,
            "redeemed": -15, "lines": lines, "catalogues": ["古槐街道美德信用积分规则（2026版）"],
            "office": OFFICE, "number": "", "final": True}   # a sample: no number, no QR code


def receipt() -> dict:
    return {"shop": "翰林街社区信用超市（红帆驿站）", "number": "HL-20261008-0042",
            "at_text": "2026年10月8日 10:24",
            "resident": {"name": "王秀英", "phone": "13987654321"},
            "items": [{"name": "洗衣液 2kg", "quantity": 1, "points": 30},
                      {"name": "抽纸（3包）", "quantity": 2, "points": 8},
                      {"name": "食用盐", "quantity": 1, "points": 5}],
            "balance_before": 168, "balance_after": 117, "operator": "超市管理员 刘芳",
            "footer": "美德信用 · 积分只兑不换，请妥善保存本凭证", "final": True}


def lottery() -> dict:
    winners = [{"prize": "一等奖", "name": "欧阳建国", "community": "北门社区", "ticket": 131},
               {"prize": "二等奖", "name": "王秀英", "community": "翰林街社区", "ticket": 27},
               {"prize": "二等奖", "name": "张晓华", "community": "北门社区", "ticket": 402},
               {"prize": "三等奖", "name": "孙浩然", "community": "铁塔寺社区", "ticket": 318},
               {"prize": "三等奖", "name": "丁德明", "community": "关帝庙社区", "ticket": 9}]
    return {"title": "古槐街道2026年第三季度美德信用抽奖记录", "draw_at_text": "2026年10月10日 15:00",
            "place": "铁塔寺社区党群服务中心", "eligibility": "本季度获得积分不少于50分的居民",
            "entrants": 486, "list_published_on": "2026-10-08",
            "list_hash": "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
            "seed": "20261010-3-1-4-1-5", "seed_source": "现场由三名居民代表各掷骰子，按顺序记录",
            "method": "以种子初始化 SHA-256 计数器，对名单序号依次抽取，抽中者移出名单",
            "winners": winners, "witnesses": ["主持人", "监督人", "居民代表"],
            "office": "古槐街道办事处", "issued_on": "2026-10-10", "final": True}


def hours_certificate() -> dict:
    """A volunteer's verified hours over a year (志愿服务时长证明, meide.volunteer.certificate)."""
    activities = [{"date": "2026-03-12", "team": "星火志愿服务队", "title": "银杏树下清扫楼道", "hours": 2},
                  {"date": "2026-05-20", "team": "星火志愿服务队", "title": "桂花树移栽", "hours": 3.5},
                  {"date": "2026-09-09", "team": "桑榆未晚助老服务队", "title": "独居老人入户陪伴",
                   "hours": 2.5}]
    return {"recipient": "张晓华", "start": "2026-01-01", "end": "2026-12-31",
            "teams": ["星火志愿服务队", "桑榆未晚助老服务队"], "activities": activities, "hours": 8,
            "points": 16, "office": "北门社区居民委员会", "issued_on": "2026-10-08",
            "number": "", "final": True}          # a sample: the placeholder, no QR code
