"""The registry page: scoped on the server, masked, searched, sorted and paged."""

import pytest

import store
from meide.demo.people import build_demo
from meide.registry import Registry
from meide.views.registry_page import PAGE_SIZE, RegistryPage


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    opened = store.open_store(tmp_path_factory.mktemp("registry-page"))
    build_demo(opened, residents=400, seed=6)
    yield Registry(opened)
    opened.close()


def test_a_grid_worker_pages_through_their_grid_only(registry):
    worker = registry.acting_as("wangge")
    page = RegistryPage(registry=worker)
    mine = worker.residents.list(None)
    rows, total = page.rows()
    assert total == len(mine) < len(registry.residents.list(None))
    assert len(rows) == min(PAGE_SIZE, total)
    assert {row[-1] for row in rows} == {"第一网格"}
    page.page = 1
    second, _ = page.rows()
    assert [r[0] for r in second] == [d["name"] for d in mine[PAGE_SIZE:2 * PAGE_SIZE]]


def test_phone_and_id_numbers_are_masked_in_the_list(registry):
    rows, _ = RegistryPage(registry=registry.acting_as("jiedao")).rows()
    phones = [row[3] for row in rows if row[3]]
    assert phones and all("****" in phone and len(phone) == 11 for phone in phones)
    assert all("*" in row[4] for row in rows if row[4])
    full = {doc["phone"] for doc in registry.residents.list(None) if doc.get("phone")}
    assert not full & {cell for row in rows for cell in row}


def test_searching_outside_the_scope_finds_nothing(registry):
    outsider = next(d for d in registry.residents.list(None)
                    if d["community"] != registry.communities.named("北门社区").doc_id)
    page = RegistryPage(registry=registry.acting_as("beimen"))
    page.query = outsider["name"]
    assert outsider["address"] not in {row[5] for row in page.rows()[0]}
    page_all = RegistryPage(registry=registry.acting_as("jiedao"), query=outsider["name"])
    assert outsider["address"] in {row[5] for row in page_all.rows()[0]}


def test_sorting_by_age_and_by_name_in_pinyin(registry):
    page = RegistryPage(registry=registry.acting_as("beimen"), sort=2, descending=True)
    ages = [int(row[2]) for row in page.rows()[0]]
    assert ages == sorted(ages, reverse=True)
    page.param.update(sort=0, descending=False)
    names = [row[0] for row in page.rows()[0]]
    from pypinyin import lazy_pinyin
    keys = ["".join(lazy_pinyin(name)) for name in names]
    assert keys == sorted(keys)


def test_other_books_list_within_scope(registry):
    page = RegistryPage(registry=registry.acting_as("beimen"), book="teams")
    names = [row[0] for row in page.rows()[0]]
    assert "星火志愿服务队" in names and all(row[3] == "北门社区" for row in page.rows()[0])


def test_the_page_buttons_turn_pages_and_a_disabled_one_turns_none(registry):
    page = RegistryPage(registry=registry.acting_as("jiedao"))
    page.pager.turn(-1)                             # the previous page of the first: disabled
    assert page.page == 0 and "第 1/" in page.pager.status
    page.pager.turn(1)
    assert page.page == 1 and "第 2/" in page.pager.status
    page.pager.turn(-1)
    assert page.page == 0
