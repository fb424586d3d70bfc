"""The demo data set: 古槐街道 and its four communities, generated deterministically from a seed."""

import math
import random
from datetime import date

from .. import names
from ..points import Catalogue, default_catalogue
from ..registry import Registry, generate_password
from ..registry.people import age_on
from ..registry.validation import id_check_digit, uscc_check_char

SUBDISTRICT = "古槐街道"
# name, code for 户号, estates, share of residents, share of households that are elderly
COMMUNITIES = [
    ("北门社区", "BM", ("北门小区", "齐家苑"), 0.30, 0.25),
    ("翰林街社区", "HL", ("书香苑", "翰林小区"), 0.25, 0.22),
    ("铁塔寺社区", "TT", ("铁塔寺小区", "东南街宿舍"), 0.25, 0.55),
    ("关帝庙社区", "GD", ("金槐苑", "关帝庙小区"), 0.20, 0.25),
]
GRID_NAMES = ("第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格")
TEAMS = {
    "北门社区": [("星火志愿服务队", "桑榆未晚"), ("星矢志愿服务队", "环保卫士"),
                ("星使志愿服务队", "温情网格"), ("济水情志愿服务队", "一老一少关爱"),
                ("和家好邻居志愿服务队", "齐家约定")],
    "翰林街社区": [("红帆志愿服务队", "美德信用+巧手课堂")],
    "铁塔寺社区": [("党员先锋志愿服务队", "楼栋长在行动"), ("银发志愿小分队", "社区清洁")],
    "关帝庙社区": [("金槐志愿服务队", "信用+志愿服务"), ("家园小卫士", "童心携礼")],
}
UNITS = {
    "北门社区": [("北门社区居委会", "居委会"), ("北门幼儿园", "学校"), ("齐家苑物业服务中心", "物业")],
    "翰林街社区": [("翰林街社区居委会", "居委会"), ("翰林街小学", "学校"), ("书香苑物业服务中心", "物业")],
    "铁塔寺社区": [("铁塔寺社区居委会", "居委会"), ("铁塔寺社区卫生服务站", "医院")],
    "关帝庙社区": [("关帝庙社区居委会", "居委会"), ("金槐苑物业服务中心", "物业")],
}
SHOPS = (("粮油店", "超市便利"), ("便民超市", "超市便利"), ("水饺馆", "餐饮"), ("煎饼铺", "餐饮"),
         ("理发店", "理发美容"), ("修鞋铺", "维修服务"), ("家电维修部", "维修服务"), ("大药房", "药店诊所"),
         ("水果店", "生鲜果蔬"), ("书店", "文化用品"), ("家政服务部", "家政服务"), ("服装店", "服装鞋帽"))
# (type, weight in an ordinary community, weight where the elderly dominate)
HOUSEHOLD_TYPES = (("single_elder", 5, 18), ("elder_couple", 12, 32), ("couple", 18, 10),
                   ("family3", 38, 20), ("family4", 12, 5), ("three_generations", 15, 15))
STAFF = (("jiedao", "街道管理员", "古槐街道", "王建华"), ("beimen", "社区管理员", "北门社区", "李秀梅"),
         ("wangge", "网格员", "北门社区/第一网格", "张晓东"), ("louzhang", "楼长", "北门社区/第一网格", "刘保国"),
         ("chaoshi", "超市管理员", "翰林街社区", "陈丽娟"), ("pingshen", "评审委员", "古槐街道", "孔德明"),
         # 榜样评选's 会签 takes three reviewers; a deduction a 社区管理员 records is confirmed
         # by another one: the demo has the staff its workflows need.
         ("pingshen2", "评审委员", "古槐街道", "赵文清"), ("pingshen3", "评审委员", "古槐街道", "钱志刚"),
         ("beimen2", "社区管理员", "北门社区", "周海燕"))
AREA_CODES = ("370811", "370811", "370811", "370802", "370830")
DOORS_PER_FLOOR, FLOORS, UNITS_PER_BUILDING = 2, 6, 3
TODAY = date(2026, 1, 1)        # fixed, so ages (and minors) do not drift with the clock


class _People:
    """Random but valid people: names, ID numbers with check digits, mobile numbers."""

    def __init__(self, rng):
        self.rng = rng
        self.used_ids, self.used_phones = set(), set()

    def person(self, gender, age, surname=None):
        rng = self.rng
        born = date(TODAY.year - age - 1, rng.randint(1, 12), rng.randint(2, 28))
        name = (surname or names.surname(rng)) + names.given_name(rng, gender, born.year)
        values = {"name": name, "gender": gender, "birth_date": born.isoformat()}
        if rng.random() < 0.9:
            values["id_number"] = self.id_number(born, gender)
        if age >= 16 and rng.random() < (0.7 if age >= 70 else 0.95):
            values["phone"] = self.phone()
        return values

    def id_number(self, born, gender):
        while True:
            order = self.rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
            first17 = f"{self.rng.choice(AREA_CODES)}{born:%Y%m%d}{order:03d}"
            number = first17 + id_check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self):
        while True:
            number = self.rng.choice(("13", "15", "18", "17", "19")) + "".join(
                self.rng.choice("0123456789") for _ in range(9))
            if number[2] != "0" and number not in self.used_phones:
                self.used_phones.add(number)
                return number


