"""The record page shows what the workflow worked out (its declared outputs) under their labels."""

import param

from meide.kernel import Compute, Output, Reference, State, Transition, Workflow

from .test_views_record import page, shown
from .views_support import OFFICER, runner  # noqa: F401  (fixture)


class Scored(Workflow):
    """A trial whose effect works out a total and a ranking."""

    slug = "test_scored"
    title = "测试评分"
    start_roles = ("社区管理员",)
    scope_field = "place"
    note = param.String(default="", doc="说明。", label="说明")
    place = Reference(kind="community", doc="社区。", label="社区")
    total = Output("检查得分", "算出的总分。")
    ranking = Output("冻结排名", "算出的排名。", default=[])
    states = [State("open", "待评"), State("scored", "已评分", final=True)]
    transitions = [Transition("score", "评分", "open", "scored", roles=("社区管理员",))]
    effects = {"scored": [Compute("work_out")]}

    def work_out(self, services) -> dict:
        return {"total": 95, "ranking": [{"name": "张晓华", "points": 30},
                                         {"name": "李明", "points": 20}]}


def test_outputs_show_under_their_labels_once_worked_out(runner, catalogue_restored):  # noqa: F811
    record = runner.start("test_scored", OFFICER, {"note": "x"})
    assert "检查得分" not in shown(page(runner, record, OFFICER))
    record = runner.apply("test_scored", record.id, "score", OFFICER)
    text = shown(page(runner, record, OFFICER))
    assert "计算结果" in text and "检查得分" in text and "95" in text
    assert "张晓华、30；李明、20" in text
    assert record.outputs["total"] == 95 and "total" not in record.values


class Drawn(Workflow):
    """A trial keeping one output for itself (who holds which ticket) beside one it shows."""

    slug = "test_drawn"
    title = "测试抽取"
    start_roles = ("社区管理员",)
    scope_field = "place"
    note = param.String(default="", doc="说明。", label="说明")
    place = Reference(kind="community", doc="社区。", label="社区")
    shown_list = Output("公开名单", "可公开的名单。", default="", file="名单.txt")
    holders = Output("持票居民", "只供流程自己读。", default=[], shown=False)
    states = [State("open", "待抽"), State("drawn", "已抽", final=True)]
    transitions = [Transition("draw", "抽取", "open", "drawn", roles=("社区管理员",))]
    effects = {"drawn": [Compute("work_out")]}

    def work_out(self, services) -> dict:
        return {"shown_list": "1 张*华", "holders": [4242]}


def test_an_output_declared_not_shown_stays_off_the_page(runner, catalogue_restored):  # noqa: F811
    record = runner.start("test_drawn", OFFICER, {"note": "x"})
    record = runner.apply("test_drawn", record.id, "draw", OFFICER)
    text = shown(page(runner, record, OFFICER))
    assert "公开名单" in text and "1 张*华" in text
    assert "持票居民" not in text and "4242" not in text
    assert record.outputs["holders"] == [4242]


def test_an_output_declared_as_a_file_is_offered_byte_for_byte(runner, catalogue_restored):  # noqa: F811,E501
    record = runner.start("test_drawn", OFFICER, {"note": "x"})
    assert page(runner, record, OFFICER).file_downloads == {}      # nothing worked out yet
    record = runner.apply("test_drawn", record.id, "draw", OFFICER)
    view = page(runner, record, OFFICER)
    offered = view.file_downloads["shown_list"]
    assert offered.label == "公开名单（文本文件）" and offered.filename == "测试抽取-第1号-公开名单.txt"
    assert offered.callback().read() == "1 张*华".encode("utf-8")
    assert list(view.file_downloads) == ["shown_list"]
