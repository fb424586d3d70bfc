"""Pinyin keys for names, computed once at write time: initials ('zxh') and full pinyin."""

from functools import lru_cache

from ..names import split_surname

# Surnames whose reading differs from the character's everyday reading (曾 is zeng, not ceng).
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "覃": "qin", "缪": "miao", "翟": "zhai", "隗": "wei", "召": "shao",
    "种": "chong", "秘": "bi", "重": "chong", "员": "yun", "祭": "zhai", "尉迟": "yuchi",
    "万俟": "moqi", "长孙": "zhangsun", "宁": "ning", "柏": "bai", "藏": "zang", "沈": "shen",
    "石": "shi", "华": "hua", "任": "ren", "纪": "ji", "洗": "xian", "冼": "xian",
}


@lru_cache(maxsize=65536)
def _reading(text: str) -> tuple[str, ...]:
    # Imported on first use: loading pypinyin's phrase dictionary takes a second or two, which
    # a server opening its data folder only needs when a name is written or searched.
    from pypinyin import lazy_pinyin
    # Given names repeat far more than whole names do, so they are cached on their own.
    return tuple(part.lower() for part in lazy_pinyin(text) if part)


@lru_cache(maxsize=262144)
def syllables(name: str) -> tuple[str, ...]:
    """The name's pinyin syllables, lower case, with surname readings applied."""
    surname, given = split_surname(name)
    if surname in SURNAME_READINGS and len(surname) == 1:
        head = (SURNAME_READINGS[surname],)
    elif surname in SURNAME_READINGS:
        second = _reading(surname[1])[0]
        head = (SURNAME_READINGS[surname][:-len(second)], second)
    else:
        head = _reading(surname)
    return head + (_reading(given) if given else ())


def initials(name: str) -> str:
    """'张晓华' -> 'zxh'; letters and digits in the name are kept as they are."""
    return "".join(part[0] for part in syllables(name) if part)


def full(name: str) -> str:
    """'张晓华' -> 'zhangxiaohua'."""
    return "".join(syllables(name))
