"""Places in their natural order: 第一、第二、第十网格 and 第1、第2、第10网格 by number, others as registered."""

import re

NUMBER = re.compile(r"[0-9０-９]+|[零〇一二两三四五六七八九十百千]+")
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int:
    """The value of a Chinese numeral written out (十一 is 11, 二十 is 20, 一百零五 is 105) or of
    digits (which int reads, full-width ones too)."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        else:
            # 十 alone or at the start is ten (十一), not zero tens.
            total += (digit or 1) * UNITS[char]
            digit = 0
    return total + digit


def numbers_in(name: str) -> tuple:
    """The numbers a name holds, in reading order: 第十二网格 → (12,)."""
    return tuple(chinese_number(found) for found in NUMBER.findall(name or ""))


def shape(name: str) -> str:
    """The name with its numbers left out: the names that differ only in number share one."""
    return NUMBER.sub("#", name or "")


def natural_order(docs, name=lambda doc: doc.get("name", "")) -> list:
    """docs (given in registry order) with those whose names differ only in their numbers put in
    order of those numbers, where the first of them stood: 第一、第二、…第十网格 (not 第一、第十、
    第二 as characters sort), 第1网格 … 第10网格; names without a number keep their place
    (北门社区 before 翰林街社区, as the subdistrict registered them)."""
    docs = list(docs)
    first = {}
    for position, doc in enumerate(docs):
        first.setdefault(shape(name(doc)), position)

    def place(position):
        called = name(docs[position])
        return first[shape(called)], numbers_in(called), position

    return [docs[position] for position in sorted(range(len(docs)), key=place)]


def grid_order(grids, communities) -> list:
    """Grids community by community (in the order of communities, a list of community docs),
    each community's in natural order."""
    by_community = {}
    for grid in grids:
        by_community.setdefault(grid.get("community"), []).append(grid)
    ordered = [community.doc_id for community in communities]
    ordered += [key for key in by_community if key not in ordered]
    return [grid for key in ordered for grid in natural_order(by_community.get(key, []))]
