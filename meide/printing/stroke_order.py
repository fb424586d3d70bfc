"""Names in surname-stroke order (以姓氏笔画为序), by ICU's zh stroke collation (CLDR/Unihan data).

ICU's ``zh@collation=stroke`` orders Han characters by total stroke count (Unihan
kTotalStrokes) and characters of equal count by radical and residual strokes (so 田 < 白 < 石;
GB/T 13418's first-stroke rule 横竖撇点折 would give 石 < 田 < 白); Latin and other scripts
follow the Han characters. On top of it a name is compared surname first, the
surname taken as a unit, so a compound surname (欧阳, 司马, 诸葛…) sorts by its first character
and after the single surname it begins with: 司娟 < 司马光 < 田野 (司 and 田 both have 5 strokes). Equal
surnames compare by given name; names that are exactly equal keep their given order (a stable sort),
so a caller breaks such ties with a secondary key (community, record id) of its own.
"""

import functools

import icu

from ..names import split_surname

LOCALE = "zh@collation=stroke"


@functools.lru_cache(maxsize=1)
def collator():
    """The ICU stroke collator (created once; ICU collators are safe to share for reading)."""
    instance = icu.Collator.createInstance(icu.Locale(LOCALE))
    instance.setStrength(icu.Collator.TERTIARY)
    return instance


@functools.lru_cache(maxsize=65536)
def _text_key(text: str) -> bytes:
    return bytes(collator().getSortKey(text))


def name_key(name: str) -> tuple:
    """The sort key of one name: (surname, given name), each by stroke collation."""
    name = "".join(str(name or "").split())
    surname, given = split_surname(name)
    return (_text_key(surname), _text_key(given))


def stroke_count_order(names) -> list:
    """names sorted by surname strokes (a list of strings)."""
    return sorted(names, key=name_key)


def sort_by_name(items, name=lambda item: item["name"], tiebreak=None) -> list:
    """items sorted by the stroke key of name(item), then by tiebreak(item) if given, else stable."""
    if tiebreak is None:
        return sorted(items, key=lambda item: name_key(name(item)))
    return sorted(items, key=lambda item: (name_key(name(item)), tiebreak(item)))
