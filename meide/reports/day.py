"""A staff member's day: what waits by kind, stages ending soon, objections and appeals, today's
activities, low stock and the quarter's figures, each within their scope (computed here, on the
server; the home page only draws them)."""

import dataclasses
import datetime as dt

import store

from .. import clock
from ..kernel import catalog, records
from ..periods import Period
from ..scope import Scope
from ..supermarket import GoodsBook, reports as market_reports
from ..volunteer.attendance import SLUG as ACTIVITY
from .dashboard import Dashboard

SOON_DAYS = 7                # a timed stage ending within this many days is listed
# By convention the transition by which a resident's appeal (申诉) is lodged is named so; the
# state it leads to holds the appeals waiting for review.
APPEAL = "appeal"


@dataclasses.dataclass(frozen=True)
class Ending:
    """A record whose timed stage (公示期, 申诉期) ends at `at`."""

    record: records.Record
    at: dt.datetime
    stage: str               # the stage's label, as the declaration words it (公示期)


def waiting_by_kind(waiting: list) -> list:
    """[(slug, count), ...] of the records waiting (runner.inbox), most first, then by slug."""
    counts = {}
    for record in waiting:
        counts[record.slug] = counts.get(record.slug, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _records(runner, actor, slug: str, states) -> list:
    table = runner.store.table(records.table_name(slug))
    found = []
    for state in sorted(states):
        for doc in table.search(store.where("state") == state):
            record = records.Record(slug, doc.doc_id, dict(doc))
            if actor.covers(record.scope):
                found.append(record)
    return found


def stages_ending(runner, actor, days: int = SOON_DAYS, now: dt.datetime = None) -> list:
    """Records in the actor's scope whose timed stage ends within `days`, soonest first."""
    now = now or clock.now()
    until = now + dt.timedelta(days=days)
    ending = []
    for cls in catalog.all_workflows():
        timed = {name: state.timed for name, state in
                 runner.workflow(cls.slug).declaration().states.items() if state.timed}
        for record in _records(runner, actor, cls.slug, timed):
            due = (record.due or {}).get("at")
            at = dt.datetime.fromisoformat(due) if due else None
            if at is not None and at.tzinfo is None and now.tzinfo is not None:
                at = at.replace(tzinfo=now.tzinfo)
            if at is not None and now <= at <= until:
                ending.append(Ending(record, at, timed[record.state].label))
    return sorted(ending, key=lambda item: item.at)


def objections_waiting(runner, actor) -> list:
    """Records under notice in the actor's scope with an objection not yet decided, oldest
    objection first."""
    found = []
    for cls in catalog.all_workflows():
        states = {name for name, state in runner.workflow(cls.slug).declaration().states.items()
                  if state.timed and state.timed.on_objection}
        found += [record for record in _records(runner, actor, cls.slug, states)
                  if record.open_objections()]
    return sorted(found, key=lambda record: record.open_objections()[0]["at"])


def appeals_waiting(runner, actor) -> list:
    """Records in the actor's scope whose appeal (申诉) waits for review, oldest first."""
    found = []
    for cls in catalog.all_workflows():
        step = runner.workflow(cls.slug).declaration().transitions.get(APPEAL)
        if step is not None:
            found += _records(runner, actor, cls.slug, {step.target})
    return sorted(found, key=lambda record: record.doc.get("updated_at", ""))


def activities_on(runner, actor, day: dt.date = None) -> list:
    """Volunteer activities in the actor's scope taking place on day (today), not finished or
    cancelled, by their start."""
    if ACTIVITY not in {cls.slug for cls in catalog.all_workflows()}:
        return []
    day = (day or clock.today()).isoformat()
    states = {name for name, state in runner.workflow(ACTIVITY).declaration().states.items()
              if not state.final}
    found = [record for record in _records(runner, actor, ACTIVITY, states)
             if str(record.values.get("start") or "")[:10] <= day
             <= str(record.values.get("end") or record.values.get("start") or "")[:10]]
    return sorted(found, key=lambda record: str(record.values.get("start")))


def low_stock(services, actor) -> list:
    """The supermarket's low-stock alerts for the actor's community (every community's for
    subdistrict staff), each row with its community's name ('' for the subdistrict's shared
    goods), emptiest first."""
    goods = GoodsBook(services.ledger.store, services.registry)
    # The communities the actor's scope covers (a subdistrict's, when the installation serves
    # several), by id.
    names = {doc.doc_id: doc["name"] for doc in services.registry.communities.list()
             if actor.scope.covers(doc, "communities")}
    community = {doc.doc_id: doc.get("community") for doc in goods.list(actor.community)}
    return [dict(row, community=names.get(community[row["goods"]], ""))
            for row in market_reports.low_stock(goods, actor.community)
            if community[row["goods"]] is None or community[row["goods"]] in names]


def quarter_figures(services, actor, period: Period = None) -> dict:
    """This quarter's points earned, volunteer hours, points redeemed and residents taking part,
    within the actor's scope (the dashboard's figures for the same quarter)."""
    period = period or Period.current()
    return Dashboard(services, Scope.of(actor)).figures(*period.bounds)
