"""The template editor's own page: the editor for administrators, a refusal or sign-in otherwise."""

import panel as pn

from meide.views.template_editor import TemplateEditor
from meide.views.template_page import TemplatePage

from .test_views_template_editor import ADMIN, OFFICER, templates  # noqa: F401  (fixture)


def texts(layout) -> str:
    return "\n".join(str(getattr(item, "object", "")) for item in layout.select())


def test_an_administrator_gets_the_editor_and_a_way_back(templates):  # noqa: F811
    page = TemplatePage(templates=templates, actor=ADMIN)
    assert isinstance(page.body(), TemplateEditor)
    shown = texts(page.__panel__())
    assert "<a href='/console'>返回工作台</a>" in shown
    assert "<a href='/logout'>退出登录</a>" in shown


def test_anyone_else_gets_no_editor(templates):  # noqa: F811
    refused = TemplatePage(templates=templates, actor=OFFICER)
    assert not refused.__panel__().select(pn.widgets.CodeEditor)
    assert "只有街道管理员可以修改模板" in texts(refused.__panel__())
    nobody = TemplatePage(templates=templates, actor=None)
    assert not nobody.__panel__().select(pn.widgets.CodeEditor)
    assert "请使用工作人员账号登录" in texts(nobody.__panel__())
