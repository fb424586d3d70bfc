"""Boards honour only: a quarterly 光荣榜 and a 季度表彰 shortlist never list a deduction."""

import datetime as dt

import pytest

from meide import clock
from meide.engine import Engine
from meide.periods import Period
from meide.points import default_catalogue
from meide.printing import printer
from meide.recognition import commendation
from meide.reports import printouts

from .printing_support import pdf_text
from .registry_support import add_resident, small_registry

# (name, 邻里互助 awards, 楼道公约 deductions of 2 points): 丁德明 lost more than he earned.
RESIDENTS = (("王秀英", 2, 0), ("欧阳建国", 1, 1), ("张晓华", 0, 0), ("丁德明", 1, 4))


@pytest.fixture(scope="module")
def quarter(tmp_path_factory):
    """北门社区's 2026Q3: awards under NEIGHBOUR_HELP and 楼道公约 deductions (-2分 each)."""
    registry = small_registry(tmp_path_factory.mktemp("printouts") / "data")
    try:
        with clock.frozen(dt.datetime(2026, 8, 3, 10, 0)):
            engine = Engine(registry.store)
            default_catalogue.install(engine.catalogue)
            ledger, services = engine.services.ledger, engine.services
            for number, (name, awards, deductions) in enumerate(RESIDENTS):
                resident = add_resident(registry, name=name, phone=f"1391234{number:04d}",
                                        room=f"{number + 1}01")
                account = services.account("resident", resident)
                # Enough earned beforehand (another quarter) that every deduction is taken whole.
                with clock.frozen(dt.datetime(2026, 5, 3, 10, 0)):
                    ledger.award(account, "GOOD_DEED", reason="好人好事", source="test:0",
                                 actor="staff:1", key=f"before:{resident}")
                for award in range(awards):
                    ledger.award(account, "NEIGHBOUR_HELP", reason="邻里互助", source="test:1",
                                 actor="staff:1", key=f"award:{resident}:{award}")
                for deduction in range(deductions):
                    ledger.deduct(account, "COVENANT_CLUTTER", reason="楼道堆放杂物",
                                  source="test:2", actor="staff:1", evidence="photo.jpg",
                                  key=f"deduct:{resident}:{deduction}")
            community = registry.communities.resolve("北门社区", None)
            board = printouts.quarterly_board(registry, ledger, community, Period.parse("2026Q3"))
        yield engine, board
    finally:
        registry.store.close()


def test_the_quarter_really_has_deductions(quarter):
    engine, _ = quarter
    start, end = Period.parse("2026Q3").bounds
    ranking = engine.services.ledger.ranking(start, end, by="category", kind="resident")
    assert any(row.group == "楼道公约" and row.points < 0 for row in ranking)


def test_a_quarterly_board_has_no_deduction_category_and_no_negative_total(quarter):
    _, board = quarter
    titles = [section["title"] for section in board["sections"]]
    assert "楼道公约" not in titles and titles
    points = [entry["points"] for section in board["sections"] for entry in section["entries"]]
    assert points and all(value > 0 for value in points)


def test_a_resident_is_on_the_board_for_what_they_earned_whatever_they_lost(quarter):
    _, board = quarter
    sections = {section["title"]: section["entries"] for section in board["sections"]}
    assert set(sections) == {"邻里互助"}
    assert {entry["name"]: entry["points"] for entry in sections["邻里互助"]} == {
        "王秀英": 6, "欧阳建国": 3, "丁德明": 3}    # 张晓华 earned nothing this quarter


def test_the_printed_board_shows_no_deduction(quarter):
    _, board = quarter
    text = pdf_text(printer.render("board", board, "pdf").content)
    assert "楼道公约" not in text and "-2" not in text and "－" not in text
    assert "邻里" in text or "王秀英" in text


def test_a_commendation_shortlist_never_takes_a_deduction(quarter):
    engine, _ = quarter
    rows = commendation.freeze(engine.services, Period.parse("2026Q3"), by="category")
    assert any(row["points"] < 0 for row in rows)          # the frozen ranking shows them all
    listed = commendation.shortlist(rows)
    assert listed and all(row["points"] > 0 and row["group"] != "楼道公约" for row in listed)
