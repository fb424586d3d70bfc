"""Volunteer statistics: hours and points per team and per volunteer over a period, from the
verified activities (their frozen award reports), within the staff member's scope."""

import datetime as dt
from dataclasses import dataclass, field

from .attendance import SLUG

COUNTED_STATES = ("verified", "closed")


@dataclass
class Tally:
    """Totals for one team or one volunteer."""

    key: int
    name: str
    activities: int = 0
    hours: float = 0.0
    points: int = 0
    volunteers: set = field(default_factory=set)
    teams: list = field(default_factory=list)
    rows: list = field(default_factory=list)      # per activity: date, team, title, hours


def _day(value) -> dt.date:
    return dt.datetime.fromisoformat(value).date() if "T" in value else dt.date.fromisoformat(value)


def verified_activities(runner, actor, start: dt.date, end: dt.date) -> list:
    """Verified activity records in the actor's scope whose start lies in [start, end]."""
    found = []
    for state in COUNTED_STATES:
        _total, records = runner.search(SLUG, actor, state=state, limit=100_000)
        found += [r for r in records if r.values.get("start")
                  and start <= _day(r.values["start"]) <= end]
    return sorted(found, key=lambda r: (r.values["start"], r.id))


def tallies(runner, actor, start: dt.date, end: dt.date) -> tuple:
    """(teams, volunteers): Tally lists, most hours first, over [start, end]."""
    teams, volunteers = {}, {}
    for record in verified_activities(runner, actor, start, end):
        team_id = record.values["team"]
        team_name = record.doc.get("names", {}).get("team") or f"#{team_id}"
        team = teams.setdefault(team_id, Tally(team_id, team_name))
        team.activities += 1
        for row in record.outputs.get("awards") or []:
            team.hours += row["hours"]
            team.points += row["points"]
            team.volunteers.add(row["resident"])
            person = volunteers.setdefault(row["resident"], Tally(row["resident"], row["name"]))
            person.activities += 1
            person.hours += row["hours"]
            person.points += row["points"]
            if team_name not in person.teams:
                person.teams.append(team_name)
            person.rows.append({"date": record.values["start"][:10], "team": team_name,
                                "title": record.values.get("activity_title", ""),
                                "hours": row["hours"], "points": row["points"]})
    order = (lambda t: (-t.hours, -t.points, t.name))
    return sorted(teams.values(), key=order), sorted(volunteers.values(), key=order)


def volunteer(runner, actor, resident: int, start: dt.date, end: dt.date):
    """One volunteer's Tally over [start, end] (None if they served in no verified activity)."""
    _teams, people = tallies(runner, actor, start, end)
    return next((t for t in people if t.key == int(resident)), None)
