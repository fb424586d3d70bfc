"""Masking of the data a document is rendered with, by the profile its document kind declares.

Fields are recognised by name (phone, id_number, address, room, name…) wherever they sit in the
data, and on public documents every other text is searched as well: a mobile or ID number typed
into a story or citation is masked too, however it is written (privacy.mask_text says what
is caught), so no full number reaches a public output. Every document goes through render, and
render masks its data here: this is the one place masking is applied to printed documents.
"""

from dataclasses import dataclass

from ..privacy import (ID_FIELDS, PHONE_FIELDS, SECRET_FIELDS, mask_address, mask_id_number,
                       mask_name, mask_phone, mask_text)

ADDRESS_FIELDS = frozenset({"address", "home_address"})
DROPPED_FIELDS = frozenset({"room", "birth_date"}) | SECRET_FIELDS
NAME_FIELDS = frozenset({"name", "resident", "resident_name", "recipient_name", "winner"})
# Printed exactly as given: an office's number for objections is there to be called, and a
# draw's seed and the entrant list's fingerprint are there to be re-checked digit for digit.
VERBATIM_FIELDS = frozenset({"office_phone", "seed", "list_hash"})
# A whole number this long may be a phone or ID number kept as a number.
_LONG_NUMBER = 10**10


@dataclass(frozen=True)
class MaskProfile:
    """What a document kind may show. Phone and ID numbers are masked on every profile."""

    names: bool = False         # 张*华 instead of 张晓华
    address: bool = True        # estate and building only: 书香苑1号楼***
    scrub_text: bool = True     # mask numbers found inside free text too

    def replace(self, **changes) -> "MaskProfile":
        return MaskProfile(**{**self.__dict__, **changes})


# Posted or handed out beyond the person concerned: names shown, numbers and homes masked.
PUBLIC = MaskProfile()
PUBLIC_MASKED_NAMES = MaskProfile(names=True)
# A shop's address is its shop front, not a home: shown whole.
SHOP_FRONT = PUBLIC.replace(address=False)
# A person's own paper (statement, receipt): the same masking as PUBLIC today, named apart so a
# kind says which it is; it is printed, and a paper left on a counter must not give a number.
PERSONAL = MaskProfile()


def scrub(text: str) -> str:
    """Mobile, ID and landline numbers inside free text masked (138****5678,
    1101**********1234, 0371-****0101), however they are written: see privacy.mask_text."""
    return mask_text(text)


def mask(data, profile: MaskProfile):
    """A masked copy of data (dicts, lists and strings all the way down)."""
    if isinstance(data, dict):
        masked = {}
        for key, value in data.items():
            if key in DROPPED_FIELDS and value not in (None, ""):
                continue
            masked[key] = _field(key, value, profile)
        return masked
    if isinstance(data, (list, tuple)):
        return [mask(item, profile) for item in data]
    if isinstance(data, str) and profile.scrub_text:
        return scrub(data)
    if isinstance(data, int) and not isinstance(data, bool) and abs(data) >= _LONG_NUMBER \
            and profile.scrub_text:
        masked = scrub(str(data))
        return data if masked == str(data) else masked
    return data


def _field(key, value, profile):
    if key in VERBATIM_FIELDS:
        return value
    if isinstance(value, str):
        if key in PHONE_FIELDS and value:
            return mask_phone(value)
        if key in ID_FIELDS and value:
            return mask_id_number(value)
        if key in ADDRESS_FIELDS and profile.address and value:
            return scrub(mask_address(value))
        if key in NAME_FIELDS and profile.names:
            return mask_name(value)
    return mask(value, profile)
