"""The console: sign-in first, one navigation over every workflow, a language switch."""

import panel as pn

from meide import i18n
from meide.views.catalogue import Catalogue
from meide.views.console import Console
from meide.views.form import RecordForm
from meide.views.home import HomePage
from meide.views.listing import Listing
from meide.views.record import RecordPage

from .views_support import (OFFICER, REVIEWERS, WORKER, XIAOHUA, click, runner,  # noqa: F401
                            started, trial)


def texts(console) -> str:
    return "\n".join(str(getattr(item, "object", "")) for item in console.__panel__().select())


def test_without_a_signed_in_person_only_the_sign_in_message_shows(runner, trial):
    started(runner)
    console = Console(runner=runner, actor=None)
    assert console.view is None and console.navigation.labels() == {}
    assert "请使用工作人员账号登录" in texts(console)
    assert "照顾独居老人" not in texts(console)
    assert not console.__panel__().select(pn.widgets.Button)


def test_the_header_offers_sign_out_signed_in_or_not(runner, trial):
    for actor in (WORKER, None):
        navigation = Console(runner=runner, actor=actor).navigation
        assert navigation.title == "美德信用" and ("退出登录", "/logout") in navigation.account
    assert Console(runner=runner, actor=WORKER).navigation.who == "网格员甲 · 网格员"


def test_the_home_page_is_the_inbox(runner, trial):
    console = Console(runner=runner, actor=REVIEWERS[0])
    assert isinstance(console.view, HomePage)


def test_a_page_asked_for_is_built_without_building_the_inbox_first(runner, trial, monkeypatch):
    from meide.views import pages
    built = []
    monkeypatch.setattr(pages, "HomePage",
                        lambda **params: built.append(params) or HomePage(**params))
    console = Console(runner=runner, actor=WORKER, page="start")
    assert isinstance(console.view, Catalogue) and built == []
    console.navigation.choose("inbox")
    assert isinstance(console.view, HomePage) and len(built) == 1


def test_the_navigation_lists_every_workflow(runner, trial):
    console = Console(runner=runner, actor=WORKER)
    assert {"inbox", "start", "list:good_deed", "list:test_view_trial"} <= set(console.navigation.labels())
    console.navigation.choose("list:test_view_trial")
    assert isinstance(console.view, Listing) and console.view.slug == "test_view_trial"


def test_starting_goes_from_catalogue_to_form_to_the_new_record(runner, trial):
    console = Console(runner=runner, actor=WORKER)
    console.navigation.choose("start")
    assert isinstance(console.view, Catalogue)
    click(console.view.start_buttons["test_view_trial"])
    form = console.view
    assert isinstance(form, RecordForm) and console.page == "form:test_view_trial"
    form.inputs["nominee"].value = XIAOHUA
    form.inputs["story"].value = "帮邻居修水管"
    click(form.submit_button)
    assert isinstance(console.view, RecordPage)
    assert console.page == f"record:test_view_trial:{form.record_id}"
    assert console.view.feedback.objects[0].alert_type == "success"


def test_opening_from_the_inbox_shows_the_record(runner, trial):
    record = runner.apply("test_view_trial", started(runner).id, "submit", WORKER)
    console = Console(runner=runner, actor=OFFICER)
    console.view.rows.open(("test_view_trial", record.id))
    assert isinstance(console.view, RecordPage) and console.view.record_id == record.id


def test_the_language_switch_redraws_in_english(runner, trial):
    console = Console(runner=runner, actor=WORKER)
    assert console.navigation.labels()["start"] == "发起"
    # The header links to the page shown in the other language: ?locale= sets `locale`.
    assert ("English", "/console?page=inbox&locale=en") in console.navigation.account
    console.locale = "en"
    assert i18n.current_locale() == "en"
    assert console.navigation.labels()["start"] == "Start"
    assert console.navigation.labels()["list:good_deed"] == "Good deed"
    assert isinstance(console.view, HomePage)
    assert console.navigation.account == [("中文", "/console?page=inbox&locale=zh_CN"),
                                          ("Sign out", "/logout")]
    console.navigation.choose("start")
    assert ("中文", "/console?page=start&locale=zh_CN") in console.navigation.account
    console.locale = "zh_CN"
    assert console.navigation.labels()["start"] == "发起"


def test_a_broken_page_name_shows_a_message(runner, trial):
    console = Console(runner=runner, actor=WORKER)
    console.page = "list:no_such_workflow"
    assert console.view is None
    assert console._main.alert_type == "warning"


def test_document_templates_are_offered_to_subdistrict_administrators_only(runner, trial):
    from meide.kernel import Actor
    # The editor is its own page (/templates): only it loads the code editor's script.
    officer = Console(runner=runner, actor=OFFICER)
    assert ("文书模板", "/templates") not in officer.navigation.links
    admin = Console(runner=runner, actor=Actor("jiedao", "街道管理员甲", {"街道管理员"}))
    assert ("文书模板", "/templates") in admin.navigation.links
    assert "templates" not in admin.navigation.labels()


def test_the_home_page_is_a_handful_of_models(runner, trial):
    # Every Bokeh model costs each session's first load (built, serialised, sent, drawn): the
    # home page, what every session opens first, is the navigation, the day at a glance and the
    # inbox, one each (and the column holding the last two).
    from bokeh.document import Document
    from bokeh.models.css import StyleSheet
    for _ in range(25):                            # more than a page waits
        runner.apply("test_view_trial", started(runner).id, "submit", WORKER)
    console = Console(runner=runner, actor=REVIEWERS[0])
    assert console.view.total == 25
    root = console.__panel__().get_root(Document())
    # (A component's data model is named after its class, with a number.)
    models = sorted(type(model).__name__.rstrip("0123456789") for model in root.references()
                    if not isinstance(model, StyleSheet))
    assert models == ["ButtonRows", "Column", "Glance", "Navigation", "ReactiveESM", "ReactiveESM",
                      "ReactiveESM", "Row"], models
