"""Masking helpers: phone, ID number, name, address, numbers in free text, redaction for logs."""

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from meide.privacy import mask_address, mask_id_number, mask_name, mask_phone, mask_text, redact


def test_phone_keeps_first_three_and_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"


def test_id_number_keeps_first_and_last_four_characters():
    assert mask_id_number("11010119900307123X") == "1101**********123X"


def test_names_keep_surname_and_last_character():
    assert mask_name("张晓华") == "张*华"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳晓华") == "欧**华"


def test_empty_and_short_values_are_starred_whole():
    assert mask_phone("") == "" and mask_phone(None) == ""
    assert mask_phone("12345") == "*****"
    assert mask_id_number("1234") == "****"


def test_address_keeps_the_building_and_hides_the_door():
    assert mask_address("书香苑1号楼2单元301") == "书香苑1号楼***"


def test_redact_drops_passwords_and_masks_numbers():
    safe = redact({"password_hash": "$argon2...", "phone": "13812345678",
                   "id_number": "11010119900307123X", "name": "张晓华"})
    assert safe == {"phone": "138****5678", "id_number": "1101**********123X", "name": "张晓华"}


# -- numbers inside free text ---------------------------------------------------------------------

FULL_WIDTH = str.maketrans({**{str(n): chr(0xFF10 + n) for n in range(10)}, "X": "Ｘ", "x": "ｘ",
                            "+": "＋", "-": "－", "(": "（", ")": "）", " ": "\u3000"})
SEPARATORS = st.sampled_from(["", "", " ", "-", " - ", ".", "—", "－", "\u3000", "  ", "\t"])
BEFORE = st.sampled_from(["", "联系电话：", "手机", "身份证号 ", "他说，", "Tel", "（", "电话:"])
AFTER = st.sampled_from(["", "。", "，请核实", "号", "）", " 家住3号楼", "\n第二行"])
# What a masked number may still show: its last four digits and at most four more, never five of
# the original digits in a row.
SQUEEZE = re.compile(r"[\s\-.－—\u3000]")
RUN = 5


def survives(digits: str, text: str) -> list:
    """The runs of RUN original digits that text still shows (separators and widths ignored)."""
    squeezed = SQUEEZE.sub("", text.translate({ord(c): ord(a) for a, c in
                                               zip("0123456789", "０１２３４５６７８９")}))
    runs = [digits[i:i + RUN] for i in range(len(digits) - RUN + 1)]
    return [run for run in runs if run in squeezed]


def written(digits: str, draw, cuts) -> str:
    """digits with a separator drawn at each cut, maybe in full-width characters."""
    parts, last = [], 0
    for cut in sorted(cuts):
        parts += [digits[last:cut], draw(SEPARATORS)]
        last = cut
    text = "".join(parts) + digits[last:]
    return text.translate(FULL_WIDTH) if draw(st.booleans()) else text


@st.composite
def mobiles(draw):
    """(the 11 digits, the number as someone typed it): grouped 3-4-4, a country code or not."""
    digits = "1" + draw(st.sampled_from("3456789")) + f"{draw(st.integers(0, 10**9 - 1)):09d}"
    prefix = draw(st.sampled_from(["", "", "+86", "+86 ", "86-", "86", "0086 ", "(+86)", "+86-"]))
    cuts = draw(st.sampled_from([(), (3, 7), (3,), (7,)]))
    return digits, written(prefix + digits, draw, [cut + len(prefix) for cut in cuts])


@st.composite
def id_numbers(draw):
    """(the ID number, as typed): 18 characters (last a digit, X or x) or an old 15-digit one,
    separators anywhere."""
    region = f"{draw(st.integers(110000, 659999))}"
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    sequence = f"{draw(st.integers(0, 999)):03d}"
    if draw(st.booleans()):
        number = region + born.strftime("%Y%m%d") + sequence + draw(st.sampled_from("0123456789Xx"))
    else:
        number = region + born.strftime("%y%m%d") + sequence
    cuts = draw(st.one_of(st.sampled_from([(), (6, 14), (6, 10, 14), (4, 8, 12, 16)]),
                          st.sets(st.integers(1, len(number) - 1), max_size=6)))
    return number.upper(), written(number, draw, [cut for cut in cuts if cut < len(number)])


@st.composite
def landlines(draw):
    area = draw(st.sampled_from(["010", "021", "0371", "0755", "0571"]))
    local = str(draw(st.integers(2, 9))) + f"{draw(st.integers(0, 10**7 - 1)):07d}"[
        :draw(st.sampled_from([6, 7]))]
    shape = draw(st.sampled_from(["{a}{s}{l}", "({a}){l}", "({a}) {l}", "{a}{s}{l1}{t}{l2}"]))
    text = shape.format(a=area, s=draw(SEPARATORS), t=draw(SEPARATORS), l=local,
                        l1=local[:-4], l2=local[-4:])
    return local, text.translate(FULL_WIDTH) if draw(st.booleans()) else text


