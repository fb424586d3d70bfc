"""Hours and points per team and per volunteer over a period; the volunteer-hours certificate."""

import datetime as dt

import pytest

from meide.kernel import WorkflowError
from meide.volunteer import stats
from meide.rating.certificates import Certificates
from meide.volunteer.certificate import certificate_data, print_certificate

from .registry_support import registry  # noqa: F401  (fixture)
from .test_workflow_volunteer_activity import (  # noqa: F401  (world is a fixture)
    HANLIN_OFFICER, OFFICER, OFFICER2, publish, sheet, world)

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def verified(world, hours, **values):  # noqa: F811
    record = publish(world, **values)
    sheet(world, record, hours)
    world["runner"].apply("volunteer_activity", record.id, "submit", OFFICER)
    return world["runner"].apply("volunteer_activity", record.id, "verify", OFFICER2)


def test_teams_and_volunteers_add_up_over_the_period(world):  # noqa: F811
    verified(world, {"zhang": 3, "li": 1.5})
    verified(world, {"zhang": 2}, activity_title="敬老院包饺子", start="2026-09-20T08:30:00",
             end="2026-09-20T11:30:00")
    verified(world, {"li": 2}, start="2025-12-20T08:30:00", end="2025-12-20T11:30:00")
    publish(world)                                     # not verified: not counted
    teams, people = stats.tallies(world["runner"], OFFICER, *YEAR)
    [team] = teams
    assert (team.name, team.activities, len(team.volunteers), team.hours, team.points) == (
        "星火志愿服务队", 2, 2, 6.5, 13)
    assert [(p.name, p.activities, p.hours, p.points) for p in people] == [
        ("张晓华", 2, 5, 10), ("李秀英", 1, 1.5, 3)]
    assert stats.tallies(world["runner"], HANLIN_OFFICER, *YEAR) == ([], [])


def test_the_certificate_lists_the_verified_activities(world):  # noqa: F811
    verified(world, {"zhang": 3})
    resident = world["people"]["zhang"]
    data = certificate_data(world["runner"], OFFICER, resident, *YEAR, "北门社区居民委员会")
    assert (data["recipient"], data["hours"], data["points"]) == ("张晓华", 3, 6)
    assert data["teams"] == ["星火志愿服务队"] and data["activities"][0]["title"] == "银杏树下清扫楼道"
    html = print_certificate(world["runner"], OFFICER, resident, *YEAR, "北门社区居民委员会",
                             "html").content
    assert "志愿服务时长证明" in html and "累计志愿服务时长<b>3</b>小时" in html
    assert "2026年01月01日" not in html and "2026年1月1日至2026年12月31日" in html
    assert "草稿" not in html
    with pytest.raises(WorkflowError, match="没有该居民经核实的志愿服务记录"):
        certificate_data(world["runner"], OFFICER, world["people"]["li"], *YEAR, "北门社区")


def test_the_certificate_is_numbered_once_and_the_number_resolves(world):  # noqa: F811
    verified(world, {"zhang": 3})
    resident = world["people"]["zhang"]
    first = certificate_data(world["runner"], OFFICER, resident, *YEAR, "北门社区居民委员会")
    again = certificate_data(world["runner"], OFFICER, resident, *YEAR, "北门社区居民委员会")
    assert first["number"].startswith("ZS-") and again["number"] == first["number"]
    facts = Certificates(world["runner"].store).resolve(first["number"]).public()
    assert (facts["kind"], facts["holder"], facts["office"]) == ("志愿服务时长证明", "张*华",
                                                                 "北门社区居民委员会")
    html = print_certificate(world["runner"], OFFICER, resident, *YEAR, "北门社区居民委员会",
                             "html").content
    assert first["number"] in html and "segno" in html
