"""Paper shows names and Chinese: no account ids, rule codes, versions, ISO dates or 2026Q3
labels on any document kind's sample (what a document prints verbatim by design — a list's
fingerprint, a draw's seed, a certificate or verification number — aside)."""

import re

import pytest

from meide.kernel.documents import all_kinds
from meide.printing import printer
from meide.printing.masking import VERBATIM_FIELDS

from .printing_support import pdf_text

KINDS = all_kinds()
# Whitespace is taken out before matching (letter-spaced headings), and Chinese characters are
# word characters to re: ASCII edges are spelt out. A run of underscores is a line to sign on.
INTERNAL = {"account id": r"(?<![A-Za-z])[a-z_]+:\d+", "code": r"[A-Z][A-Z_]{3,}",
            "version": r"(?<![a-z])v\d",
            "ISO date": r"\d{4}-\d{2}-\d{2}", "period key": r"\d{4}Q[1-4]"}
# Identifiers paper carries on purpose, for a reader to type or check.
NUMBERS = VERBATIM_FIELDS | {"number", "code", "certificate_number", "certificate_numbers",
                              "verify_code", "plaque_code"}


def _verbatim(data) -> list:
    """The values of the fields a document prints as they are, anywhere in data."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NUMBERS and isinstance(value, (str, int)):
                found.append(str(value))
            elif key in NUMBERS and isinstance(value, list) and \
                    all(isinstance(item, str) for item in value):
                found += value          # a quarter's certificates: a number each
            else:
                found += _verbatim(value)
    elif isinstance(data, list):
        for item in data:
            found += _verbatim(item)
    return found


def internal_words(text: str, data: dict) -> dict:
    """{what: [matches]} of internal words in text, the verbatim values taken out first."""
    flat = "".join(text.split())
    for value in sorted(_verbatim(data), key=len, reverse=True):
        flat = flat.replace("".join(value.split()), "")
    found = {what: re.findall(pattern, flat) for what, pattern in INTERNAL.items()}
    return {what: hits for what, hits in found.items() if hits}


def test_the_check_finds_what_it_looks_for():
    assert set(internal_words("居民 resident:22 NEIGHBOUR_HELP v1 2026-12-02 2026Q3", {})) \
        == set(INTERNAL)
    assert internal_words("编号 2026Q3-0001", {"number": "2026Q3-0001"}) == {}
    assert internal_words("证书编号 ZS-ABCD-EFGH", {"certificate_numbers": ["ZS-ABCD-EFGH"]}) == {}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_a_kinds_sample_prints_no_internal_words(kind):
    data = kind.sample()
    text = pdf_text(printer.render(kind, data, "pdf").content)
    assert internal_words(text, data) == {}
