"""No full phone or ID number reaches a public document; names masked where the kind says."""

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meide.printing import printer
from meide.printing.documents import KINDS
from meide.printing.masking import PUBLIC, mask, scrub

PHONE = st.builds(lambda head, rest: f"1{head}{rest:09d}", st.sampled_from("3456789"),
                  st.integers(0, 10**9 - 1))
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")   # dates stay dates
ID_NUMBER = st.builds(lambda digits, last: f"{digits:017d}{last}",
                      st.integers(10**16, 10**17 - 1), st.sampled_from("0123456789X"))


def _plant(data, phone, id_number, rng):
    """data with personal numbers put in every text field and beside every name."""
    if isinstance(data, dict):
        planted = {key: _plant(value, phone, id_number, rng) for key, value in data.items()}
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
    assert scrub("单号HL-20261008-0042，电话0371-62880101") == "单号HL-20261008-0042，电话0371-62880101"


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
