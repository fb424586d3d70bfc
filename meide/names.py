"""Chinese personal names: compound surnames (复姓), splitting a name, demo and sample names."""

# Compound surnames still met in rosters. Rare ones that read as a common surname plus a given
# name (单于, 乐正, 第五, 百里…) are left out: 单于丹 is far more likely 单 + 于丹.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "司徒",
    "长孙", "宇文", "万俟", "西门", "独孤", "南宫", "司空", "端木", "轩辕", "呼延", "澹台", "公冶",
    "宗政", "濮阳", "淳于", "申屠", "钟离", "鲜于", "闾丘", "拓跋",
)


def split_surname(name: str) -> tuple[str, str]:
    """('欧阳', '娜娜') for compound surnames, else the first character and the rest."""
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname) and len(name) > len(surname):
            return surname, name[len(surname):]
    return name[:1], name[1:]


# Name material for the demo data and document samples.

# Surnames with rough weights from China's household-registration statistics.
SURNAMES = (
    "王" * 71 + "李" * 70 + "张" * 66 + "刘" * 54 + "陈" * 46 + "杨" * 32 + "黄" * 24 + "赵" * 22
    + "吴" * 20 + "周" * 19 + "徐" * 16 + "孙" * 15 + "马" * 15 + "朱" * 14 + "胡" * 13 + "郭" * 12
    + "何" * 11 + "高" * 10 + "林" * 10 + "罗" * 9 + "郑" * 9 + "梁" * 8 + "谢" * 7 + "宋" * 7
    + "唐" * 6 + "许" * 6 + "韩" * 6 + "冯" * 6 + "邓" * 6 + "曹" * 6 + "彭" * 5 + "曾" * 5
    + "肖" * 5 + "田" * 5 + "董" * 5 + "袁" * 4 + "潘" * 4 + "于" * 4 + "蒋" * 4 + "蔡" * 4
    + "余" * 4 + "杜" * 4 + "叶" * 4 + "程" * 4 + "苏" * 3 + "魏" * 3 + "吕" * 3 + "丁" * 3
    + "任" * 3 + "沈" * 3 + "姚" * 3 + "卢" * 3 + "姜" * 3 + "崔" * 3 + "钟" * 2 + "谭" * 2
    + "陆" * 2 + "汪" * 2 + "范" * 2 + "金" * 2 + "石" * 2 + "廖" * 2 + "贾" * 2 + "夏" * 2
    + "孔" * 3 + "颜" * 2 + "孟" * 2 + "单" + "仇" + "解" + "颜" + "展" + "闫" * 2 + "尹" + "薛"
)
COMMON_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "公孙", "慕容", "夏侯", "司徒")

# Whole given names typical of each generation (born before 1960, 1960–1989, from 1990).
GIVEN = {
    ("old", "男"): ("建国", "国庆", "志强", "保国", "德胜", "福林", "春生", "长山", "玉林", "振华",
                   "德明", "树林", "庆华", "兴旺", "学文", "广田", "洪涛", "宝山", "金水", "立新"),
    ("old", "女"): ("秀英", "桂兰", "淑珍", "玉兰", "凤英", "秀兰", "桂英", "玉梅", "素芳", "翠花",
                   "春梅", "淑华", "桂芝", "秀珍", "玉珍", "兰英", "凤兰", "金凤", "月娥", "素珍"),
    ("mid", "男"): ("伟", "勇", "军", "强", "磊", "涛", "斌", "刚", "杰", "鹏", "建华", "晓东",
                   "海波", "志刚", "红军", "卫东", "立军", "海涛", "永强", "文斌"),
    ("mid", "女"): ("丽", "静", "敏", "燕", "艳", "娟", "霞", "红梅", "丽娟", "晓燕", "海燕",
                   "晓华", "春燕", "丽华", "红霞", "雪梅", "丽萍", "晓红", "秀梅", "美玲"),
    ("new", "男"): ("浩然", "子轩", "宇航", "梓豪", "一鸣", "俊杰", "浩宇", "博文", "天佑", "明轩",
                   "皓轩", "子墨", "宇泽", "思远", "嘉懿", "煜城", "逸飞", "承泽", "沐阳", "景行"),
    ("new", "女"): ("欣怡", "梓涵", "诗涵", "雨桐", "可馨", "一诺", "紫萱", "思彤", "佳怡", "梦琪",
                   "语嫣", "若曦", "欣然", "雨萱", "书瑶", "芷若", "婉清", "安然", "沐晴", "知夏"),
}
# Characters for composed given names, so that names vary beyond the lists above.
CHARS = {
    "男": "伟刚勇毅俊峰强军平东文辉力明永健志义兴良海山仁波宁福生龙元全国胜学祥才发武新利清飞"
          "彬富顺信杰涛昌成康星光天达安岩中茂进林有坚和博诚先敬振会思群豪心邦承乐绍功松善厚庆"
          "磊民友裕河哲江超浩亮政谦奇之翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士建家致树德"
          "行时泰盛雄琛钧冠策腾楠风航弘",
    "女": "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱霞"
          "香月媛艳瑞佳嘉琼勤珍贞莉桂叶璐娅琦晶妍茜秋珊莎锦青倩婷婉娴瑾颖露瑶怡雁蓓仪荷丹蓉"
          "君琴蕊薇菁梦岚婕馨韵园艺咏卿澜纯悦昭冰爽茗羽希欣育滢筠柔竹凝晓欢枫芸菲伊亚宜可舒",
}


def generation(birth_year: int) -> str:
    return "old" if birth_year < 1960 else ("mid" if birth_year < 1990 else "new")


def given_name(rng, gender: str, birth_year: int) -> str:
    """A given name: usually one typical of the generation, sometimes composed from characters."""
    if rng.random() < 0.6:
        return rng.choice(GIVEN[(generation(birth_year), gender)])
    chars = CHARS[gender]
    return "".join(rng.choice(chars) for _ in range(1 if rng.random() < 0.3 else 2))


def surname(rng) -> str:
    """A surname drawn with its rough weight (compound ones 1 in 100): demo and sample names."""
    return rng.choice(COMMON_COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(SURNAMES)
