"""The lottery engine: canonical list, its hash, a documented deterministic draw, and the CLI."""

import hashlib
import subprocess

import pytest

from meide.recognition import lottery
from meide.cli import main

from .browser import meide_command

PEOPLE = [(name, "北门社区") for name in
          ["张晓华", "李秀英", "王磊", "欧阳建国", "赵敏", "孙浩然", "周杰", "吴芳"]]
# A list as frozen before account numbers were left out of the published list.
LEGACY = "1\tresident:1\t张*华\t北门社区\n2\tresident:2\t李*英\t北门社区\n3\tresident:7\t王*\t北门社区\n"


def test_the_list_is_canonical_masked_text_without_account_numbers():
    text = lottery.entrant_list(PEOPLE[:2])
    assert text == "1\t张*华\t北门社区\n2\t李*英\t北门社区\n"
    assert "resident" not in text
    assert lottery.parse(text)[1] == lottery.Entrant(2, "李*英", "北门社区")
    assert lottery.fingerprint(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_list_frozen_with_account_numbers_is_still_read_and_drawn_as_published():
    entrants = lottery.parse(LEGACY)
    assert entrants[2] == lottery.Entrant(3, "王*", "北门社区", account="resident:7")
    assert lottery.fingerprint(LEGACY) == hashlib.sha256(LEGACY.encode("utf-8")).hexdigest()
    winners = lottery.draw(LEGACY, "3-1-4", [("一等奖", 2)])
    assert [w.ticket for w in winners] == reference_draw(LEGACY, "3-1-4", 2)


@pytest.mark.parametrize("text", [
    "1\t张*华\t北门社区\n2\tresident:2\t李*英\t北门社区\n",    # the two formats mixed
    "1\t张*华\n",                                               # a field missing
])
def test_a_list_of_no_one_format_is_refused(text):
    with pytest.raises(lottery.LotteryError, match="格式不对"):
        lottery.parse(text)


def test_changing_one_entrant_changes_the_hash_and_the_draw():
    text = lottery.entrant_list(PEOPLE)
    changed = lottery.entrant_list([*PEOPLE[:7], ("钱芳", "北门社区")])
    assert lottery.fingerprint(text) != lottery.fingerprint(changed)
    prizes = [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]
    assert any(lottery.draw(text, str(seed), prizes) != lottery.draw(changed, str(seed), prizes)
               for seed in range(5))
    assert next(lottery.numbers(lottery.fingerprint(text), "3-1-4")) != \
        next(lottery.numbers(lottery.fingerprint(changed), "3-1-4"))


def reference_draw(text, seed, places):
    """The draw exactly as the module docstring describes it, written out independently."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    pool = [line.split("\t") for line in text.splitlines()]
    counter, winners = 0, []
    for k in range(places):
        n = len(pool) - k
        while True:
            block = f"meide-lottery-v1|{digest}|{seed.strip()}|{counter}".encode("utf-8")
            value = int.from_bytes(hashlib.sha256(block).digest(), "big")
            counter += 1
            if value < (1 << 256) - (1 << 256) % n:
                break
        j = k + value % n
        pool[k], pool[j] = pool[j], pool[k]
        winners.append(int(pool[k][0]))
    return winners


@pytest.mark.parametrize("seed", ["3-1-4-1-5", "20261010", " 福彩3D 第2026270期 517 "])
def test_the_draw_follows_the_documented_method(seed):
    text = lottery.entrant_list(PEOPLE)
    winners = lottery.draw(text, seed, [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)])
    assert [w.ticket for w in winners] == reference_draw(text, seed, 6)
    assert [w.prize for w in winners] == ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖"]
    assert len({w.ticket for w in winners}) == 6 and [w.order for w in winners] == [1, 2, 3, 4, 5, 6]
    assert lottery.draw(text, seed, [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]) == winners


def test_every_entrant_can_win():
    text = lottery.entrant_list(PEOPLE)
    firsts = {lottery.draw(text, str(seed), [("一等奖", 1)])[0].ticket for seed in range(200)}
    assert firsts == set(range(1, 9))


@pytest.mark.parametrize("text, expected", [
    ("一等奖:1\n二等奖：2", [("一等奖", 1), ("二等奖", 2)]),
    ("一等奖×1、三等奖x5", [("一等奖", 1), ("三等奖", 5)]),
])
def test_prizes_are_read_from_simple_lines(text, expected):
    assert lottery.parse_prizes(text) == expected


@pytest.mark.parametrize("text", ["", "一等奖", "一等奖:0", ":3"])
def test_unreadable_prizes_are_refused(text):
    with pytest.raises(lottery.LotteryError, match="奖"):
        lottery.parse_prizes(text)


def test_more_places_than_entrants_or_a_broken_list_is_refused():
    text = lottery.entrant_list(PEOPLE[:2])
    with pytest.raises(lottery.LotteryError, match="多于参与人数2"):
        lottery.draw(text, "1", [("一等奖", 3)])
    with pytest.raises(lottery.LotteryError, match="第2行"):
        lottery.parse("1\t张*华\t北门社区\n3\t李*英\t北门社区\n")
    with pytest.raises(lottery.LotteryError, match="种子"):
        lottery.draw(text, "  ", [("一等奖", 1)])


def verify(capsys, path, *options):
    """`meide lottery verify` on path: (exit code, winners' tickets printed, stdout, stderr)."""
    code = main(["lottery", "verify", str(path), "--seed", "3-1-4-1-5",
                 "--prizes", "一等奖:1,二等奖:2", *options])
    out, err = capsys.readouterr()
    # A winner's line: order, prize, ticket, name, community.
    tickets = [int(line.split("\t")[2]) for line in out.splitlines() if line[:1].isdigit()]
    return code, tickets, out, err


@pytest.fixture
def published(tmp_path):
    """The posted list file and its hash."""
    text = lottery.entrant_list(PEOPLE)
    path = tmp_path / "名单.txt"
    path.write_bytes(text.encode("utf-8"))
    return path, lottery.fingerprint(text)


def test_verify_with_the_published_hash_prints_the_winners(capsys, published):
    path, digest = published
    expected = lottery.draw(path.read_text("utf-8"), "3-1-4-1-5", [("一等奖", 1), ("二等奖", 2)])
    code, tickets, out, err = verify(capsys, path, "--hash", digest.upper())
    assert code == 0 and tickets == [w.ticket for w in expected]
    assert digest in out and "参与人数：8" in out and "名单指纹与公布的一致" in out
    assert "未提供" not in out + err


@pytest.mark.parametrize("change", [
    lambda text: text.replace("王*", "汪*"),                  # one name altered
    lambda text: text + "9\t钱*\t北门社区\n",                  # one entrant slipped in
])
def test_verify_of_a_changed_list_prints_no_winners_and_fails(capsys, published, change):
    path, digest = published
    path.write_bytes(change(path.read_text("utf-8")).encode("utf-8"))
    code, tickets, out, err = verify(capsys, path, "--hash", digest)
    assert code != 0 and tickets == []
    assert "不一致" in err and "名单已被改动" in err and digest in err


def test_verify_without_a_hash_says_the_list_was_not_checked(capsys, published):
    path, _ = published
    code, tickets, out, err = verify(capsys, path)
    assert code == 0 and len(tickets) == 3
    assert "未提供公布的名单指纹" in err and "未核对" in err


def test_verify_runs_as_the_installed_command(published):
    path, digest = published
    command = [*meide_command(), "lottery", "verify", str(path), "--seed", "3-1-4-1-5",
               "--prizes", "一等奖:1", "--hash", "0" * 64]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "不一致" in done.stderr
    assert not [line for line in done.stdout.splitlines() if line[:1].isdigit()]
