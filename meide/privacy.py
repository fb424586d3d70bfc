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
