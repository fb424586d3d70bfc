"""The verifiable lottery (抽奖): a canonical entrant list, its SHA-256, a seeded deterministic draw.

Anyone can re-check a draw from the published entrant list and the seed (`meide lottery verify`):

1. The entrant list is UTF-8 text, one entrant a line, fields separated by a tab:
   ``ticket<TAB>name<TAB>community`` with tickets 1, 2, 3… in order and every line ending in
   ``\\n``. Names are masked (张*华) and no internal account number appears, because the list is
   posted in public; who holds which ticket is kept on the record for staff only. Its SHA-256
   (lowercase hex of the exact bytes) is printed on the pre-draw notice, before the seed exists;
   changing one character of the list changes the hash. Lists frozen before this format named
   the account too (``ticket<TAB>account<TAB>name<TAB>community``); they are read as they are,
   so their published hash still matches.
2. The seed is text fixed in public after the list was published (a lottery number, dice rolled
   before witnesses). Leading and trailing spaces are ignored.
3. Random numbers: block i (i = 0, 1, 2…) is SHA-256 of the UTF-8 text
   ``meide-lottery-v1|<list hash>|<seed>|<i>`` read as a 256-bit big-endian integer. A number
   below n is block mod n; a block at or above the largest multiple of n not over 2**256 is
   skipped (so every number is exactly equally likely).
4. The draw is a partial Fisher–Yates shuffle of the entrants in list order: for k = 0, 1, …
   pick j = k + (a number below n − k) and swap positions k and j; position k is the k-th
   winner. Prizes go out in draw order: the first prize's winners first, and so on.
"""

import hashlib
from dataclasses import dataclass

from ..errors import MeideError
from ..periods import Period
from ..privacy import mask_name

VERSION = "meide-lottery-v1"
_SPAN = 1 << 256


class LotteryError(MeideError, ValueError):
    """An entrant list, seed or prize list that cannot be drawn from (message in Chinese)."""


@dataclass(frozen=True)
class Entrant:
    """One line of the entrant list; `account` only on lists frozen before it was left out."""

    ticket: int
    name: str
    community: str = ""
    account: str = ""


@dataclass(frozen=True)
class Winner:
    """A drawn entrant: draw order (from 1), the prize, and the entrant's line."""

    order: int
    prize: str
    ticket: int
    name: str
    community: str


def _clean(text) -> str:
    text = str(text or "").strip()
    if any(c in text for c in "\t\r\n"):
        raise LotteryError(f"名单内容不能含制表符或换行：{text!r}")
    return text


def entrant_list(people) -> str:
    """The canonical list from (name, community) pairs in the order given; names are masked
    here, so what is hashed is exactly what is posted."""
    lines = [f"{ticket}\t{_clean(mask_name(name))}\t{_clean(community)}\n"
             for ticket, (name, community) in enumerate(people, start=1)]
    return "".join(lines)


def parse(text: str) -> list:
    """The entrants of a canonical list, of either format (all its lines of one); a malformed
    list is refused, not guessed at."""
    entrants = []
    if text == "":
        return entrants
    lines = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
    width = len(lines[0].split("\t"))
    for number, line in enumerate(lines, start=1):
        fields = line.split("\t")
        if len(fields) != width or width not in (3, 4) or fields[0] != str(number):
            raise LotteryError(f"名单第{number}行格式不对（应为“序号、姓名、社区”三项，以制表符分隔，"
                               f"序号从1起连续）：{line!r}")
        if width == 3:
            entrants.append(Entrant(number, fields[1], fields[2]))
        else:
            entrants.append(Entrant(number, fields[2], fields[3], account=fields[1]))
    return entrants


def fingerprint(text: str) -> str:
    """The SHA-256 of the list's exact UTF-8 bytes, as published on the pre-draw notice."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_prizes(text: str) -> list:
    """[(prize, count)] from lines (or 、，, separated items) like "一等奖:1" or "二等奖×3"."""
    prizes = []
    for separator in "、，,;；":
        text = (text or "").replace(separator, "\n")
    for item in filter(None, (line.strip() for line in text.splitlines())):
        for mark in (":", "：", "×", "x", "X", "*"):
            name, found, count = item.rpartition(mark)
            if found:
                break
        if not found or not name.strip() or not count.strip().isdigit() or int(count) < 1:
            raise LotteryError(f"奖项“{item}”应写成“奖项名:名额”，如“一等奖:1”")
        prizes.append((name.strip(), int(count)))
    if not prizes:
        raise LotteryError("请至少设置一个奖项，如“一等奖:1”")
    return prizes


def numbers(list_hash: str, seed: str):
    """The endless stream of 256-bit blocks for this list and seed (step 3)."""
    index = 0
    while True:
        block = f"{VERSION}|{list_hash}|{seed.strip()}|{index}".encode("utf-8")
        yield int.from_bytes(hashlib.sha256(block).digest(), "big")
        index += 1


def below(stream, n: int) -> int:
    """A number in [0, n) from the stream, exactly uniform (step 3)."""
    limit = _SPAN - _SPAN % n
    for block in stream:
        if block < limit:
            return block % n
    raise AssertionError("unreachable")


def check_places(text: str, prizes) -> list:
    """The prize of each place in draw order; refused when there are fewer entrants."""
    entrants = parse(text)
    slots = [name for name, count in prizes for _ in range(count)]
    if len(slots) > len(entrants):
        raise LotteryError(f"奖项共{len(slots)}个名额，多于参与人数{len(entrants)}")
    return slots


def draw(text: str, seed: str, prizes) -> list:
    """The winners of the list under this seed, in draw order (steps 3 and 4)."""
    if not (seed or "").strip():
        raise LotteryError("请填写随机种子")
    entrants, slots = parse(text), check_places(text, prizes)
    stream, pool = numbers(fingerprint(text), seed), list(entrants)
    winners = []
    for k, prize in enumerate(slots):
        j = k + below(stream, len(pool) - k)
        pool[k], pool[j] = pool[j], pool[k]
        e = pool[k]
        winners.append(Winner(k + 1, prize, e.ticket, e.name, e.community))
    return winners


def eligible(services, period: Period, min_points: int, community=None) -> list:
    """[(resident id, name, community name)] of the residents who earned at least min_points in
    the period (in one community, or all), by resident id: the entrants in ticket order;
    services gives the ledger and names (kernel Services)."""
    start, end = period.bounds
    rows = services.ledger.ranking(start, end, by="community", kind="resident", community=community)
    people = sorted((int(row.account.partition(":")[2]), row.community) for row in rows
                    if row.points >= min_points)
    return [(rid, services.describe("resident", rid),
             services.describe("community", int(where)) if where else "")
            for rid, where in people]


METHOD = ("以“名单SHA-256|种子|序号”逐次计算SHA-256得到随机数，按Fisher–Yates方法从名单中依次抽取，"
          "抽中者移出名单；可用 meide lottery verify 复核")
