"""Caps (上限): how much of a rule an account has used this day, month and year, and the check."""

from collections import defaultdict

from .entries import EARNING_OPS
from .errors import CapExceeded
from .periods import period_key


def usage(rule_code: str, at_stamp: str, account_docs, reversed_ids) -> dict:
    """{period: points used (in magnitude)} of rule_code in the periods containing at_stamp.

    account_docs are (entry id, stored document) pairs of one account. An entry that was
    reversed no longer uses its cap, so a corrected award can be entered again.
    """
    keys = {period: period_key(at_stamp, period) for period in ("day", "month", "year")}
    used = dict.fromkeys(keys, 0)
    for entry_id, doc in account_docs:
        if (doc.get("rule") != rule_code or doc["op"] not in EARNING_OPS
                or entry_id in reversed_ids or not doc["at"].startswith(keys["year"])):
            continue
        for period, key in keys.items():
            if doc["at"].startswith(key):
                used[period] += abs(doc["points"])
    return used


def check(rule, points: int, used: dict):
    """Raise CapExceeded for the first cap (day, then month, then year) points would break."""
    for period, limit in rule.caps():
        if used[period] + abs(points) > limit:
            raise CapExceeded(rule, period, limit, used[period], abs(points))


def allowed(rule, points: int, used: dict, *, within_caps: bool) -> int:
    """The points an award may add under its caps: all of them, or with within_caps what the
    caps leave; raises CapExceeded when nothing (or, without within_caps, not all) fits."""
    asked = points
    if within_caps and points > 0:
        points = max(min([points] + [limit - used[period] for period, limit in rule.caps()]), 0)
    check(rule, points or asked, used)
    return points


class CapCounters:
    """Per account and rule, the points used in the latest day, month and year seen.

    Kept with the running totals so that an award checks its caps without reading the
    account's entries. Only the latest period of each kind matters to a clock that moves
    forward; when the clock reads earlier than the latest period (a test, a corrected server
    time) used() returns None and the caller counts from the entries instead.
    """

    _PREFIXES = (10, 7, 4)      # day, month, year keys as prefixes of a stored stamp

    def __init__(self):
        self._latest: dict = {}     # (account, rule) -> [day, used, month, used, year, used]

    def add(self, account: str, rule_code: str, at_stamp: str, points: int):
        slot = self._latest.get((account, rule_code))
        if slot is None:
            slot = self._latest[account, rule_code] = [None, 0, None, 0, None, 0]
        for i, width in enumerate(self._PREFIXES):
            key = at_stamp[:width]
            if slot[2 * i] is None or key > slot[2 * i]:
                slot[2 * i], slot[2 * i + 1] = key, abs(points)
            elif key == slot[2 * i]:
                slot[2 * i + 1] += abs(points)

    def remove(self, account: str, rule_code: str, at_stamp: str, points: int):
        """Give back what an entry used (it was reversed, or its write was rolled back)."""
        slot = self._latest.get((account, rule_code))
        for i, width in enumerate(self._PREFIXES):
            if slot is not None and slot[2 * i] == at_stamp[:width]:
                slot[2 * i + 1] = max(slot[2 * i + 1] - abs(points), 0)

    def used(self, account: str, rule_code: str, at_stamp: str) -> dict | None:
        slot = self._latest.get((account, rule_code))
        used = {}
        for i, period in enumerate(("day", "month", "year")):
            key = at_stamp[:self._PREFIXES[i]]
            if slot is None or slot[2 * i] is None or key > slot[2 * i]:
                used[period] = 0
            elif key == slot[2 * i]:
                used[period] = slot[2 * i + 1]
            else:
                return None
        return used


class CapTracker:
    """Cap usage kept in memory while replaying a ledger (what-if), instead of reading the store."""

    def __init__(self):
        self._used = defaultdict(int)

    def _keys(self, account, rule_code, at_stamp):
        return {period: (account, rule_code, period_key(at_stamp, period))
                for period in ("day", "month", "year")}

    def used(self, account: str, rule_code: str, at_stamp: str) -> dict:
        return {period: self._used.get(key, 0)
                for period, key in self._keys(account, rule_code, at_stamp).items()}

    def add(self, account: str, rule_code: str, at_stamp: str, points: int):
        for key in self._keys(account, rule_code, at_stamp).values():
            self._used[key] += abs(points)

    def release(self, account: str, rule_code: str, at_stamp: str, points: int):
        """Give back what a reversed entry used (at_stamp is the reversed entry's time)."""
        for key in self._keys(account, rule_code, at_stamp).values():
            self._used[key] -= abs(points)
