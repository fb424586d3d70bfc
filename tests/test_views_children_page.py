"""The children page: a 社区管理员 adds a child and changes the guardian (the change listed),
a 网格员 awards a 家园小卫士 activity and the child's index shows it; refusals are shown."""

import datetime as dt

import pytest

import store
from meide import clock
from meide.demo.people import build_demo
from meide.engine import Engine
from meide.kernel.permissions import actor_from_staff
from meide.views.children_page import ChildrenPage

NOW = dt.datetime(2026, 11, 20, 10, tzinfo=clock.TIMEZONE)


@pytest.fixture
def services(tmp_path):
    opened = store.open_store(tmp_path / "data")
    build_demo(opened, residents=120, seed=8)
    with clock.frozen(NOW):
        yield Engine(opened).services
    opened.close()


def _page(services, username):
    return ChildrenPage(services=services,
                        actor=actor_from_staff(services.registry.staff.by_username(username)))


def _text(view) -> str:
    return "\n".join(str(getattr(item, "object", "")) for item in view.select())


def _adults_of_first_grid(services, count=2):
    grid = services.registry.staff.by_username("wangge")["grid"]
    return [doc for doc in services.registry.residents.list(None, grid=grid)
            if not doc.get("minor")][:count]


def test_an_administrator_adds_a_child_and_a_grid_worker_awards_it(services):
    first, second = _adults_of_first_grid(services)
    page = _page(services, "beimen")
    page.child_name.value, page.child_birth.value = "王小泽", "2016-05-01"
    page.new_guardian.value = first.doc_id
    child = page.add()
    assert child and "已添加未成年居民王小泽" in _text(page.add_outcome)
    assert "王小泽" in _text(page._index) and "诚信萌芽" in _text(page._index)
    page.link_child.value, page.link_guardian.value = child, second.doc_id
    page.link_reason.value = "父母外出务工"
    assert page.link()
    history = _text(page._history)
    assert first["name"] in history and second["name"] in history and "父母外出务工" in history

    worker = _page(services, "wangge")
    worker.award_children.value = [child]
    worker.award_rule.value = "CHILD_STUDY_HELP"
    worker.award_note.value = "四点半课堂"
    [outcome] = worker.award()
    assert outcome.points == 2
    assert "1名已加分" in _text(worker.award_outcome)
    row = next(line for line in _text(worker._index).split("<tr") if "王小泽" in line)
    assert ">2<" in row and second["name"] in row


def test_refusals_are_shown_in_chinese(services):
    page = _page(services, "beimen")
    page.child_name.value, page.child_birth.value = "王小泽", "2016-05-01"
    assert page.add() is None and "须有监护人" in _text(page.add_outcome)
    worker = _page(services, "wangge")
    worker.award_children.value = []
    assert worker.award() == [] and "请至少选择一名儿童" in _text(worker.award_outcome)


def test_a_grid_worker_lists_only_the_children_of_their_grid(services):
    grid = services.registry.staff.by_username("wangge")["grid"]
    listed = set(_page(services, "wangge").link_child.options.values())
    everyone = {doc.doc_id for doc in services.registry.residents.list(None, minor=True)}
    assert listed == {doc.doc_id for doc in services.registry.residents.list(None, minor=True)
                      if doc["grid"] == grid} and listed < everyone


def test_the_subdistrict_sets_the_rule_for_childrens_names_in_settings(services):
    from meide.children.public_names import full_names_allowed
    from meide.views.settings import SettingsPage

    def settings(username):
        return SettingsPage(registry=services.registry.acting_as(username),
                            catalogue=services.ledger.catalogue,
                            actor=actor_from_staff(services.registry.staff.by_username(username)))

    assert settings("beimen").children is None          # a community administrator: not theirs
    tab = settings("jiedao").children
    assert not tab.switch.value
    tab.switch.value = True
    assert tab.save() and full_names_allowed(services.registry.store)
    assert not tab.save() and "没有改动" in _text(tab.feedback)
    [entry] = services.registry.audit.entries(action="settings.children_full_names")
    assert entry["actor"] == "jiedao"
