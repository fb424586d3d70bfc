"""What a record worked out shows on its page: tables under their declared headers, figures in
words, the points it gave or took; empty fields and print data stay off."""

import html
import re

import param
import pytest

from meide import i18n
from meide.kernel import Actor, Compute, Output, Reference, State, Transition, Workflow, catalog, records
from meide.kernel.documents import _declarations
from meide.kernel.fields import outputs_of
from meide.views import outputs

from .test_views_record import page, shown
from .views_support import OFFICER, OFFICER2, XIAOHUA, runner  # noqa: F401  (fixture)


def table_outputs():
    return [pytest.param(cls, name, output, id=f"{cls.slug}-{name}")
            for cls in catalog.all_workflows() if cls.__module__.startswith("workflows.")
            for name, output in outputs_of(cls).items() if output.columns]


def sampled(cls, name):
    """What the workflow's document previews say the output holds by then, if any says."""
    for declared in _declarations(cls).values():
        if declared.sample and name in declared.sample:
            return declared.sample[name]
    return None


def made_up(output):
    """A value of the output's shape: one row per column key, with an account id beside it."""
    row = {key: f"值{number}" for number, key in enumerate(output.columns)}
    row["account"] = "resident:4242"
    return row if isinstance(output.default, dict) else [row, dict(row)]


def record_of(cls, **kept):
    return records.Record(cls.slug, 1, {"state": cls.declaration().initial, "values": {},
                                        "outputs": kept})


def text_of(parts) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", "".join(parts)))


@pytest.mark.parametrize("cls, name, output", table_outputs())
def test_every_table_output_shows_its_columns_under_their_headers(cls, name, output):
    value = sampled(cls, name) or made_up(output)
    with i18n.using_locale("zh_CN"):
        parts = outputs.outputs_html(cls, record_of(cls, **{name: value}))
    shown_html = "".join(parts)
    headers = list(output.columns.values())
    if isinstance(value, dict):
        # One row: a line of "header: value" pairs among the figures.
        for key, header in output.columns.items():
            assert f"{header}：{outputs.cell(value[key])}" in text_of(parts)
    else:
        head = re.search(r"<thead>(.*?)</thead>", shown_html).group(1)
        assert re.findall(r"<th>(.*?)</th>", head) == [html.escape(h) for h in headers]
        assert output.label in shown_html
        first = value[0]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", shown_html)[:len(headers)]
        assert cells == [html.escape(outputs.cell(first[key])) for key in output.columns]
    # What no column names (an account id) is not shown.
    assert "resident:" not in shown_html


@pytest.mark.parametrize("cls, name, output", table_outputs())
def test_every_table_output_has_english_headers(cls, name, output):
    with i18n.using_locale("en"):
        parts = outputs.outputs_html(cls, record_of(cls, **{name: made_up(output)}))
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"值\d+", "", text_of(parts)))


class Worked(Workflow):
    """A trial working out a ranking (a table), a figure, print data and a long list."""

    slug = "test_worked"
    title = "测试结果"
    start_roles = ("社区管理员", "街道管理员")
    scope_field = "community"
    note = param.String(default="", doc="说明。", label="说明")
    witness = param.String(default="", doc="可不填。", label="见证人")
    community = Reference(kind="community", doc="不填为您所在的社区。", label="社区", blank="全街道")
    total = Output("总分", "算出的总分。")
    ranking = Output("冻结排名", "算出的排名。", default=[],
                     columns={"rank": "名次", "name": "姓名", "points": "积分"})
    best = Output("第一名", "排在最前的。", default={}, columns={"name": "姓名", "points": "积分"})
    printed = Output("印制数据", "只给文书用。", default={}, shown=False)
    everyone = Output("全体", "很长的名单。", default=[], columns={"name": "姓名"})
    states = [State("open", "待算"), State("worked", "已算", final=True)]
    transitions = [Transition("work", "计算", "open", "worked", roles=("社区管理员",))]
    effects = {"worked": [Compute("work_out")]}

    def work_out(self, services) -> dict:
        rows = [{"rank": 1, "name": "张晓华", "points": 30.0, "account": "resident:1"},
                {"rank": 2, "name": "李明", "points": 20.5, "account": "resident:2"}]
        return {"total": 95.0, "ranking": rows, "best": rows[0],
                "printed": {"title": "印制专用标题"},
                "everyone": [{"name": f"居民{n}"} for n in range(outputs.ROWS_SHOWN + 5)]}


