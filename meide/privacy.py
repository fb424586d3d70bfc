"""Masking of personal data (phone, ID number, name, address) for exports, boards and logs."""

import re

# Field names whose values are personal identifiers; other layers mask these on public outputs.
PHONE_FIELDS = frozenset({"phone", "guardian_phone", "contact_phone"})
ID_FIELDS = frozenset({"id_number"})
SECRET_FIELDS = frozenset({"password", "password_hash"})


def mask_phone(phone) -> str:
    """'13812345678' -> '138****5678'; short or empty values are starred whole."""
    text = "" if phone is None else str(phone)
    if len(text) < 8:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def mask_id_number(number) -> str:
    """'110101199003071234' -> '1101**********1234' (first and last four kept)."""
    text = "" if number is None else str(number)
    if len(text) < 9:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_name(name) -> str:
    """'张晓华' -> '张*华', '张三' -> '张*', '欧阳晓华' -> '欧**华'."""
    text = "" if name is None else str(name)
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def mask_room(room) -> str:
    """A door number hidden but its length kept: '301' -> '***'."""
    return "*" * len("" if room is None else str(room))


def mask_address(address) -> str:
    """Keep the estate and building, hide the stairwell and door: '书香苑1号楼2单元301' -> '书香苑1号楼***'."""
    text = "" if address is None else str(address)
    match = re.match(r"^(.*?楼)", text)
    return (match.group(1) + "***") if match else mask_room(text)


# Free text is searched on a copy in which full-width digits and signs, the other dashes and the
# ideographic space are their ASCII selves: one character for one, so a match's span is the
# span of the original text.
_ASCII = str.maketrans({**{chr(0xFF10 + n): str(n) for n in range(10)},
                        "Ｘ": "X", "ｘ": "x", "＋": "+", "（": "(", "）": ")", "．": ".",
                        **{dash: "-" for dash in "‐‑‒–—―−－﹣"}, "\u3000": " ", "\xa0": " "})
# What people put between groups of digits: spaces, or one dash or dot with spaces around it.
_SEP = r"(?:[ \t]*[-.][ \t]*|[ \t]+)"


def _spaced(*atoms) -> str:
    """The atoms (one digit each) in a row, a separator allowed between any two."""
    return f"{_SEP}?".join(atoms)


_D = r"\d"
_MONTH = rf"(?:0{_SEP}?[1-9]|1{_SEP}?[0-2])"
_DAY = rf"(?:0{_SEP}?[1-9]|[12]{_SEP}?\d|3{_SEP}?[01])"
# An ID number typed with separators anywhere is told from other numbers by its shape: a
# region code, a birth date (18 or 15 digits: 19900307 or 900307), a sequence number and, on the
# 18-character number, a check character.
_ID18 = _spaced("[1-9]", *[_D] * 5, rf"(?:1{_SEP}?[89]|2{_SEP}?0)", _D, _D, _MONTH, _DAY,
                *[_D] * 3, "[0-9Xx]")
_ID15 = _spaced("[1-9]", *[_D] * 5, _D, _D, _MONTH, _DAY, *[_D] * 3)
_AREA = r"(?:010|02\d|0[3-9]\d\d)"
_FREE_TEXT = re.compile("|".join((
    rf"(?P<id>(?<!\d)(?:{_ID18}|{_ID15})(?!\d))",
    # Any 15 or more digits in a row (an ID number of any shape, a bank card): an identifier,
    # unless it sits inside letters (a SHA-256 fingerprint).
    r"(?P<long>(?<![0-9A-Za-z])\d{14,}[0-9Xx](?![0-9A-Za-z]))",
    # A mainland mobile, grouped 3-4-4 or not at all, after +86, 0086, 86 or (+86) if given.
    rf"(?P<mobile>(?<!\d)(?:(?:\+|00)?86{_SEP}?|\(\+?86\){_SEP}?)?"
    rf"1[3-9]\d{_SEP}?\d{{4}}{_SEP}?\d{{4}}(?!\d))",
    # A landline with its area code (010 and 02x have three digits, the others four):
    # 0371-62880101, (010)8765 4321.
    rf"(?P<landline>(?<!\d)(?:\((?P<bracketed>{_AREA})\)|(?P<area>{_AREA}))"
    rf"{_SEP}?[2-9]\d{{2,3}}{_SEP}?\d{{4}}(?!\d))",
)))


def _masked(found: re.Match) -> str:
    kind, text = found.lastgroup, found.group()
    if kind in ("id", "long"):
        return mask_id_number(re.sub(r"[^0-9X]", "", text.upper()))
    if kind == "mobile":
        return mask_phone(re.sub(r"\D", "", text)[-11:])
    area = found.group("area") or found.group("bracketed")
    local = re.sub(r"\D", "", text)[len(area):]
    return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"


def mask_text(text: str) -> str:
    """Free text with the personal numbers in it masked, as public documents and pages print it.

    Masked, however they are written — in ASCII or full-width digits, with spaces, dashes or
    dots between the groups:
    - mobile numbers (138-1234-5678, 138 1234 5678, +86 138…, 0086…, 86-138…, (+86)…), grouped
      3-4-4 or not at all → 138****5678 (the last four digits, and the network's three);
    - ID numbers of 18 characters (last one a digit or X) or the old 15 digits, with separators
      anywhere, recognised by their region code and birth date → 1101**********1234;
    - any other run of 15 or more digits (a card number) → its first and last four;
    - landlines with an area code (0371-6288 0101, (010)87654321) → 0371-****0101.

    Not masked, because they are not personal and a public paper needs them as typed: dates
    (2026-10-01, 2026/10/01, 2026年10月1日, date ranges), times, amounts (1,380.50元), points,
    ordinals (第1网格), room and building numbers (3-2-501), order and plaque codes
    (HL-20261008-0042, MD-7K3Q-9F2A), fingerprints (digits inside letters), a landline without
    its area code (it cannot be told from other eight-digit numbers), and a mobile grouped other
    than 3-4-4 (1381 234 5678), which no one writes.
    """
    if not text:
        return text
    searched = text.translate(_ASCII)
    parts, last = [], 0
    for found in _FREE_TEXT.finditer(searched):
        parts += [text[last:found.start()], _masked(found)]
        last = found.end()
    return "".join(parts) + text[last:] if parts else text


def redact(doc: dict) -> dict:
    """A copy of doc fit for logs: secrets dropped, phone and ID numbers masked."""
    safe = {}
    for key, value in doc.items():
        if key in SECRET_FIELDS:
            continue
        if key in PHONE_FIELDS and value:
            safe[key] = mask_phone(value)
        elif key in ID_FIELDS and value:
            safe[key] = mask_id_number(value)
        else:
            safe[key] = value
    return safe
