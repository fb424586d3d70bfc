"""The sign-in sheet page on the server: per-line problems, all or nothing, then one save."""

import datetime as dt

import panel as pn
import pytest

from meide import i18n
from meide.views.batch_entry import BatchEntry, VolunteerActivities
from meide.views.console import Console

from .registry_support import registry  # noqa: F401  (fixture)
from .test_workflow_volunteer_activity import OFFICER, OFFICER2, publish, world  # noqa: F401


@pytest.fixture
def page(world):  # noqa: F811
    record = publish(world)
    with i18n.using_locale("zh_CN"):
        yield BatchEntry(runner=world["runner"], actor=OFFICER, record_id=record.id)


def feedback_text(view) -> str:
    return " ".join(str(getattr(part, "object", "")) for part in view.feedback.objects)


def shown_text(view) -> str:
    """The text of the sheet page's panes (what a browser would show), widgets left out."""
    return " ".join(str(getattr(part, "object", "")) for part in view._body.select(pn.pane.HTML)
                    + view._body.select(pn.pane.Markdown))


def test_a_sheet_with_a_bad_line_saves_nothing_and_names_the_line(page, world):  # noqa: F811
    page.sheet.value = "张晓华 3\n王伟 2\n李秀英 两小时\n赵敏 1"
    problems = page.save()
    assert problems[0].startswith("第 2 行（王伟）：有 2 位居民叫“王伟”")
    assert "第 3 行（李秀英）：时长“两小时”不是小时数" in problems[1]
    assert problems[2].startswith("第 4 行（赵敏）：您管辖的范围内没有名为“赵敏”的居民")
    assert len(problems) == 3 and "Nothing was saved" not in feedback_text(page)
    assert "未保存任何内容" in feedback_text(page) and "第 2 行（王伟）" in feedback_text(page)
    assert page.attendance.rows(page.record_id) == []


def test_a_corrected_sheet_is_saved_whole_and_shown(page, world):  # noqa: F811
    page.sheet.value = "张晓华 3\n王伟 2222 2\n\n李秀英 8:30 - 10:45"
    assert page.check() == []
    assert page.attendance.rows(page.record_id) == []          # checking saves nothing
    assert page.save() == []
    saved = {row["name"]: row["hours"] for row in page.attendance.rows(page.record_id)}
    assert saved == {"张晓华": 3, "王伟": 2, "李秀英": 2}
    assert page.sheet.value == "" and "已保存 3 行签到记录" in feedback_text(page)
    assert "王伟" in shown_text(page) and "08:30" in shown_text(page)


def test_after_verification_the_page_shows_points_and_no_sheet_box(page, world):  # noqa: F811
    runner = world["runner"]
    page.sheet.value = "张晓华 2"
    page.save()
    runner.apply("volunteer_activity", page.record_id, "submit", OFFICER)
    runner.apply("volunteer_activity", page.record_id, "verify", OFFICER2)
    page.record_page.version += 1
    shown = shown_text(page)
    assert "不能再修改签到表" in shown and page.sheet not in page._body.objects
    assert "获得积分" in shown or "计分时长" in shown
    assert page.certificate is not None
    pdf = page._certificate_pdf()
    assert pdf.getvalue().startswith(b"%PDF")


def test_the_activity_list_opens_an_activity(world):  # noqa: F811
    record = publish(world)
    view = VolunteerActivities(runner=world["runner"], actor=OFFICER)
    view.rows.open(("volunteer_activity", record.id))
    assert view.opened == record.id


def test_an_activity_opened_as_a_record_shows_its_sign_in_sheet(world):  # noqa: F811
    # From the inbox or the activity's list the console opens record:<slug>:<id>: the page
    # there has the sheet, or 提交核实 would ask for attendance nobody could type.
    record = publish(world)
    with i18n.using_locale("zh_CN"):
        console = Console(runner=world["runner"], actor=OFFICER,
                          page=f"record:volunteer_activity:{record.id}")
        assert isinstance(console.view, BatchEntry)
        assert console.view.record_page.record_id == record.id
        assert console.view.sheet in console.view._body.objects
        assert "submit" in console.view.record_page.action_buttons


def test_a_new_activity_opens_on_its_sheet_page_with_the_confirmation(world):  # noqa: F811
    with i18n.using_locale("zh_CN"):
        console = Console(runner=world["runner"], actor=OFFICER, page="form:volunteer_activity")
        form = console.view
        values = {"team": world["team"], "activity_title": "银杏树下清扫楼道",
                  "start": dt.datetime(2026, 10, 7, 8, 30), "end": dt.datetime(2026, 10, 7, 11, 30),
                  "place": "北门社区1号楼"}
        for name, value in values.items():
            form.inputs[name].value = value
        form.submit_button.clicks += 1
        assert form.record_id is not None, form.problems
        assert isinstance(console.view, BatchEntry)
        assert console.view.record_page.feedback.objects[0].alert_type == "success"
