"""The demo catalogue: 古槐街道's scoring rules and its four communities' adaptations (因地制宜)."""

from .catalogue import Catalogue, community_catalogue_id
from .rules import Rule, declared_codes

R, H, M, B, U, C = "resident", "household", "merchant", "building", "unit", "child"

DEFAULT_RULES = (
    # 志愿服务: points per hour from the verified sign-in/out of an activity (the source record,
    # checked in review, is the evidence). Workflows' review steps satisfy review_required.
    Rule("VOLUNTEER_HOUR", "志愿服务(按小时)", "志愿服务", 2, per="hour", day_cap=16,
         month_cap=120, review_required=True, applies_to=(R, C),
         description="参加社区志愿服务队活动，经签到签退核验后按时长计分"),
    Rule("GOOD_DEED", "好人好事", "好人好事", 5, month_cap=30, review_required=True,
         applies_to=(R, C, H)),
    Rule("VIRTUE_STORY", "美德信用故事(采用发布)", "好人好事", 10, year_cap=40,
         review_required=True, applies_to=(R, H)),
    Rule("FILIAL_CARE", "孝老爱亲", "孝老爱亲", 5, month_cap=20, review_required=True,
         applies_to=(R, H)),
    Rule("NEIGHBOUR_HELP", "邻里互助", "邻里互助", 3, day_cap=6, month_cap=30, applies_to=(R, H)),
    Rule("WASTE_SORTING", "垃圾分类投放", "环境卫生", 1, day_cap=1, month_cap=30,
         applies_to=(R, H, C)),
    Rule("CLEANUP_HOUR", "环境卫生整治(按小时)", "环境卫生", 2, per="hour", day_cap=8,
         evidence_required=True, applies_to=(R, U)),
    Rule("CLASS_QIAOSHOU", "美德信用+巧手课堂", "文明实践", 2, month_cap=8, applies_to=(R, C)),
    Rule("CLASS_PARENT_CHILD", "亲子课堂", "文明实践", 2, month_cap=8, applies_to=(R, C)),
    Rule("ROLE_MODEL", "榜样评选获评(好媳妇好婆婆、道德模范、邻里守望员、最美志愿者)", "榜样评选", 20,
         year_cap=40, review_required=True, applies_to=(R, H)),
    # 季度表彰: what the approved shortlist may be given (the commendation's 奖励规则).
    Rule("COMMENDATION_BONUS", "季度表彰入选奖励", "表彰奖励", 10, year_cap=40,
         review_required=True, applies_to=(R, H, M, B, U)),
    # 居民楼道公约: deductions need a photo; the serious ones are reviewed first.
    Rule("COVENANT_CLUTTER", "楼道堆放杂物", "楼道公约", -2, month_cap=10, evidence_required=True,
         applies_to=(R, H)),
    Rule("COVENANT_PET", "不文明养犬", "楼道公约", -2, month_cap=10, evidence_required=True,
         applies_to=(R, H)),
    Rule("COVENANT_CHARGING", "楼道停放电动车或飞线充电", "楼道公约", -5, evidence_required=True,
         review_required=True, applies_to=(R, H)),
    Rule("COVENANT_THROWING", "高空抛物", "楼道公约", -10, evidence_required=True,
         review_required=True, applies_to=(R, H)),
    # 家园小卫士: children's own rules, small points with daily caps.
    Rule("GUARD_TIDY", "家园小卫士·清洁家园", "家园小卫士", 2, day_cap=2, month_cap=20,
         applies_to=(C,)),
    Rule("GUARD_MANNERS", "家园小卫士·文明礼仪", "家园小卫士", 1, day_cap=1, month_cap=10,
         applies_to=(C,)),
    Rule("GUARD_READING", "家园小卫士·读书打卡", "家园小卫士", 1, day_cap=1, applies_to=(C,)),
    # Entered by staff from the school's or grid's record: a point or two, a daily cap, and a
    # monthly cap so no single habit outweighs the others on the 诚信指数 (meide/children.py).
    Rule("CHILD_WASTE_SORTING", "家园小卫士·垃圾分类", "家园小卫士", 1, day_cap=1, month_cap=20,
         applies_to=(C,), description="在家或随家长正确分类投放垃圾"),
    Rule("CHILD_PERSUASION", "家园小卫士·文明劝导", "家园小卫士", 2, day_cap=2, month_cap=10,
         applies_to=(C,), description="劝阻乱扔垃圾、楼道堆物等不文明行为"),
    Rule("CHILD_STUDY_HELP", "家园小卫士·学习互助", "家园小卫士", 2, day_cap=2, month_cap=16,
         applies_to=(C,), description="辅导低年级同学、参加社区四点半课堂互助"),
    # Merchants (诚信商户), buildings (星级楼道) and units (五有+X).
    Rule("MERCHANT_INTEGRITY", "诚信经营检查达标", "诚信经营", 10, year_cap=40, review_required=True,
         applies_to=(M,)),
    Rule("MERCHANT_SERVICE", "商户便民服务", "诚信经营", 5, month_cap=20, applies_to=(M, U)),
    Rule("MERCHANT_COMPLAINT", "商户有效投诉", "诚信经营", -10, evidence_required=True,
         review_required=True, applies_to=(M,)),
    Rule("STAIRWELL_INSPECTION", "信用楼道检查达标", "楼栋共建", 5, month_cap=5, applies_to=(B,)),
    Rule("UNIT_INTEGRITY", "诚信单位创建达标(五有+X)", "诚信单位", 10, year_cap=40,
         review_required=True, applies_to=(U,)),
)

