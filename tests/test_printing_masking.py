"""No full phone or ID number reaches a public document; names masked where the kind says."""

import itertools
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meide.kernel.documents import all_kinds
from meide.printing import printer
from meide.printing.documents import KINDS
from meide.printing.masking import PUBLIC, VERBATIM_FIELDS, mask, scrub

PHONE = st.builds(lambda head, rest: f"1{head}{rest:09d}", st.sampled_from("3456789"),
                  st.integers(0, 10**9 - 1))
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")   # dates stay dates
ID_NUMBER = st.builds(lambda digits, last: f"{digits:017d}{last}",
                      st.integers(10**16, 10**17 - 1), st.sampled_from("0123456789X"))


def _plant(data, phone, id_number, rng):
    """data with personal numbers put in every text field and beside every name."""
    if isinstance(data, dict):
        planted = {key: value if key in VERBATIM_FIELDS else _plant(value, phone, id_number, rng)
                   for key, value in data.items()}
        if "name" in data:
            planted.update(phone=phone, id_number=id_number,
                           address="书香苑3号楼2单元502", room="502")
        return planted
    if isinstance(data, list):
        return [_plant(item, phone, id_number, rng) for item in data]
    if isinstance(data, str) and not ISO_DATE.match(data) and rng.random() < 0.3:
        return data + f"（电话{phone}，身份证{id_number}）"
    return data


@pytest.mark.parametrize("slug", list(KINDS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(phone=PHONE, id_number=ID_NUMBER, seed=st.integers(0, 1000))
def test_no_full_phone_or_id_number_in_any_document(slug, phone, id_number, seed):
    data = _plant(KINDS[slug].sample(), phone, id_number, random.Random(seed))
    for size in KINDS[slug].sizes:
        html = printer.html(slug, data, size=size)
        assert phone not in html and id_number not in html
        assert "单元502" not in html                     # the door number never shows


def test_numbers_in_free_text_are_masked():
    assert scrub("联系13812345678或身份证410102198003071234") == \
        "联系138****5678或身份证4101**********1234"
    assert scrub("单号HL-20261008-0042，电话0371-62880101") == "单号HL-20261008-0042，电话0371-****0101"


# One way of writing each number someone might type into a story, a reason or a citation.
TYPED = {"13812345678": ["138-1234-5678", "138 1234 5678", "１３８１２３４５６７８",
                         "+86 138 1234 5678", "86-138-1234-5678", "（+86）138.1234.5678"],
         "41010219800307123X": ["410102 19800307 123X", "4101-0219-8003-0712-3x",
                                "４１０１０２１９８００３０７１２３Ｘ"],
         "410102800307123": ["410102 800307 123", "410102800307123"],
         "62880101": ["0371-6288 0101", "(0371)62880101"]}
PLANTED = [(digits, form) for digits, forms in TYPED.items() for form in forms]


def _typed_into_free_text(data, counter):
    """data with a formatted personal number appended to every free text (dates stay dates, and
    what is printed verbatim stays verbatim), a different one each time."""
    if isinstance(data, dict):
        return {key: value if key in VERBATIM_FIELDS else _typed_into_free_text(value, counter)
                for key, value in data.items()}
    if isinstance(data, list):
        return [_typed_into_free_text(item, counter) for item in data]
    if isinstance(data, str) and not ISO_DATE.match(data):
        _digits, form = PLANTED[next(counter) % len(PLANTED)]
        return f"{data}（联系{form}）"
    return data


def _runs(text: str) -> dict:
    """How often each run of five digits of the planted numbers appears in text."""
    squeezed = re.sub(r"[\s\-.－\u3000]", "", text.translate(
        {0xFF10 + n: str(n) for n in range(10)}))
    return {digits[i:i + 5]: squeezed.count(digits[i:i + 5])
            for digits in TYPED for i in range(len(digits) - 4)}


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.slug)
def test_no_document_kind_prints_a_formatted_number_typed_into_its_free_text(kind):
    sample = kind.sample()
    planted = _typed_into_free_text(sample, itertools.count())
    clean, printed = printer.html(kind, sample), printer.html(kind, planted)
    assert "（联系" in printed                       # the free text was printed…
    before, after = _runs(clean), _runs(printed)
    # …and not one run of five digits of a planted number more than the sample itself has.
    assert {run: count for run, count in after.items() if count > before[run]} == {}


def test_addresses_keep_the_building_at_most():
    assert mask({"address": "书香苑3号楼2单元502"}, PUBLIC) == {"address": "书香苑3号楼***"}


def test_notice_names_are_masked_when_asked():
    html = printer.html("notice", KINDS["notice"].sample(), mask_names=True)
    assert "张*华" in html and "张晓华" not in html and "欧**国" in html
    assert "张晓华" in printer.html("notice", KINDS["notice"].sample())


def test_the_lottery_record_masks_winners_names_by_default():
    text = printer.html("lottery", KINDS["lottery"].sample())
    assert "王*英" in text and "王秀英" not in text


def test_names_are_sorted_before_they_are_masked():
    html = printer.html("notice", KINDS["notice"].sample(), mask_names=True)
    assert html.index("丁*明") < html.index("王*英") < html.index("司**娟") < html.index("欧**国")
