"""The demo: 古槐街道's own communities, teams and people, the same for the same seed."""

import pytest

import store
from meide.demo.people import build_demo
from meide.registry import Registry


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    opened = store.open_store(tmp_path_factory.mktemp("demo"))
    result = build_demo(opened, residents=600, seed=11)
    yield Registry(opened), result
    opened.close()


def test_the_programme_communities_are_there(demo):
    registry, _ = demo
    assert [c["name"] for c in registry.communities.list()] == ["北门社区", "翰林街社区", "铁塔寺社区",
                                                               "关帝庙社区"]
    assert registry.subdistricts.only()["name"] == "古槐街道"
    assert registry.buildings.list(estate="书香苑")


def test_beimen_has_its_five_volunteer_teams(demo):
    registry, _ = demo
    names = [t["name"] for t in registry.teams.list(registry.scope_named("北门社区"))]
    assert names == ["星火志愿服务队", "星矢志愿服务队", "星使志愿服务队", "济水情志愿服务队",
                     "和家好邻居志愿服务队"]


def test_the_requested_number_of_valid_residents_is_made(demo):
    registry, result = demo
    assert result["residents"] == registry.residents.count() == 600
    for resident in registry.residents.list():
        doc, problems = registry.residents._prepare({**resident})
        assert not [p for p in problems if p.level == "error"], (resident, problems)


def test_tietasi_is_the_oldest_community(demo):
    registry, _ = demo

    def elderly_share(name):
        people = registry.residents.list(registry.scope_named(name))
        return sum(r["birth_date"] < "1966-01-01" for r in people) / len(people)

    assert elderly_share("铁塔寺社区") > max(elderly_share(n) for n in ("北门社区", "翰林街社区"))


def test_minors_have_a_guardian_in_their_household(demo):
    registry, _ = demo
    minors = registry.residents.list(minor=True)
    assert minors
    for child in minors:
        guardian = registry.residents.get(child["guardian"])
        assert guardian["household"] == child["household"] and not guardian["minor"]


def test_every_role_has_an_account_that_signs_in_with_the_printed_password(demo):
    registry, result = demo
    assert set(result["roles"].values()) == {"街道管理员", "社区管理员", "网格员", "楼长", "超市管理员",
                                             "评审委员"}
    for username, password in result["accounts"].items():
        assert registry.staff.authenticate(username, password)["roles"] == [result["roles"][username]]


def test_the_same_seed_gives_the_same_people(tmp_path):
    names = []
    for run in range(2):
        with store.open_store(tmp_path / str(run)) as opened:
            build_demo(opened, residents=50, seed=3)
            names.append([(r["name"], r["id_number"]) for r in Registry(opened).residents.list()])
    assert names[0] == names[1]
