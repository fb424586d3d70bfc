"""Staff-edited templates: unsafe constructs refused at save, limits, versions, rollback, audit."""

import pytest

import store
from meide.audit import AuditLog
from meide.printing import printer
from meide.printing.documents import kind as document_kind
from meide.printing.editable import EditableTemplates, TemplateRefused, check_source

SAMPLE = printer.context("certificate", document_kind("certificate").sample())
SHIPPED = document_kind("certificate").template


@pytest.fixture
def templates(tmp_path):
    with store.open_store(tmp_path / "data") as opened:
        yield EditableTemplates(opened, AuditLog(opened))


def edited(templates):
    return templates.source("certificate", SHIPPED).replace("特发此证，以资鼓励。", "特发此证，以资鼓励！")


@pytest.mark.parametrize("source, message", [
    ("{{ recipient | safe }}", "|safe"),
    ("{% autoescape false %}{{ recipient }}{% endautoescape %}", "autoescape"),
    ("{% include '/etc/passwd' %}", "公共版式"),
    ("{% extends 'print/board.html' %}", "公共版式"),
    ("{{ recipient.__class__ }}", "内部属性"),
    ("{% if %}", "语法错误"),
])
def test_unsafe_or_broken_templates_are_refused_with_a_reason(source, message):
    with pytest.raises(TemplateRefused, match=message):
        check_source(source)


def test_a_saved_edit_is_what_prints_and_escapes_names(templates):
    templates.save("certificate", edited(templates), "jiedao", SAMPLE, note="改标点")
    data = dict(document_kind("certificate").sample(), recipient="<script>alert(1)</script>")
    html = printer.html("certificate", data, templates=templates)
    assert "以资鼓励！" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_a_template_that_fails_on_sample_data_is_not_saved(templates):
    with pytest.raises(TemplateRefused, match="不存在的数据"):
        templates.save("certificate", "{{ no_such_field }}", "jiedao", SAMPLE)
    assert templates.versions("certificate") == []


def test_runaway_templates_stop_at_the_limits(templates):
    huge = "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}"
    with pytest.raises(TemplateRefused, match="过大|秒"):
        templates.save("certificate", huge, "jiedao", SAMPLE)


def test_versions_are_kept_and_rollback_adds_a_version(templates):
    first = templates.save("certificate", edited(templates), "jiedao", SAMPLE)
    second = templates.save("certificate", "<p>{{ recipient }}</p>", "jiedao", SAMPLE)
    back = templates.rollback("certificate", first, "jiedao", SAMPLE)
    assert (first, second, back) == (1, 2, 3)
    assert [v["note"] for v in templates.versions("certificate")][-1] == "恢复为第1版"
    assert "以资鼓励！" in printer.html("certificate", document_kind("certificate").sample(),
                                      templates=templates)
    actions = [e["action"] for e in templates.audit.entries(actor="jiedao")]
    assert actions.count("save_template") == 3


def test_without_edits_the_shipped_template_prints(templates):
    assert templates.edited("certificate") is None
    assert "特发此证，以资鼓励。" in printer.html("certificate", document_kind("certificate").sample(),
                                          templates=templates)
