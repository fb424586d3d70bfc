"""The lottery engine: canonical list, its hash, a documented deterministic draw, and the CLI."""

import hashlib

import pytest

from meide.recognition import lottery
from meide.cli import main

PEOPLE = [(f"resident:{n}", name, "北门社区") for n, name in
          enumerate(["张晓华", "李秀英", "王磊", "欧阳建国", "赵敏", "孙浩然", "周杰", "吴芳"], 1)]


def test_the_list_is_canonical_masked_text():
    text = lottery.entrant_list(PEOPLE[:2])
    assert text == "1\tresident:1\t张*华\t北门社区\n2\tresident:2\t李*英\t北门社区\n"
    assert lottery.parse(text)[1] == lottery.Entrant(2, "resident:2", "李*英", "北门社区")
    assert lottery.fingerprint(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_changing_one_entrant_changes_the_hash_and_the_draw():
    text = lottery.entrant_list(PEOPLE)
    changed = lottery.entrant_list([*PEOPLE[:7], ("resident:99", "吴芳", "北门社区")])
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
        lottery.parse("1\tresident:1\t张*华\t北门社区\n3\tresident:2\t李*英\t北门社区\n")
    with pytest.raises(lottery.LotteryError, match="种子"):
        lottery.draw(text, "  ", [("一等奖", 1)])


def test_meide_lottery_verify_reproduces_the_winners(tmp_path, capsys):
    text = lottery.entrant_list(PEOPLE)
    path = tmp_path / "名单.txt"
    path.write_bytes(text.encode("utf-8"))
    expected = lottery.draw(text, "3-1-4-1-5", [("一等奖", 1), ("二等奖", 2)])
    digest = lottery.fingerprint(text)
    assert main(["lottery", "verify", str(path), "--seed", "3-1-4-1-5",
                 "--prizes", "一等奖:1,二等奖:2", "--hash", digest]) == 0
    out = capsys.readouterr().out
    assert digest in out and "参与人数：8" in out
    lines = [line for line in out.splitlines() if line[:1].isdigit()]
    assert [line.split("\t")[2] for line in lines] == [str(w.ticket) for w in expected]
    path.write_bytes(text.replace("王*", "汪*").encode("utf-8"))
    assert main(["lottery", "verify", str(path), "--seed", "3-1-4-1-5",
                 "--prizes", "一等奖:1", "--hash", digest]) == 1
    assert "不一致" in capsys.readouterr().err