def _household_members(people, kind):
    """Member values for one household of the given type, parents before children."""
    rng = people.rng
    family = names.surname(rng)
    if kind == "single_elder":
        return [people.person(rng.choice("男女"), rng.randint(66, 92))]
    if kind == "elder_couple":
        age = rng.randint(62, 88)
        return [people.person("男", age, family), people.person("女", age - rng.randint(0, 4))]
    if kind == "couple":
        age = rng.randint(24, 58)
        return [people.person("男", age, family), people.person("女", max(22, age - rng.randint(0, 4)))]
    parents_age = rng.randint(28, 48)
    members = [people.person("男", parents_age, family),
               people.person("女", parents_age - rng.randint(0, 4))]
    children = 2 if kind == "family4" else 1
    for _ in range(children):
        members.append(people.person(rng.choice("男女"), rng.randint(0, min(20, parents_age - 22)),
                                     family))
    if kind == "three_generations":
        old = parents_age + rng.randint(24, 30)
        members[:0] = [people.person("男", old, family), people.person("女", old - rng.randint(0, 3))]
    return members


def build_demo(opened_store, residents: int = 2000, seed: int = 20240501) -> dict:
    """Fill an empty store with the demo subdistrict; returns {'accounts': {username: password}}."""
    rng = random.Random(seed)
    people = _People(rng)
    registry = Registry(opened_store, actor="demo", clock=lambda: TODAY)
    with opened_store.transaction():
        registry.subdistricts.add(name=SUBDISTRICT)
        made = {"residents": 0, "households": 0}
        for name, code, estates, share, elderly in COMMUNITIES:
            _build_community(registry, people, name, code, estates,
                             max(1, round(residents * share)), elderly, made)
        accounts = {}
        # The quick start signs in with the printed passwords at once: demo accounts are
        # spared the first-sign-in password change every other new account makes.
        for username, role, scope, display in STAFF:
            accounts[username] = generate_password()
            registry.staff.add(username, display, accounts[username], [role], scope,
                               must_change_password=False)
        registry.audit.record("demo", "demo", None, None, note=f"演示数据（种子 {seed}）", **made)
    # The programme's scoring rules, with each community's own adaptations (因地制宜).
    communities = {doc["name"]: doc.doc_id for doc in registry.communities.list()}
    default_catalogue.install(Catalogue(opened_store), communities=communities, actor="demo")
    registry.search_index.rebuild()
    return {"accounts": accounts, "roles": {u: r for u, r, _, _ in STAFF}, **made}


def _doors(building_ids):
    """Every door of the given buildings in order: (building id, unit label, room)."""
    for building_id in building_ids:
        for unit in range(1, UNITS_PER_BUILDING + 1):
            for floor in range(1, FLOORS + 1):
                for door in range(1, DOORS_PER_FLOOR + 1):
                    yield building_id, f"{unit}单元", f"{floor}{door:02d}"


