"""楼道检查 results: one scored scorecard per inspection, the latest of a period, award room."""

import threading

import store

from .. import clock
from ..points import caps
from ..points.errors import CapExceeded
from ..points.periods import now_stamp, stamp
from ..rating import ScorecardInvalid, Scorecards

TABLE = "stairwell_inspections"
CARD = "stairwell"


class Inspections:
    """Recorded stairwell inspections (written when an inspection is approved)."""

    def __init__(self, opened_store):
        self._store = opened_store
        self._table = opened_store.table(TABLE)
        opened_store.add_index(TABLE, "building")
        opened_store.add_index(TABLE, "key")
        self._lock = threading.Lock()

    def record(self, *, building: int, community, grid, scored, card_version: int,
               inspector: str, inspected_on: str, notes: str = "", photo: str = "",
               source: str, key: str) -> dict:
        """Keep one inspection; a retry with the same key returns the first one."""
        with self._store.transaction():
            existing = self._table.get(store.where("key") == key)
            if existing is not None:
                return existing
            doc = {"building": int(building), "community": community, "grid": grid,
                   "marks": dict(scored.marks), "total": scored.total, "stars": scored.stars,
                   "card_version": card_version, "inspector": inspector,
                   "inspected_on": inspected_on, "notes": notes, "photo": photo,
                   "source": source, "key": key, "recorded_at": now_stamp()}
            return self._table.get(doc_id=self._table.insert(doc))

    def of_building(self, building) -> list:
        """The building's inspections, oldest first (by inspection date, then as recorded)."""
        found = self._table.search(store.where("building") == int(building))
        return sorted(found, key=lambda doc: (doc["inspected_on"], doc.doc_id))

    def latest(self, building, start, end):
        """The last inspection made in [start, end) (dates), or None: the one a period counts."""
        low, high = start.isoformat(), end.isoformat()
        inside = [doc for doc in self.of_building(building) if low <= doc["inspected_on"] < high]
        return inside[-1] if inside else None


def award_fits(ledger, account, rule_code: str) -> bool:
    """Whether one award of rule_code to account now stays within the rule's caps.

    An inspection is recorded whatever the points: a second passing inspection in a month
    (STAIRWELL_INSPECTION is capped at one a month) is kept without points instead of refused.
    """
    rule = ledger.catalogue.resolve(rule_code, account.community)
    if not rule.caps():
        return True
    entries = ledger.history(account.key)
    docs = [(e.id, {"rule": e.rule, "op": e.op, "points": e.points, "at": stamp(e.at)})
            for e in entries]
    reversed_ids = {e.reverses for e in entries if e.reverses is not None}
    used = caps.usage(rule.code, now_stamp(), docs, reversed_ids)
    try:
        caps.check(rule, rule.points_for(1), used)
    except CapExceeded:
        return False
    return True


def marked(card, record):
    """The card scored from record, which holds one attribute per criterion code (a workflow
    record's fields); an unmarked line is named so the inspector knows what to fill in."""
    marks = {c.code: getattr(record, c.code, None) for c in card.criteria}
    unmarked = [c.name for c in card.criteria if marks[c.code] is None]
    if unmarked:
        raise ScorecardInvalid(f"还有评分项没有打分：{'、'.join(unmarked)}")
    return card.score(marks)


def award_to(services, building, total: float, pass_mark: float, rule_code: str) -> list:
    """[{"account": "building:ID"}] when the inspection passes and the rule's caps leave room,
    else []: the list an AwardEach effect awards rule_code to."""
    if total < pass_mark:
        return []
    account = services.account("building", building)
    return [{"account": account.key}] if award_fits(services.ledger, account, rule_code) else []


def verdict(total: float, pass_mark: float, awarded: list) -> str:
    """The inspection's outcome in words: passed or not, and whether the building is awarded."""
    if total < pass_mark:
        return f"未达标（{pass_mark:g} 分及以上为达标），不计分"
    if awarded:
        return f"达标（{pass_mark:g} 分及以上），审核通过后楼栋获信用楼道检查达标积分"
    return f"达标（{pass_mark:g} 分及以上），但楼栋的检查达标积分已到上限，这次不计分"


def scored(services, record):
    """record's marks scored on the stairwell scorecard in force (ScorecardInvalid if a line
    is unmarked)."""
    return marked(Scorecards(services.store()).current(CARD), record)


def unready(services, record) -> str:
    """Why an inspection record cannot be submitted or recorded yet ("" when it can)."""
    if record.inspected_on > clock.today():
        return "检查日期不能晚于今天"
    try:
        scored(services, record)
    except ScorecardInvalid as exc:
        return str(exc)
    return ""


def worked_out(services, record, pass_mark: float, rule_code: str) -> dict:
    """The inspection's outputs: its total and stars on the card, and the building to award
    rule_code to (none below pass_mark or beyond the rule's caps)."""
    result = scored(services, record)
    awarded = award_to(services, record.building, result.total, pass_mark, rule_code)
    return {"inspection_total": result.total, "inspection_stars": result.stars,
            "inspection_result": verdict(result.total, pass_mark, awarded), "award_to": awarded}