@settings(max_examples=400)
@given(number=mobiles(), before=BEFORE, after=AFTER)
def test_a_mobile_in_free_text_keeps_at_most_its_last_four_digits(number, before, after):
    digits, typed = number
    masked = mask_text(before + typed + after)
    assert not survives(digits, masked), masked
    assert mask_phone(digits) in masked and masked.startswith(before) and masked.endswith(after)


@settings(max_examples=400)
@given(number=id_numbers(), before=BEFORE, after=AFTER)
def test_an_id_number_in_free_text_keeps_at_most_four_digits_at_each_end(number, before, after):
    digits, typed = number
    masked = mask_text(before + typed + after)
    assert not survives(digits, masked), masked
    assert mask_id_number(digits) in masked and masked.startswith(before) and masked.endswith(after)


@settings(max_examples=200)
@given(number=landlines(), before=BEFORE, after=AFTER)
def test_a_landline_with_its_area_code_keeps_the_code_and_the_last_four(number, before, after):
    local, typed = number
    masked = mask_text(before + typed + after)
    assert not survives(local, masked), masked
    assert f"-{'*' * (len(local) - 4)}{local[-4:]}" in masked


@settings(max_examples=100)
@given(phone=mobiles(), id_number=id_numbers())
def test_several_numbers_in_one_text_are_all_masked(phone, id_number):
    text = f"举报人王某，手机{phone[1]}，身份证{id_number[1]}；另一联系人{phone[1]}。"
    masked = mask_text(text)
    assert not survives(phone[0], masked) and not survives(id_number[0], masked), masked


DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
ORDINARY = st.one_of(
    DATES.map(lambda d: d.isoformat()), DATES.map(lambda d: f"{d:%Y/%m/%d}"),
    DATES.map(lambda d: f"{d:%Y.%m.%d}"), DATES.map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    DATES.map(lambda d: f"{d.year}-{d.month}-{d.day}"),
    st.tuples(DATES, DATES, st.sampled_from(["至", "—", " — ", "~", "到"])).map(
        lambda t: f"{t[0].isoformat()}{t[2]}{t[1].isoformat()}"),
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.isoformat(timespec="seconds") + "+08:00"),
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: f"{d:%Y-%m-%d %H:%M}"),
    st.integers(0, 10**9).map(lambda n: f"{n:,}元"), st.integers(0, 10**8).map(lambda n: f"¥{n}.50"),
    st.integers(-200, 500).map(lambda n: f"{n:+d}分"), st.integers(1, 99).map(lambda n: f"第{n}网格"),
    st.tuples(st.integers(1, 40), st.integers(1, 8), st.integers(101, 3304)).map(
        lambda t: f"{t[0]}-{t[1]}-{t[2]}"),
    st.tuples(st.integers(1, 40), st.integers(1, 8), st.integers(101, 3304)).map(
        lambda t: f"{t[0]}号楼{t[1]}单元{t[2]}室"),
    st.integers(0, 9999).map(lambda n: f"HL-20261008-{n:04d}"), st.just("MD-7K3Q-9F2A"),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}-11:30"),
    st.integers(0, 10**7).map(lambda n: f"{n}"), st.just("20261010-3-1-4-1-5"),
    st.sampled_from(["2026年第三季度", "3.5小时", "5星", "5%", "1/2", "No.12", "（一）"]),
)


@settings(max_examples=500)
@given(parts=st.lists(ORDINARY, min_size=1, max_size=5),
       joins=st.lists(st.sampled_from(["，", "、", "；", "。", " 共 ", "，其中", "\n"]), min_size=4,
                      max_size=4))
def test_ordinary_text_is_left_as_it_was(parts, joins):
    text = parts[0] + "".join(join + part for join, part in zip(joins, parts[1:]))
    assert mask_text(text) == text


def test_the_forms_in_the_issue_are_all_masked():
    assert mask_text("电话138-1234-5678") == "电话138****5678"
    assert mask_text("电话138 1234 5678。") == "电话138****5678。"
    assert mask_text("电话１３８１２３４５６７８") == "电话138****5678"
    assert mask_text("+86 138 1234 5678") == mask_text("86-138-1234-5678") == "138****5678"
    assert mask_text("身份证 410102 19800307 123X") == "身份证 4101**********123X"
    assert mask_text("身份证4101-0219-8003-0712-34") == "身份证4101**********1234"
    assert mask_text("旧证410102800307123") == "旧证4101*******7123"
    assert mask_text("家里电话0371-6288 0101") == "家里电话0371-****0101"
