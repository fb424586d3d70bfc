"""Plaques: typable codes with a check character, lookup, history, downgrade, 摘牌, re-review."""

import datetime as dt
import itertools

import pytest

import store
from meide import clock
from meide.rating.codes import ALPHABET, CodeInvalid, check_character, new_code, normalise
from meide.rating.plaques import PlaqueNotFound, PlaqueRefused, Plaques


@pytest.fixture
def plaques(tmp_path):
    opened = store.open_store(tmp_path / "data")
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield Plaques(opened)
    opened.close()


def issue(plaques, subject_id=7, until=dt.date(2027, 10, 7), card="merchant", **more):
    return plaques.issue(**{**dict(
        subject_kind="merchant", subject_id=subject_id, subject_name=f"商户{subject_id}",
        card=card, title="诚信商户", stars=4, total=85.0, valid_from=dt.date(2026, 10, 8),
        valid_until=until, actor="officer1"), **more})


def test_codes_avoid_look_alike_characters_and_carry_a_valid_check():
    for _ in range(200):
        code = new_code()
        assert code.startswith("MD-") and len(code) == 12
        assert not set(code[3:].replace("-", "")) & set("01OI")
        assert normalise(code) == code


def test_every_single_typo_and_neighbour_swap_is_caught():
    body = "7K3Q9F2"
    chars = body + check_character(body)
    for place, other in itertools.product(range(len(chars)), ALPHABET):
        if other != chars[place]:
            typo = chars[:place] + other + chars[place + 1:]
            with pytest.raises(CodeInvalid):
                normalise(typo)
    for place in range(len(chars) - 1):
        swapped = chars[:place] + chars[place + 1] + chars[place] + chars[place + 2:]
        if swapped != chars:
            with pytest.raises(CodeInvalid, match="校验位"):
                normalise(swapped)


@pytest.mark.parametrize("typed, words", [("", "请输入"), ("MD-12", "8 位"),
                                          ("MD-0K3Q-9F2A", "没有数字 0")])
def test_malformed_codes_say_what_to_fix(typed, words):
    with pytest.raises(CodeInvalid, match=words):
        normalise(typed)


def test_a_code_resolves_however_it_is_typed(plaques):
    code = issue(plaques)["code"]
    for typed in (code, code.lower(), code.replace("-", ""), " " + code[3:].replace("-", " ")):
        assert plaques.resolve(typed).plaque["code"] == code


def test_an_unknown_well_formed_code_is_not_found(plaques):
    body = "2345678"
    with pytest.raises(PlaqueNotFound, match="没有找到"):
        plaques.resolve(body + check_character(body))


def test_a_plaque_past_its_validity_resolves_as_expired(plaques):
    code = issue(plaques)["code"]
    assert plaques.resolve(code, today=dt.date(2027, 10, 7)).label == "有效"
    assert plaques.resolve(code, today=dt.date(2027, 10, 8)).label == "已过期"


def test_a_new_plaque_supersedes_the_one_in_force_for_the_same_card_only(plaques):
    first = issue(plaques)["code"]
    other_card = issue(plaques, card="merchant_integrity")["code"]
    second = issue(plaques)["code"]
    assert plaques.resolve(first).label == "已被取代"
    assert plaques.resolve(first).replacement["code"] == second
    assert plaques.resolve(other_card).valid
    assert [p["code"] for p in plaques.history("merchant", 7)] == [first, other_card, second]
    assert plaques.current("merchant", 7, card="merchant")["code"] == second


def test_issuing_twice_under_one_key_issues_once(plaques):
    assert issue(plaques, key="k1")["code"] == issue(plaques, key="k1")["code"]
    assert len(plaques.history("merchant", 7)) == 1


def test_downgrade_and_removal_need_a_reason_and_a_plaque_in_force(plaques):
    code = issue(plaques)["code"]
    with pytest.raises(PlaqueRefused, match="理由"):
        plaques.downgrade(code, reason=" ", actor="officer1")
    new = plaques.downgrade(code, reason="查实一次投诉", actor="officer1")
    assert new["stars"] == 3 and new["replaces"] == code and new["valid_until"] == "2027-10-07"
    assert plaques.resolve(code).label == "已降级"
    with pytest.raises(PlaqueRefused, match="不能再摘牌"):
        plaques.remove(code, reason="再次投诉", actor="officer1")
    with pytest.raises(PlaqueRefused, match="1 到 2 星"):
        plaques.downgrade(new["code"], stars=3, reason="再次投诉", actor="officer1")
    with pytest.raises(PlaqueRefused, match="摘牌原因须为以下之一"):
        plaques.remove(new["code"], reason="再次查实", actor="officer1", category="再次查实")
    plaques.remove(new["code"], reason="再次查实", actor="officer1", category="主动申请摘牌")
    gone = plaques.resolve(new["code"])
    assert gone.label == "已摘牌" and gone.plaque["reason"] == "再次查实"
    assert gone.public()["category"] == "主动申请摘牌"
    assert plaques.resolve(code).public()["category"] == "经核实存在失信行为"
    assert plaques.current("merchant", 7) is None


def test_plaques_due_for_re_review_are_those_expiring_within_the_window(plaques):
    soon = issue(plaques, subject_id=1, until=dt.date(2026, 11, 1))["code"]
    issue(plaques, subject_id=2, until=dt.date(2027, 3, 1))
    removed = issue(plaques, subject_id=3, until=dt.date(2026, 10, 20))["code"]
    plaques.remove(removed, reason="摘牌", actor="officer1")
    past = issue(plaques, subject_id=4, until=dt.date(2026, 10, 1), valid_from=dt.date(2025, 10, 1))
    assert [p["code"] for p in plaques.due_for_review()] == [soon]
    assert past["code"] not in [p["code"] for p in plaques.due_for_review(within_days=400)]
    assert plaques.due_for_review(covers=lambda scope: False) == []


def test_plaques_survive_reopening_and_are_found_by_code(tmp_path):
    with store.open_store(tmp_path / "d") as opened:
        code = issue(Plaques(opened))["code"]
    with store.open_store(tmp_path / "d") as opened:
        assert Plaques(opened).resolve(code).plaque["subject_name"] == "商户7"
