"""How values look: choice labels, names, local dates, escaped tables, errors without tracebacks."""

import param

from meide import i18n
from meide.kernel import PermissionDenied
from meide.kernel.fields import Reference
from meide.views import display

from .views_support import LIMING, runner  # noqa: F401


def test_values_read_as_staff_expect(runner):
    services = runner.services
    choice = param.Selector(default="A", objects={"甲类": "A"}, label="类别")
    assert display.value_text(services, choice, "A") == "甲类"
    assert display.value_text(services, Reference(kind="resident", label="居民"), LIMING) == "李明"
    assert display.value_text(services, param.Boolean(label="公开"), True) == "是"
    assert display.value_text(services, param.CalendarDate(label="日期"), "2026-10-01") == (
        "2026年10月1日")
    assert display.value_text(services, param.String(label="备注"), "") == display.EMPTY


def test_a_name_the_registry_cannot_give_falls_back_to_the_number(runner):
    assert display.value_text(runner.services, Reference(kind="resident", label="居民"), 99) == (
        "（已删除的记录 99）")


def test_moments_follow_the_language():
    assert display.moment("2026-10-01T09:05:00+08:00") == "2026年10月1日 09:05"
    with i18n.using_locale("en"):
        assert display.moment("2026-10-01T09:05:00+08:00") == "1 Oct 2026 09:05"


def test_kernel_errors_keep_their_words_and_others_stay_hidden():
    assert "请由其他人员办理" in display.failure(PermissionDenied("请由其他人员办理")).object
    hidden = display.failure(KeyError("values")).object
    assert "values" not in hidden and "KeyError" not in hidden


def test_tables_escape_their_cells():
    html = display.table(["a"], [["<b>x</b>"]]).object
    assert "<b>x" not in html and "&lt;b&gt;x" in html


def test_short_table_cells_are_kept_on_one_line():
    html = display.table(["办理人", "变更内容"], [["张晓东", "事迹：" + "帮" * 40]]).object
    assert "<td class='meide-short'>张晓东</td>" in html
    assert "<td>事迹：" in html and "white-space: nowrap" in display.TABLE_CSS
