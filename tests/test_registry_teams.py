"""Volunteer teams: a community, a leader who is a member, members who are residents."""

import pytest

from meide.registry import ValidationError
from tests.registry_support import add_resident, registry  # noqa: F401


def test_the_leader_is_always_a_member(registry):
    leader = add_resident(registry)
    team = registry.teams.get(registry.teams.add(name="星火志愿服务队", community="北门社区",
                                                 leader=leader, brand="桑榆未晚"))
    assert team["leader"] == leader and team["members"] == [leader]


def test_members_are_added_once_and_the_leader_cannot_be_removed(registry):
    leader = add_resident(registry)
    member = add_resident(registry, name="李秀英", phone="13912345678")
    team = registry.teams.add(name="星矢志愿服务队", community="北门社区", leader=leader)
    registry.teams.add_member(team, member)
    registry.teams.add_member(team, member)
    assert registry.teams.get(team)["members"] == [leader, member]
    assert [t["name"] for t in registry.teams.of_resident(member)] == ["星矢志愿服务队"]
    with pytest.raises(ValidationError, match="队长"):
        registry.teams.remove_member(team, leader)
    registry.teams.remove_member(team, member)
    assert registry.teams.get(team)["members"] == [leader]


def test_members_must_be_registered_residents(registry):
    with pytest.raises(ValidationError, match="居民（编号999）不存在"):
        registry.teams.add(name="星使志愿服务队", community="北门社区", members=[999])


def test_team_names_are_unique_in_a_community(registry):
    registry.teams.add(name="和家好邻居志愿服务队", community="北门社区")
    with pytest.raises(ValidationError, match="已有服务队"):
        registry.teams.add(name="和家好邻居志愿服务队", community="北门社区")
    registry.teams.add(name="和家好邻居志愿服务队", community="翰林街社区")
