"""Names in mainland surname-stroke order (以姓氏笔画为序): stroke count, then strokes 横竖撇点折.

A character's key is its total stroke count in the simplified form (Unihan kTotalStrokes, first
value: the mainland count of 通用规范汉字表), then its strokes in writing order, each as 横1 竖2
撇3 点4 折5 (GB13000.1 笔顺规范), so 石 (13251) < 田 (25121) < 白 (32511). The data are in
``strokes.txt`` (scripts/build_stroke_data.py; sources and licences in its header and NOTICE).
A character with a count but no stroke sequence follows the characters of its count that have
one; a character not in the data at all (a rare ideograph, a Latin letter) follows every known
Han character, by code point; such characters are counted in ``FALLBACKS``. Characters with the
same count and sequence (佘 余, 叶 申) go by code point, the same way every time.

A name is compared surname first, the surname taken as a unit character by character, so a
compound surname (欧阳, 司马, 诸葛…) sorts after the single surname it begins with: 欧丽 < 欧阳晓华
< 郑伟. Equal surnames compare by given name, character by character, a shorter name before a
longer one that starts like it. Names that are exactly equal keep their given order (a stable
sort), so a caller breaks such ties with a secondary key (community, record id) of its own.
"""

import collections
import functools
import pathlib

from ..names import split_surname

DATA = pathlib.Path(__file__).with_name("strokes.txt")
# Sorts after any stroke sequence (digits 1-5): a character whose sequence is unknown.
NO_SEQUENCE = "9"
# Characters that fell back (not in the data, or without a stroke sequence): each counted once
# per distinct surname or given name it was met in (keys are cached).
FALLBACKS: collections.Counter = collections.Counter()


@functools.lru_cache(maxsize=1)
def strokes() -> dict:
    """{character: (total strokes, stroke sequence or '')} read once from the data file."""
    table = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            head, _, sequence = line.partition(" ")
            table[head[0]] = (int(head[1:]), sequence)
    return table


def char_key(char: str) -> tuple:
    """The sort key of one character: (0, count, sequence, code point), unknown ones after."""
    entry = strokes().get(char)
    if entry is None:
        FALLBACKS[char] += 1
        return (1, 0, "", ord(char))
    count, sequence = entry
    if not sequence:
        FALLBACKS[char] += 1
    return (0, count, sequence or NO_SEQUENCE, ord(char))


@functools.lru_cache(maxsize=65536)
def _text_key(text: str) -> tuple:
    return tuple(char_key(char) for char in text)


def reset_fallbacks():
    """Empty FALLBACKS and the key cache, so that the next names are counted afresh."""
    FALLBACKS.clear()
    _text_key.cache_clear()


def name_key(name: str) -> tuple:
    """The sort key of one name: (surname, given name), each character by character."""
    name = "".join(str(name or "").split())
    surname, given = split_surname(name)
    return (_text_key(surname), _text_key(given))


def stroke_count_order(names) -> list:
    """names sorted by surname strokes (a list of strings)."""
    return sorted(names, key=name_key)


def sort_by_name(items, name=lambda item: item["name"], tiebreak=None) -> list:
    """items sorted by the stroke key of name(item), then tiebreak(item) if given, else stable."""
    if tiebreak is None:
        return sorted(items, key=lambda item: name_key(name(item)))
    return sorted(items, key=lambda item: (name_key(name(item)), tiebreak(item)))
