"""好人好事 end to end on the real registry and ledger: report, verify, points, story."""

import datetime as dt

import pytest

from meide import clock
from meide.kernel import Actor, PermissionDenied, TransitionError
from meide.kernel.documents import template_context
from meide.printing.environment import render
from workflows.good_deed import GoodDeed

from .registry_support import add_resident, registry  # noqa: F401  (fixture)

WORKER = Actor("grid1", "网格员甲", {"网格员"}, community=1, grid=1)   # ids from registry_support
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
HANLIN_OFFICER = Actor("officer2", "翰林街干部", {"社区管理员"}, community=2)


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield engine.runner


def report(runner, resident, **values):
    fields = {"resident": resident, "deed_date": "2026-10-07", "category": "GOOD_DEED",
              "deed": "帮独居老人修好了漏水的水管", **values}
    return runner.start("good_deed", WORKER, fields)


def test_the_ids_used_here_match_the_registry(registry):  # noqa: F811
    assert registry.communities.get(1)["name"] == "北门社区"
    assert registry.grids.get(1)["name"] == "第一网格"


def test_verified_deed_awards_points_once_by_rule(runner, registry):  # noqa: F811
    resident = add_resident(registry)
    record = report(runner, resident)
    assert record.scope["community"] == 1 and record.doc["names"]["resident"] == "张晓华"
    verified = runner.apply("good_deed", record.id, "verify", OFFICER, key="click-1")
    runner.apply("good_deed", record.id, "verify", OFFICER, key="click-1")   # double click
    assert verified.state == "verified"
    ledger = runner.services.ledger
    assert ledger.balance(f"resident:{resident}") == 5
    [entry] = ledger.history(f"resident:{resident}")
    assert entry.rule == "GOOD_DEED" and entry.source == f"good_deed:{record.id}"
    assert "漏水的水管" in entry.reason


def test_the_reporter_cannot_verify_and_other_communities_cannot_see(runner, registry):  # noqa: F811
    record = report(runner, add_resident(registry))
    with pytest.raises(PermissionDenied):
        runner.apply("good_deed", record.id, "verify", WORKER)
    with pytest.raises(Exception, match="找不到"):
        runner.apply("good_deed", record.id, "verify", HANLIN_OFFICER)


def test_a_returned_report_can_be_completed_and_resubmitted(runner, registry):  # noqa: F811
    record = report(runner, add_resident(registry))
    runner.apply("good_deed", record.id, "send_back", OFFICER, comment="请补充受助人姓名")
    again = runner.apply("good_deed", record.id, "resubmit", WORKER,
                         changes={"witness": "李秀英"})
    assert again.state == "reported" and again.values["witness"] == "李秀英"
    history = runner.history("good_deed", record.id, OFFICER)
    assert history[-1]["changes"] == {"witness": "李秀英"}


def test_publishing_a_story_needs_a_title_and_puts_it_on_the_board(runner, registry):  # noqa: F811
    record = report(runner, add_resident(registry))
    runner.apply("good_deed", record.id, "verify", OFFICER)
    with pytest.raises(TransitionError, match="故事标题"):
        runner.apply("good_deed", record.id, "publish", OFFICER)
    published = runner.apply("good_deed", record.id, "publish", OFFICER,
                             changes={"story_title": "邻里之间一把扳手"})
    assert published.state == "published"
    [story] = registry.store.table("boards").all()
    assert story["board"] == "stories" and story["person_name"] == "张晓华"
    assert story["text"] == "帮独居老人修好了漏水的水管" and story["photo"] == ""   # the deed
    [document] = registry.store.table("documents").all()
    assert document["kind"] == "story" and document["names"] == {"resident": "张晓华"}


def test_a_story_may_have_its_own_text_and_a_photo(runner, registry):  # noqa: F811
    record = report(runner, add_resident(registry))
    runner.apply("good_deed", record.id, "verify", OFFICER)
    published = runner.apply("good_deed", record.id, "publish", OFFICER, changes={
        "story_title": "一把扳手", "story_text": "张大爷家的水管半夜漏水……", "photo": "扳手.jpg"})
    assert published.values["story_text"] == "张大爷家的水管半夜漏水……"
    [story] = registry.store.table("boards").all()
    assert story["text"] == "张大爷家的水管半夜漏水……" and story["photo"] == "扳手.jpg"
    [document] = registry.store.table("documents").all()
    html = render("good_deed/story.html",
                  **template_context(GoodDeed, document, issuer="古槐街道北门社区居委会"))
    assert "扳手.jpg" in html and "半夜漏水" in html and "2026年10月8日" in html


def test_monthly_cap_stops_verification_with_the_reason(runner, registry):  # noqa: F811
    resident = add_resident(registry)
    for day in range(6):        # GOOD_DEED: 5 points, at most 30 a month
        runner.apply("good_deed", report(runner, resident).id, "verify", OFFICER)
    record = report(runner, resident)
    with pytest.raises(TransitionError, match="上限"):
        runner.apply("good_deed", record.id, "verify", OFFICER)
    assert runner.get("good_deed", record.id, OFFICER).state == "reported"
    assert runner.services.ledger.balance(f"resident:{resident}") == 30


def test_households_are_found_by_address_number_or_head(runner, registry):  # noqa: F811
    resident = add_resident(registry, name="王秀兰")
    household = registry.residents.get(resident)["household"]
    number = registry.households.get(household)["number"]
    for text in ("王秀兰", "1号楼1单元301", *([number] if number else [])):
        found = runner.services.search("household", text, OFFICER)
        assert [doc_id for doc_id, _ in found] == [household], text
    label = runner.services.describe("household", household)
    assert "王秀兰" in label and "1号楼1单元301" in label
    assert runner.services.search("household", "王秀兰", HANLIN_OFFICER) == []