# Each community's programme, from the news article: changed subdistrict rules and own rules.
COMMUNITY_ADAPTATIONS = {
    "北门社区": {
        "title": "北门社区「美德信用树」积分细则",
        "changes": {"GOOD_DEED": {"points": 6}},
        "own": (Rule("BM_TREE_GUARD", "古树名木守护(银杏树保护等)", "环境卫生", 3, month_cap=12,
                     evidence_required=True, applies_to=(R, C)),
                Rule("BM_GRID_WATCH", "网格邻里守望巡查(按小时)", "邻里互助", 2, per="hour",
                     day_cap=4, applies_to=(R,))),
    },
    "翰林街社区": {
        "title": "翰林街社区 信用楼道积分细则",
        "changes": {"CLASS_QIAOSHOU": {"points": 3, "month_cap": 12},
                    "COVENANT_CLUTTER": {"points": -3, "month_cap": 12}},
        "own": (),
    },
    "铁塔寺社区": {
        "title": "铁塔寺社区 量化赋分细则",
        "changes": {"VOLUNTEER_HOUR": {"day_cap": 20}},
        "own": (Rule("TTS_BUILDING_CHIEF", "党员楼栋长义务服务(打扫卫生、更换灯泡、维修家具)", "志愿服务",
                     3, month_cap=30, applies_to=(R,)),),
    },
    "关帝庙社区": {
        "title": "关帝庙社区「家园小卫士」诚信指数细则",
        "changes": {"GUARD_TIDY": {"points": 3, "day_cap": 3, "month_cap": 30},
                    "FILIAL_CARE": {"points": 6}},
        "own": (),
    },
}


def rule_codes() -> frozenset:
    """The rule codes a workflow may name: the programme's rules above, its communities' own
    rules, and any rule declared since (a notebook trying a new one)."""
    return declared_codes()


def install(catalogue: Catalogue, *, communities: dict | None = None, effective_from=None,
            actor: str = "system") -> Catalogue:
    """Add the default rules (and, for communities given as {name: registry id}, their
    adaptations) to catalogue; rules already present are left alone, so it can run twice."""
    with catalogue.batch():
        _install(catalogue, communities or {}, effective_from, actor)
    return catalogue


def _install(catalogue, communities, effective_from, actor):
    for rule in DEFAULT_RULES:
        if not catalogue.versions(rule.code):
            catalogue.define(rule.with_changes(effective_from=effective_from), actor=actor)
    for name, community in communities.items():
        plan = COMMUNITY_ADAPTATIONS.get(name)
        if plan is None:
            continue
        adapted = community_catalogue_id(community)
        if adapted in catalogue.catalogues():
            continue
        catalogue.adapt(community, title=plan["title"])
        for code, changes in plan["changes"].items():
            catalogue.change(code, catalogue=adapted, actor=actor,
                             effective_from=effective_from, **changes)
        for rule in plan["own"]:
            catalogue.define(rule.with_changes(catalogue=adapted, effective_from=effective_from),
                             actor=actor)


def demo_catalogue(store=None, *, communities: dict | None = None) -> Catalogue:
    """A catalogue (in the store, or in memory) holding the default rules and adaptations."""
    return install(Catalogue(store), communities=communities)
