"""The template editor's own page: the editor for administrators, a refusal or sign-in otherwise."""

import panel as pn
import pytest

import store
from meide.audit import AuditLog
from meide.kernel import Actor
from meide.printing.editable import EditableTemplates
from meide.views.template_editor import TemplateEditor
from meide.views.template_page import TemplatePage

ADMIN = Actor("jiedao", "街道管理员甲", {"街道管理员"})
OFFICER = Actor("beimen", "社区干部", {"社区管理员"}, community=1)


@pytest.fixture
def templates(tmp_path):
    with store.open_store(tmp_path / "data") as opened:
        yield EditableTemplates(opened, AuditLog(opened))


def texts(layout) -> str:
    return "\n".join(str(getattr(item, "object", "")) for item in layout.select())


def test_an_administrator_gets_the_editor_and_a_way_back(templates):
    page = TemplatePage(templates=templates, actor=ADMIN)
    assert isinstance(page.body(), TemplateEditor)
    shown = texts(page.__panel__())
    assert "<a href='/console'>返回工作台</a>" in shown
    assert "<a href='/logout'>退出登录</a>" in shown


def test_anyone_else_gets_no_editor(templates):
    refused = TemplatePage(templates=templates, actor=OFFICER)
    assert not refused.__panel__().select(pn.widgets.CodeEditor)
    assert "只有街道管理员可以修改模板" in texts(refused.__panel__())
    nobody = TemplatePage(templates=templates, actor=None)
    assert not nobody.__panel__().select(pn.widgets.CodeEditor)
    assert "请使用工作人员账号登录" in texts(nobody.__panel__())
