"""Roster columns per kind: the Chinese headers staff use, their synonyms, and what each holds."""

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    synonyms: tuple = ()
    hint: str = ""          # what to write, for the template's instructions sheet
    example: str = ""


_COMMUNITY = Column("community", "社区", False, ("所属社区", "社区名称"),
                    "社区名称；不填则用导入时指定的社区", "北门社区")
_BUILDING = Column("building", "楼栋", True, ("楼号", "楼栋号", "楼", "楼宇"),
                   "系统中已有的楼栋，如 3号楼、书香苑1号楼", "1号楼")
_UNIT = Column("unit", "单元", False, ("单元号", "楼道"), "如 2 或 2单元", "2单元")
_ROOM = Column("room", "门牌号", True, ("房号", "房间号", "室", "门牌", "房屋号"), "如 301", "301")
_PHONE = Column("phone", "手机号", False, ("手机", "手机号码", "联系电话", "电话", "联系方式"),
                "11位手机号", "13812345678")
_ID = Column("id_number", "身份证号", False, ("身份证", "身份证号码", "公民身份号码", "证件号码"),
             "18位身份证号；请把此列设为文本格式", "370811195003021234")

KINDS = {
    "residents": ("居民", (
        Column("name", "姓名", True, ("名字", "居民姓名"), "居民姓名", "张晓华"),
        Column("gender", "性别", False, (), "男或女；填了身份证号可不填", "男"),
        Column("birth_date", "出生日期", False, ("出生年月", "出生年月日", "生日"),
               "如 1950-03-02；填了身份证号可不填", "1950-03-02"),
        _PHONE, _ID, _COMMUNITY, _BUILDING, _UNIT, _ROOM,
        Column("household_number", "户号", False, ("户编号", "户籍号"),
               "同一户的居民填相同户号；不填则按地址归户", "BM-0001"),
        Column("tags", "标签", False, ("身份", "人员类别", "人员标签"),
               "用顿号分隔，如 党员、志愿者、楼长", "党员、志愿者"),
        Column("guardian", "监护人", False, ("监护人姓名",), "未成年人的监护人姓名（须同户）", ""),
    )),
    "households": ("户", (
        Column("number", "户号", False, ("户编号",), "本社区内唯一；不填则按地址识别", "BM-0001"),
        _COMMUNITY, _BUILDING, _UNIT, _ROOM,
        Column("head", "户主", False, ("户主姓名",), "已登记的本户居民姓名", "张晓华"),
    )),
    "merchants": ("商户", (
        Column("name", "商户名称", True, ("店名", "名称", "商户", "店铺名称"), "招牌上的名称",
               "老城粮油店"),
        Column("owner", "经营者", True, ("负责人", "业主", "法人", "经营者姓名"), "经营者姓名",
               "李建国"),
        _PHONE,
        Column("licence", "营业执照号", False, ("统一社会信用代码", "执照号", "信用代码"),
               "18位统一社会信用代码", ""),
        Column("category", "经营类别", False, ("类别", "行业", "经营范围"), "如 餐饮、超市便利",
               "超市便利"),
        Column("address", "地址", False, ("经营地址", "店铺地址"), "门店地址", "北门大街12号"),
        _COMMUNITY,
        Column("grid", "网格", True, ("所属网格", "网格名称"), "系统中已有的网格", "第一网格"),
    )),
    "teams": ("志愿服务队", (
        Column("team", "服务队", True, ("队名", "志愿服务队", "队伍名称", "服务队名称"),
               "服务队名称；一行一名队员", "星火志愿服务队"),
        _COMMUNITY,
        Column("name", "姓名", True, ("队员", "队员姓名"), "已登记的居民姓名", "张晓华"),
        _PHONE, _ID,
        Column("role", "职务", False, ("队内职务", "身份"), "队长或队员", "队员"),
        Column("brand", "服务品牌", False, ("品牌",), "如 桑榆未晚", ""),
    )),
}
# Columns staff often keep in rosters that carry nothing to import; read past quietly.
IGNORED = {"序号", "编号", "备注", "年龄", "网格", "民族", "籍贯", "文化程度", "与户主关系",
           "问题"}       # 问题: the column a checked roster comes back with (import_marks)


def _key(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split()).strip("*＊:：")


def columns(kind: str) -> tuple:
    return KINDS[kind][1]


def kind_label(kind: str) -> str:
    return KINDS[kind][0]


def match_header(kind: str, text) -> Column | None:
    """The column a header cell names ('手机号码' -> phone), or None."""
    key = _key(text)
    if not key:
        return None
    for column in columns(kind):
        if key == column.header or key in column.synonyms:
            return column
    return None


def is_ignored(kind: str, text) -> bool:
    key = _key(text)
    return key in IGNORED and match_header(kind, text) is None
