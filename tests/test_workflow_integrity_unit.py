"""诚信单位 (五有+X): the card follows the kind, the subject field must match, plaques per kind."""

import datetime as dt

import pytest

from meide import clock
from meide.kernel import Actor, FieldError
from meide.kernel.documents import document_kind, template_context
from meide.printing import printer
from meide.rating.plaques import Plaques
from workflows.integrity_unit import IntegrityUnit

from .registry_support import add_resident, registry  # noqa: F401  (fixture)
from .test_views_record import page, shown

WORKER = Actor("grid1", "网格员甲", {"网格员"}, community=1, grid=1)
OFFICER = Actor("officer1", "社区干部甲", {"社区管理员"}, community=1)
REVIEWER = Actor("rev1", "评委甲", {"评审委员"}, community=1)
FIVE_HAS = "有组织：95\n有制度：90\n有阵地：92\n有活动：88\n有成效：90\n+X 特色：85"
RESIDENT = "遵守居民公约：90\n志愿服务：85\n按时缴费：100\n家庭和睦：95\n+X 特色：80"


@pytest.fixture
def runner(engine):
    with clock.frozen(dt.datetime(2026, 10, 8, 10, 0)):
        yield engine.runner


def rate(runner, **values):
    record = runner.start("integrity_unit", WORKER, {"valid_months": 12, **values})
    runner.apply("integrity_unit", record.id, "pass_review", REVIEWER)
    return runner.apply("integrity_unit", record.id, "pass_review", OFFICER)


def test_a_property_company_is_rated_on_the_five_haves_and_gets_its_plaque(runner, registry):  # noqa: F811
    unit = registry.units.add(name="金盾物业", kind="物业", community="北门社区", grid="第一网格",
                              address="北门街8号")
    record = rate(runner, kind="诚信物业", unit=unit, marks=FIVE_HAS)
    assert record.state == "approved" and record.outputs["total"] == 90.0
    assert record.outputs["level_text"] == "五星级诚信物业"
    resolved = Plaques(runner.store).resolve(record.outputs["plaque_code"])
    assert resolved.plaque["card"] == "property" and resolved.plaque["subject_kind"] == "unit"
    [document] = runner.store.table("documents").all()
    html = printer.render(document_kind(IntegrityUnit, "merchant_plaque"), template_context(
        IntegrityUnit, document, issuer="古槐街道北门社区居民委员会"), "html").content
    assert "诚信物业" in html and "金盾物业" in html and record.outputs["plaque_code"] in html


def test_a_resident_is_rated_on_the_residents_card_without_an_address(runner, registry):  # noqa: F811
    resident = add_resident(registry, name="王秀英")
    record = rate(runner, kind="诚信居民", resident=resident, marks=RESIDENT)
    assert record.outputs["plaque_title"] == "诚信居民" and record.outputs["plaque_address"] == ""
    public = Plaques(runner.store).resolve(record.outputs["plaque_code"]).public()
    assert public["name"] == "王*英"


def test_the_marks_must_be_those_of_the_kinds_card(runner, registry):  # noqa: F811
    resident = add_resident(registry, name="王秀英")
    with pytest.raises(FieldError, match="不是“诚信居民评分表”的评分项") as caught:
        runner.start("integrity_unit", WORKER, {"kind": "诚信居民", "resident": resident,
                                                "marks": FIVE_HAS, "valid_months": 12})
    assert set(caught.value.problems) == {"marks"}


@pytest.mark.parametrize("kind, field", [("诚信校园", "unit"), ("诚信商户", "merchant"),
                                         ("诚信居民", "resident")])
def test_the_field_the_kind_needs_must_be_filled(runner, kind, field):
    with pytest.raises(FieldError, match=f"评定“{kind}”请填写") as caught:
        runner.start("integrity_unit", WORKER, {"kind": kind, "marks": FIVE_HAS,
                                                "valid_months": 12})
    assert set(caught.value.problems) == {field}


def test_each_kind_uses_its_own_card():
    expected = {"诚信居委会": "committee", "诚信居民": "resident", "诚信商户": "merchant_integrity",
                "诚信物业": "property", "诚信校园": "campus"}
    assert {kind: IntegrityUnit(kind=kind).card_kind() for kind in expected} == expected


def test_the_page_leaves_out_the_subject_fields_other_kinds_use(runner, registry):  # noqa: F811
    unit = registry.units.add(name="金盾物业", kind="物业", community="北门社区", grid="第一网格")
    record = runner.start("integrity_unit", WORKER, {"kind": "诚信物业", "unit": unit,
                                                     "marks": FIVE_HAS, "valid_months": 12})
    text = shown(page(runner, record, WORKER))
    assert "金盾物业" in text and ">单位<" in text
    assert ">商户<" not in text and ">居民<" not in text and ">检查记录<" not in text


def test_a_grid_worker_finds_the_units_of_their_grid_without_typing(runner, registry):  # noqa: F811
    from meide.views.picker import ReferencePicker

    ours = registry.units.add(name="金盾物业", kind="物业", community="北门社区", grid="第一网格")
    registry.units.add(name="北门小学", kind="学校", community="北门社区", grid="第二网格")
    picker = ReferencePicker(services=runner.services, actor=WORKER, kind="unit", label="单位")
    assert list(picker.choice.options.values())[1:] == [ours]
    picker.search_box.value_input = "物业"
    assert list(picker.choice.options.values())[1:] == [ours]
    picker.search_box.value_input = ""
    assert list(picker.choice.options.values())[1:] == [ours]       # back to the grid's units