def _build_community(registry, people, name, code, estates, target, elderly, made):
    rng = people.rng
    community = registry.communities.add(name=name)
    households_wanted = math.ceil(target / 2.6)
    per_building = UNITS_PER_BUILDING * FLOORS * DOORS_PER_FLOOR
    building_count = math.ceil(households_wanted * 1.25 / per_building) + 1
    grid_count = min(len(GRID_NAMES), max(3, math.ceil(building_count / 8)))
    grids = [registry.grids.add(name=grid, community=community) for grid in GRID_NAMES[:grid_count]]
    buildings, numbers = [], {}
    for index in range(building_count):
        estate = estates[0] if index < building_count * 0.6 else estates[1]
        numbers[estate] = numbers.get(estate, 0) + 1
        buildings.append(registry.buildings.add(
            name=f"{estate}{numbers[estate]}号楼", estate=estate, community=community,
            grid=grids[index * grid_count // building_count],
            units=[f"{u}单元" for u in range(1, UNITS_PER_BUILDING + 1)]))
    for unit_name, kind in UNITS.get(name, ()):
        drawn = rng.choice(grids)       # drawn for each unit: the rest of the demo stays as it was
        # The residents' committee sits in the first grid: its grid worker (the demo's wangge in
        # 北门社区) has a unit of their own to start a 诚信单位 review for.
        registry.units.add(name=unit_name, kind=kind, community=community,
                           grid=grids[0] if kind == "居委会" else drawn,
                           contact=people.person("女", 40)["name"], phone=people.phone())
    doors = list(_doors(buildings))
    rng.shuffle(doors)
    kinds = [kind for kind, _, _ in HOUSEHOLD_TYPES]
    weights = [old if elderly > 0.4 else usual for _, usual, old in HOUSEHOLD_TYPES]
    households, residents = registry.households, registry.residents
    volunteers, head_of_building, placed, serial = [], set(), 0, 0
    while placed < target and doors:
        building, unit, room = doors.pop()
        serial += 1
        doc, problems = households._prepare({"building": building, "unit": unit, "room": room,
                                             "number": f"{code}-{serial:05d}"})
        assert not problems, problems
        household = households.table.insert(doc)
        members = _household_members(people, rng.choices(kinds, weights)[0])[:target - placed]
        while len({m["name"] for m in members}) < len(members):     # no two alike in one home
            members = _household_members(people, rng.choices(kinds, weights)[0])[:target - placed]
        ids, guardian = [], None
        for values in members:
            age = age_on(values["birth_date"], TODAY)
            tags = []
            if age >= 18 and rng.random() < (0.16 if age >= 60 and elderly > 0.4 else 0.08):
                tags.append("党员")
            if 16 <= age <= 75 and rng.random() < 0.12:
                tags.append("志愿者")
            if age >= 30 and building not in head_of_building:
                head_of_building.add(building)
                tags.append("楼长")
            doc, problems = residents._prepare({
                **values, "household": household, "tags": tags,
                "guardian": guardian if age < 18 else None})
            assert not problems, problems
            ids.append(residents.table.insert(doc))
            if 18 <= age < 60 and guardian is None:
                guardian = ids[-1]
            if "志愿者" in tags:
                volunteers.append(ids[-1])
        households.table.update({"head": ids[0]}, doc_ids=[household])
        placed += len(ids)
        made["households"] += 1
    made["residents"] += placed
    _teams_and_merchants(registry, people, name, community, grids, volunteers)


def _teams_and_merchants(registry, people, name, community, grids, volunteers):
    rng = people.rng
    teams = TEAMS.get(name, [])
    # 北门社区 trained 38 backbone members across its teams (from the news report).
    size = max(2, 38 // len(teams)) if teams else 0
    for index, (team, brand) in enumerate(teams):
        members = volunteers[index * size:(index + 1) * size] or volunteers[:2]
        if members:
            registry.teams.add(name=team, community=community, leader=members[0],
                               members=members, brand=brand)
    short = name.removesuffix("社区")
    for index in range(max(3, len(volunteers) // 4)):
        shop, category = SHOPS[index % len(SHOPS)]
        owner = people.person(rng.choice("男女"), rng.randint(30, 60))
        prefix = (owner["name"][:1] + "记") if index % 3 == 0 else (short if index % 3 == 1 else
                                                                   owner["name"][:1] + "家")
        first17 = "92370811" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY")
                                       for _ in range(9))
        registry.merchants.add(name=f"{prefix}{shop}" + (f"（{index // len(SHOPS) + 1}店）"
                                                         if index >= len(SHOPS) else ""),
                               owner=owner["name"], phone=people.phone(),
                               licence=first17 + uscc_check_char(first17), category=category,
                               address=f"{short}街{rng.randint(1, 199)}号", community=community,
                               grid=rng.choice(grids))


def write_roster(registry, path, rows: int, community: str = "北门社区", seed: int = 7) -> int:
    """Write a resident roster of made-up people living in community's buildings (for trying
    out import, and for the import benchmark); returns the number of data rows written."""
    from ..registry.spreadsheet import write_rows
    rng = random.Random(seed)
    people = _People(rng)
    community_id = registry.communities.named(community).doc_id
    buildings = registry.buildings.list(None, community=community_id)
    headers = ["姓名", "性别", "出生日期", "手机号", "身份证号", "社区", "楼栋", "单元", "门牌号", "户号", "标签"]
    table, serial = [], 0
    while len(table) < rows:
        serial += 1
        building = buildings[serial % len(buildings)]
        unit = building["units"][serial % len(building["units"])]
        room = f"9{serial // len(buildings):04d}"       # doors of their own, past the demo's
        for values in _household_members(people, rng.choice(["couple", "family3", "elder_couple"])):
            if len(table) < rows:
                table.append([values["name"], values["gender"], values["birth_date"],
                              values.get("phone", ""), values.get("id_number", ""), community,
                              building["name"], unit, room, f"R-{serial:06d}",
                              "志愿者" if rng.random() < 0.1 else ""])
    write_rows(path, headers, table, title=f"{community}居民花名册")
    return len(table)