def test_a_ranking_is_a_table_with_headers_and_a_long_list_says_how_many_more(runner):  # noqa: F811,E501
    record = runner.start("test_worked", OFFICER, {"note": "x"})
    before = shown(page(runner, record, OFFICER))
    assert "冻结排名" not in before and "计算结果" not in before      # not worked out yet
    record = runner.apply("test_worked", record.id, "work", OFFICER)
    text = shown(page(runner, record, OFFICER))
    assert "<th>名次</th><th>姓名</th><th>积分</th>" in text
    assert "<td class='meide-short'>张晓华</td><td class='meide-short'>30</td>" in text
    assert "20.5" in text and "resident:1" not in text
    assert "姓名：张晓华；积分：30" in text                           # one row: a line
    assert "印制专用标题" not in text and "印制数据" not in text      # print data stays off
    assert f"居民{outputs.ROWS_SHOWN - 1}<" in text and f"居民{outputs.ROWS_SHOWN}<" not in text
    assert f"共 {outputs.ROWS_SHOWN + 5} 行，此处列出前 {outputs.ROWS_SHOWN} 行" in text


def test_empty_fields_are_left_out_and_an_empty_community_says_the_whole_subdistrict(runner):  # noqa: F811,E501
    # Left blank by a subdistrict administrator (a community officer's is filled with theirs).
    street = Actor("street1", "街道干部", {"街道管理员"}, subdistrict=OFFICER.subdistrict)
    text = shown(page(runner, runner.start("test_worked", street, {"note": "只填说明"}), street))
    assert "只填说明" in text
    assert "见证人" not in text                    # empty and optional: not this record's
    assert "<td class='meide-short'>社区</td><td class='meide-short'>全街道</td>" in text


def test_the_points_a_record_gave_are_listed_and_a_reversal_is_marked(runner):  # noqa: F811
    ledger = runner.services.ledger
    account = runner.services.account("resident", XIAOHUA)
    ledger.award(account, "GOOD_DEED", reason="好人好事：起步", source="test:0", actor="officer1",
                 key="earned")
    record = runner.start("deduction", OFFICER, {
        "resident": XIAOHUA, "rule": "COVENANT_CLUTTER", "occurred_on": "2026-09-30",
        "facts": "楼道堆放纸箱", "evidence": "楼道.jpg"})
    record = runner.apply("deduction", record.id, "confirm", OFFICER2)
    text = shown(page(runner, record, OFFICER))
    assert "本记录的积分变动" in text and "违反居民楼道公约：楼道堆放纸箱" in text
    assert re.search(r"张晓华</td><td[^>]*>-\d+</td>", text) and "已冲正" not in text
    [entry] = outputs.entries_written(record)
    ledger.reverse(entry, reason="申诉成立", actor="officer1", key="undo")
    assert "已冲正" in shown(page(runner, record, OFFICER))


def test_a_page_without_a_ledger_lists_no_points(runner):  # noqa: F811
    class Bare:
        ledger = None
    record = records.Record("good_deed", 1, {"effects": [{"seq": 1, "done": [
        {"effect": "award", "entry": 1, "points": 5}]}]})
    assert outputs.points_html(Bare(), record) == []
    assert outputs.entries_written(record) == [1]


def test_cells_show_dates_in_words_and_whole_numbers_without_a_point():
    with i18n.using_locale("zh_CN"):
        assert outputs.cell(None) == "—" and outputs.cell(True) == "是"
        assert outputs.cell(90.0) == "90" and outputs.cell(88.25) == "88.25"
        assert outputs.cell("2026-10-01") == "2026年10月1日"
        assert outputs.cell(["甲", "乙"]) == "甲、乙"
