"""The template editor: live sandboxed preview, refusals shown, saving only for administrators."""

import pytest

import store
from meide.audit import AuditLog
from meide.kernel import Actor
from meide.printing.editable import EditableTemplates
from meide.views.template_editor import TemplateEditor

ADMIN = Actor("jiedao", "街道管理员甲", {"街道管理员"})
OFFICER = Actor("beimen", "社区干部", {"社区管理员"}, community=1)


@pytest.fixture
def templates(tmp_path):
    with store.open_store(tmp_path / "data") as opened:
        yield EditableTemplates(opened, AuditLog(opened))


def test_the_preview_follows_the_text_and_refusals_are_shown(templates):
    editor = TemplateEditor(templates=templates, actor=ADMIN, kind="certificate")
    assert "荣" in editor.preview.object and "iframe" in editor.preview.object
    editor.source = editor.source.replace("特发此证", "特颁此证")
    assert "特颁此证" in editor.preview.object
    editor.source = "{{ recipient | safe }}"
    assert "|safe" in editor.feedback.objects[0].object
    assert "特颁此证" in editor.preview.object          # the last good preview stays


def test_saving_and_restoring_versions(templates):
    editor = TemplateEditor(templates=templates, actor=ADMIN, kind="certificate")
    original = editor.source
    editor.source = original.replace("特发此证", "特颁此证")
    editor.save_button.clicks += 1
    assert templates.edited("certificate") == editor.source
    assert len(editor.history.objects) == 1
    editor._rollback(1)
    assert [v["version"] for v in templates.versions("certificate")] == [1, 2]


def test_only_administrators_may_save(templates):
    editor = TemplateEditor(templates=templates, actor=OFFICER, kind="notice")
    assert editor.save_button.disabled
    editor.source = editor.source + "<p>改</p>"
    editor._save()
    assert templates.versions("notice") == []
    assert "街道管理员" in editor.feedback.objects[0].object


def test_every_workflows_documents_are_offered_and_edit_like_printings_own(templates):
    editor = TemplateEditor(templates=templates, actor=ADMIN, kind="merchant_star/merchant_plaque")
    assert "商户挂牌授星 · 星级商户牌" in editor.chooser.options
    assert "good_deed/story" in editor.chooser.options.values()
    # Its shipped template builds on the printed plaque: saved with a change, as it stands.
    assert 'extends "print/merchant_plaque.html"' in editor.source
    editor.source = editor.source.replace('or "诚信商户"', 'or "守信商户"')
    assert editor.feedback.objects == [] and "守信商户" in editor.preview.object
    editor.save_button.clicks += 1
    assert templates.edited("merchant_star/merchant_plaque") == editor.source
    editor.source = '{% extends "print/board.html" %}'       # not what this kind builds on
    assert "公共版式" in editor.feedback.objects[0].object
