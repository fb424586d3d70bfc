"""志愿服务 in a real browser: a 社区管理员 types a paper sign-in sheet with bad lines, sees each
line's problem, corrects them, saves, submits and verifies; the ledger pays each volunteer."""

import shutil
from collections import Counter

import pytest

import store
from meide.engine import Engine
from meide import clock
from meide.kernel import actor_from_staff, records
from meide.points import Catalogue, Ledger
from meide.registry import Registry, Scope

from .browser import alert, button, expect, field, row, sign_in, table_rows

pytestmark = pytest.mark.browser


def prepare(folder) -> dict:
    """An activity of a 北门社区 team published by the 街道管理员 (so that the 社区管理员 may
    verify it), and three residents of beimen's community whose names are unique there."""
    with store.open_store(folder) as opened:
        registry = Registry(opened)
        officer = registry.staff.by_username("beimen")
        scope = Scope(officer["subdistrict"], officer["community"], officer.get("grid"))
        residents = registry.residents.list(scope)
        counts = Counter(doc["name"] for doc in residents)
        unique = [doc for doc in residents if counts[doc["name"]] == 1 and not doc.get("minor")]
        team = registry.teams.list(scope)[0]
        runner = Engine(opened).runner
        today = clock.now().date()
        record = runner.start("volunteer_activity", actor_from_staff(
            registry.staff.by_username("jiedao")), {
            "team": team.doc_id, "activity_title": "浏览器测试·清扫楼道",
            "start": f"{today}T08:30:00", "end": f"{today}T11:30:00",
            "place": "北门社区1号楼", "slots": 10, "rule": "VOLUNTEER_HOUR"})
        return {"record": record.id, "team": team["name"],
                "people": [(doc.doc_id, doc["name"]) for doc in unique[:3]]}


def test_a_paper_sheet_is_typed_corrected_saved_and_verified(serve_app, demo_data, tmp_path,
                                                            page):
    folder = tmp_path / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    facts = prepare(folder)
    (first, a), (second, b), (third, c) = facts["people"]
    with serve_app(folder) as app:
        sign_in(page, app, "beimen")
        button(page, "签到表录入").click()
        # The home page lists the activity too: wait for the volunteer page before using rows.
        expect(page.get_by_role("heading", name="志愿服务", exact=True)).to_be_visible()
        activity = row(page, "浏览器测试·清扫楼道")
        expect(activity).to_contain_text("已发布·报名中")
        activity.get_by_role("button", name="打开").click()
        expect(page.get_by_role("heading", name="录入纸质签到表")).to_be_visible()

        # Typed as on paper; the third line's person is not in the community, the fourth's
        # hours are not a number: nothing is saved, and each line says what to fix.
        sheet = field(page, "签到表")
        sheet.fill(f"{a} 2\n{b} 8:30-10:00\n查无此人 3\n{c} 两个钟头")
        sheet.blur()
        button(page, "保存签到表").click()
        expect(alert(page, "danger")).to_contain_text("未保存任何内容")
        expect(page.get_by_text("第 3 行（查无此人）：您管辖的范围内没有名为“查无此人”的居民",
                                exact=False)).to_be_visible()
        expect(page.get_by_text(f"第 4 行（{c}）：时长“两个钟头”不是小时数", exact=False)
               ).to_be_visible()
        expect(page.get_by_text("还没有签到记录。")).to_be_visible()

        sheet.fill(f"{a} 2\n{b} 8:30-10:00\n{c} 3")
        sheet.blur()
        button(page, "保存签到表").click()
        expect(alert(page, "success")).to_contain_text("已保存 3 行签到记录")
        attendance = table_rows(page, "志愿者", count=3)
        assert [(line[0], line[1]) for line in attendance] == [(a, "2"), (b, "1.5"), (c, "3")]

        # Submitted, then verified by the same officer (the 街道管理员 published it).
        button(page, "签到结束，提交核实").click()
        expect(page.get_by_text("当前状态：待核实", exact=True)).to_be_visible()
        expect(page.get_by_text("活动当前为“待核实”，不能再修改签到表。")).to_be_visible()
        button(page, "核实通过").click()
        expect(page.get_by_text("当前状态：已核实·积分已发放", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name="计分结果", level=3)).to_be_visible()
        assert not page.meide_errors

    with store.open_store(folder, readonly=True) as opened:
        record = records.load(opened, "volunteer_activity", facts["record"])
        assert record.state == "verified"
        report = {row["resident"]: row for row in record.outputs["awards"]}
        ledger = Ledger(opened, Catalogue(opened))
        for resident, hours in ((first, 2), (second, 1.5), (third, 3)):
            entries = [e for e in ledger.history(f"resident:{resident}")
                       if e.source == f"volunteer_activity:{facts['record']}"]
            assert report[resident]["hours"] == hours
            if report[resident]["note"]:             # the demo's earlier hours hit a cap
                assert "上限" in report[resident]["note"]
                continue
            [entry] = entries
            assert entry.rule == "VOLUNTEER_HOUR" and entry.quantity == hours
            assert entry.points == int(hours * 2 + 0.5) and entry.actor == "beimen"
        assert sum(e["points"] for e in report.values()) > 0
