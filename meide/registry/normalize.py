"""Normalisation of what staff type or paste: full-width digits, stray spaces, date and label forms."""

import re
from datetime import date, datetime

_SPACES = re.compile(r"\s+")
# Characters nobody means to type: the control codes other than tab and line breaks (NUL, ESC,
# DEL… that copy and paste bring along: Excel cannot hold them, a terminal obeys them) and the
# bidirectional embeddings, overrides and isolates, which show text in another order than it is
# stored. They are kept here so that validation can refuse them, naming the field.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Full-width digits, letters and the few symbols found in numbers and building labels become
# ASCII; Chinese punctuation such as （）and ： stays as staff wrote it.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)
               if chr(code - 0xFEE0).isalnum() or chr(code - 0xFEE0) in "#-+./*@_"}
_HALF_WIDTH[0x3000] = 0x20
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                   "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_GENDERS = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女",
            "男性": "男", "女性": "女"}
_BUILDING = re.compile(r"^(.*?)(\d+)(?:号楼|号|栋|幢|#楼|#|楼)$")
_UNIT = re.compile(r"^(\d+)(?:单元|楼道|门)?$")
_DATE = re.compile(r"^(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})\D?$")


def controls(value: str) -> str:
    """The control characters in value, named like U+0000 and joined by 、; '' when none."""
    found = dict.fromkeys(CONTROLS.findall(value or ""))
    return "、".join(f"U+{ord(char):04X}" for char in found)


def text(value) -> str:
    """Any cell value as clean text: full-width digits to ASCII, trimmed, inner spaces collapsed
    (control characters are kept, for validation to refuse)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return _SPACES.sub(" ", str(value).translate(_HALF_WIDTH)).strip()


def name(value) -> str:
    """A person's or team's name: no spaces inside, the middle dot of minority names unified."""
    cleaned = text(value).replace(" ", "")
    return re.sub(r"[•∙・.．]", "·", cleaned)


def digits(value) -> str:
    """Only the digits of value (phone numbers typed with spaces or dashes)."""
    return re.sub(r"\D", "", text(value))


def phone(value) -> str:
    """A mobile number as 11 digits where possible: '+86 138-1234-5678' -> '13812345678'."""
    if "*" in text(value):
        return text(value).replace(" ", "")     # a masked export; validation says so
    number = digits(value)
    if len(number) == 13 and number.startswith("86"):
        number = number[2:]
    return number


def id_number(value) -> str:
    """An ID number trimmed, spaces removed and a trailing x upper-cased."""
    return text(value).replace(" ", "").upper()


def number_was_mangled(value) -> bool:
    """True when a long number arrived as a spreadsheet number (Excel drops digits past 15)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 1e15


def birth_date(value) -> str:
    """A date as 'YYYY-MM-DD' from a date, '1950/3/2', '1950.03.02', '19500302' or '1950年3月2日'.

    Raises ValueError when the value is not a real date.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    cleaned = text(value)
    if not cleaned:
        return ""
    if re.fullmatch(r"\d{8}", cleaned):
        parts = cleaned[:4], cleaned[4:6], cleaned[6:]
    else:
        match = _DATE.match(cleaned.split(" ")[0])
        if not match:
            raise ValueError(cleaned)
        parts = match.groups()
    return date(*(int(part) for part in parts)).isoformat()


def gender(value) -> str:
    """'男'/'女' from the usual spellings; '' when blank; the text itself when unrecognised."""
    cleaned = text(value)
    return _GENDERS.get(cleaned.lower(), cleaned)


def _small_number(word: str) -> str:
    # '二' -> '2', '十二' -> '12': stairwells and buildings are sometimes written in Chinese numerals.
    if word.isdigit():
        return str(int(word))
    if word and all(ch in _CHINESE_DIGITS for ch in word):
        if word.startswith("十"):
            word = "一" + word
        if "十" in word:
            tens, _, ones = word.partition("十")
            return str(_CHINESE_DIGITS[tens] * 10 + (_CHINESE_DIGITS[ones] if ones else 0))
        return "".join(str(_CHINESE_DIGITS[ch]) for ch in word)
    return word


def building(value) -> str:
    """A building label in one form: '3', '3#', '3栋', '3幢', '三号楼' -> '3号楼' (estate prefix kept)."""
    cleaned = name(value)
    chinese = re.match(r"^(.*?)([零〇一二两三四五六七八九十]+)(号楼|号|栋|幢|楼)$", cleaned)
    if chinese:
        cleaned = chinese.group(1) + _small_number(chinese.group(2)) + chinese.group(3)
    if cleaned.isdigit():
        return f"{int(cleaned)}号楼"
    match = _BUILDING.match(cleaned)
    return f"{match.group(1)}{int(match.group(2))}号楼" if match else cleaned


def unit(value) -> str:
    """A stairwell label in one form: '2', '2单元', '二单元' -> '2单元'; '' when blank."""
    cleaned = name(value)
    if not cleaned:
        return ""
    word = re.sub(r"(单元|楼道|门)$", "", cleaned)
    number = _small_number(word)
    return f"{int(number)}单元" if _UNIT.match(number) else cleaned


def room(value) -> str:
    """A door number: '301室' -> '301', '0301' kept as typed apart from spaces."""
    return re.sub(r"(室|号)$", "", name(value))


def tags(value) -> list[str]:
    """Tags from a list or from text split on commas, 、, semicolons, slashes or spaces."""
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,，、;；/ ]+", text(value))
    seen = []
    for item in items:
        cleaned = name(item)
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen


def flag(value) -> bool:
    """Yes/no cells: '是', 'Y', '1', 'true', '√' are yes; anything else is no."""
    return text(value).lower() in {"是", "y", "yes", "1", "true", "√", "✓", "有"}
