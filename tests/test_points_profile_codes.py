"""Profile codes: every profile coded once, shared by snapshots, roll-up targets as accounts."""

import numpy

from meide.points.profile_codes import ABSENT, ProfileCodes, Vocabulary

ALICE = ("resident:1", "resident", "2", "21", "201", "31", "文明实践", "subdistrict")
BOB = ("resident:2", "resident", "2", "21", "201", None, "志愿服务", None)
HOUSE = ("household:201", "household", "2", "21", None, "31", "文明实践", "subdistrict")


def test_a_vocabulary_numbers_values_in_first_seen_order():
    words = Vocabulary(["a"])
    assert words.codes_of(["b", "a", None, "b"]) == [1, 0, 2, 1]
    assert words.codes_of(["c", None], absent=None) == [3, ABSENT]
    assert words.values == ["a", "b", None, "c"]
    assert words.find("c") == 3 and words.find("z") == ABSENT


def test_roll_up_targets_share_the_code_of_the_account_with_that_key():
    coded = ProfileCodes().coded([ALICE, BOB, HOUSE])
    accounts = coded.accounts.values
    assert [accounts[code] for code in coded["account"].tolist()] == [
        "resident:1", "resident:2", "household:201"]
    assert coded["household"].tolist() == [coded["account"][2], coded["account"][2], ABSENT]
    assert accounts[coded["building"][0]] == "building:31" and coded["building"][1] == ABSENT
    assert coded["building"][2] == coded["building"][0]
    assert [coded.values("category")[c] for c in coded["category"].tolist()] == [
        "文明实践", "志愿服务", "文明实践"]
    # Ties are broken by account key: the rank follows string order.
    order = numpy.argsort(coded.account_rank)
    assert [accounts[code] for code in order.tolist()] == sorted(accounts)


def test_snapshots_read_the_codes_of_their_own_profiles():
    codes = ProfileCodes()
    longer = codes.coded([ALICE, BOB, HOUSE])
    shorter = codes.coded([ALICE])
    assert len(shorter["account"]) == 1 and shorter["account"][0] == longer["account"][0]
    grown = codes.coded([ALICE, BOB, HOUSE, ("unit:3", "unit", "1", None, None, None, None,
                                             None)])
    assert grown["account"][:3].tolist() == longer["account"].tolist()
    assert grown.values("account")[grown["account"][3]] == "unit:3"
