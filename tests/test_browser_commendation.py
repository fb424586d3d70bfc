"""季度表彰 the whole way in browsers: started on the form, the quarter closed, the shortlist read
by the approver on the record page, approved, and the 光荣榜 printed from the record."""

import collections
import contextlib
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

import store
from meide import clock
from meide.engine import Engine
from meide.kernel import records
from meide.points import Catalogue, Ledger
from meide.registry import Scope

from .browser import alert, button, card, choose, expect, fill, pick_reference, sign_in

pytestmark = pytest.mark.browser

# Good deeds this quarter, per grid of 北门社区: the first two of each grid are shortlisted (2 a
# grid), the third of the first grid is ranked but left out.
DEEDS = {"第一网格": (4, 3, 1), "第二网格": (2, 1)}


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (poppler's pdftotext), whitespace removed: headings are letter-spaced."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")
    return "".join(text.split())


def prepare(folder: Path) -> dict:
    """Before serving: residents of 北门社区's first and second grids earn DEEDS good deeds in
    this quarter. Returns {grid name: [(name, points, resident id)] best first}."""
    with contextlib.closing(store.open_store(folder)) as opened:
        engine = Engine(opened)
        registry, ledger = engine.registry, engine.ledger
        beimen = registry.staff.by_username("beimen")
        named = collections.Counter(r["name"] for r in registry.residents.list(None))
        earned = {}
        for grid in registry.grids.list(None, community=beimen["community"]):
            if grid["name"] not in DEEDS:
                continue
            scope = Scope(beimen["subdistrict"], beimen["community"], grid.doc_id)
            # Adults whose name no one else has: the board and the tables are read by name.
            chosen = [r for r in registry.residents.list(scope)
                      if not r.get("minor") and named[r["name"]] == 1]
            for resident, deeds in zip(chosen, DEEDS[grid["name"]]):
                account = engine.services.account("resident", resident.doc_id)
                for deed in range(deeds):
                    ledger.award(account, "GOOD_DEED", reason="好人好事（已核实）",
                                 source="commendation-test", actor="beimen",
                                 key=f"commendation-test:{resident.doc_id}:{deed}")
                earned.setdefault(grid["name"], []).append(
                    (resident["name"], ledger.balance(f"resident:{resident.doc_id}"),
                     resident.doc_id))
        return earned


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("commendation") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    earned = prepare(folder)
    with serve_app(folder) as app:
        app.earned = earned
        yield app


def downloaded(page, label) -> bytes:
    """Click the record page's download button named exactly `label`; the file it sent."""
    with page.expect_download() as info:
        button(page, label).click()
    return Path(info.value.path()).read_bytes()


def listed(page, heading: str) -> list:
    """The rows (cell texts) of the table under the record page's heading `heading`."""
    shown = page.locator(f"h4:text-is('{heading}') + table.meide-table")
    expect(shown).to_be_visible()
    return [[cell.strip() for cell in line.locator("td").all_inner_texts()]
            for line in shown.locator("tbody tr").all()]


def test_a_commendation_is_shortlisted_read_approved_and_printed(new_page, served_app):
    app, earned = served_app, served_app.earned
    marker = uuid.uuid4().hex[:6]
    title = f"美德信用季度表彰（{marker}）"
    today = clock.today()
    quarter = (today.month - 1) // 3 + 1

    # The 社区管理员 starts it on the generated form: by grid, two a grid, the bonus by name.
    officer = sign_in(new_page(), app, "beimen")
    button(officer, "发起").first.click()
    card(officer, "季度表彰").get_by_role("button", name="发起", exact=True).click()
    expect(officer.get_by_role("heading", name="季度表彰")).to_be_visible()
    fill(officer, "表彰名称", title)
    pick_reference(officer, "社区", "北门", "北门社区")
    fill(officer, "季度", str(quarter))
    choose(officer, "排名分组", "按网格")
    fill(officer, "每组名额", "2")
    fill(officer, "最低积分", "1")
    choose(officer, "奖励规则", "季度表彰入选奖励")
    button(officer, "提交").click()
    expect(alert(officer, "success")).to_contain_text("已提交，编号为第")
    heading = officer.get_by_role("heading", name=re.compile(r"^季度表彰 第 \d+ 号："))
    expect(heading).to_contain_text(marker)
    number = int(re.search(r"第 (\d+) 号", heading.inner_text()).group(1))
    button(officer, "关闭季度并初选").click()
    expect(alert(officer, "success")).to_contain_text("排名已冻结·初选待审定")
    assert not officer.meide_errors

    # The 街道管理员 reads the shortlist and the frozen ranking on the record page.
    approver = sign_in(new_page(), app, "jiedao")
    approver.goto(app.url(f"/console?page=record:commendation:{number}"))
    expect(approver.get_by_role("heading", name=re.compile(f"^季度表彰 第 {number} 号"))) \
        .to_be_visible()
    first, second = earned["第一网格"], earned["第二网格"]
    wanted = [["第一网格", "1", first[0][0], str(first[0][1])],
              ["第一网格", "2", first[1][0], str(first[1][1])],
              ["第二网格", "1", second[0][0], str(second[0][1])],
              ["第二网格", "2", second[1][0], str(second[1][1])]]
    assert listed(approver, "入选名单") == wanted
    assert ["第一网格", "3", first[2][0], str(first[2][1])] in listed(approver, "冻结排名")
    headers = approver.locator("h4:text-is('入选名单') + table th").all_inner_texts()
    assert [h.strip() for h in headers] == ["分组", "名次", "姓名（名称）", "积分"]
    page_text = approver.locator("table.meide-table").all_inner_texts()
    assert "季度表彰入选奖励" in " ".join(page_text)
    assert not any("resident:" in text or "COMMENDATION_BONUS" in text for text in page_text)

    button(approver, "审定并发布").click()
    expect(alert(approver, "success")).to_contain_text("已发布")
    assert not approver.meide_errors

    # The 光荣榜 the approval issued, downloaded from the record page: the shortlist by grid.
    board = pdf_text(downloaded(approver, "光荣榜（PDF）"))
    assert "光荣榜" in board and marker in board
    positions = [board.index(name) for name, _, _ in (first[0], first[1], second[0], second[1])]
    assert positions == sorted(positions)
    assert board.index("第一网格") < positions[0] < board.index("第二网格") < positions[2]
    assert first[2][0] not in board                  # ranked, not shortlisted

    # What the server stored: each shortlisted resident got the bonus by its rule, once.
    with app.read_store() as opened:
        assert records.load(opened, "commendation", number).state == "published"
        ledger = Ledger(opened, Catalogue(opened))
        for name, points, resident in (first[0], first[1], second[0], second[1]):
            [bonus] = [e for e in ledger.history(f"resident:{resident}")
                       if e.source == f"commendation:{number}"]
            assert bonus.rule == "COMMENDATION_BONUS" and bonus.points == 10
        assert not [e for e in ledger.history(f"resident:{first[2][2]}")
                    if e.source == f"commendation:{number}"]
