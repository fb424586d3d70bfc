"""A template saved the way the editor saves it prints from every path: the pipeline, `meide
print sample`, the printing page, batch certificates, the counter's receipt; and the editor's
preview is the print's own HTML."""

import pytest

import store
from meide import cli
from meide.engine import Engine
from meide.kernel import Actor
from meide.kernel.documents import all_kinds
from meide.printing import printer
from meide.printing.batch import print_many
from meide.printing.fonts import mark_missing
from meide.views.template_editor import TemplateEditor

from .printing_support import pdf_text

KINDS = all_kinds()
MARKER = "街道改版标记"
ADMIN = Actor("jiedao1", "街道干部", {"街道管理员"}, subdistrict=1)


def marked(source: str) -> str:
    """The shipped source with the marker printed first in its body (a source that only sets
    what the template it extends prints gets a body block; one that includes, a first line)."""
    for opening in ("{% block body %}", "<body>"):
        if opening in source:
            return source.replace(opening, f"{opening}<p>{MARKER}</p>", 1)
    if "{% extends" in source:
        return source + f"{{% block body %}}<p>{MARKER}</p>{{{{ super() }}}}{{% endblock %}}"
    return f"<p>{MARKER}</p>" + source


def save_marked(templates, kind):
    """Save as the editor does: the shipped source edited, tried on the kind's sample context."""
    source = marked(templates.source(kind.slug))
    templates.save(kind.slug, source, "admin", printer.context(kind, kind.sample()))
    return source


def flat(pdf: bytes) -> str:
    return "".join(pdf_text(pdf).split())


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "data"


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_a_saved_template_prints_and_its_preview_is_the_print(kind, folder, tmp_path):
    with Engine.open(folder) as engine:
        source = save_marked(engine.templates, kind)
        printed = printer.render(kind, kind.sample(), "html", templates=engine.templates)
        assert printer.preview(kind, source) == mark_missing(printed.content)[0]
        assert MARKER in flat(printer.render(kind, kind.sample(), "pdf",
                                             templates=engine.templates).content)
    target = tmp_path / "sample.pdf"      # `meide print sample` over the same folder
    assert cli.main(["print", "sample", kind.slug, "--data", str(folder), "-o", str(target)]) == 0
    assert MARKER in flat(target.read_bytes())


def test_batch_certificates_print_the_saved_template_on_every_page(folder):
    [kind] = [made for made in KINDS if made.slug == "certificate"]
    with Engine.open(folder) as engine:
        save_marked(engine.templates, kind)
        printed = print_many("certificate", [kind.sample()] * 3, templates=engine.templates)
    assert flat(printed.content).count(MARKER) == 3


def test_the_printing_page_prints_the_saved_board_and_statement(services):
    from meide.views.printing_page import STATEMENT, PrintingPage
    from .test_views_printing_page import BEIMEN
    with Engine(services.registry.store) as engine:
        for slug in ("board", "statement"):
            save_marked(engine.templates, next(made for made in KINDS if made.slug == slug))
    page = PrintingPage(services=services, actor=BEIMEN)
    assert MARKER in flat(page.printed("pdf").content)
    page = PrintingPage(services=services, actor=BEIMEN, document=STATEMENT)
    page.resident = services.people["丁德明"]
    assert MARKER in flat(page.printed("pdf").content)


def test_the_counters_receipt_prints_the_saved_template(counter, world):
    from .views_support import click
    save_marked(Engine(world.store).templates, next(made for made in KINDS
                                                    if made.slug == "receipt"))
    counter.resident = world.zhang
    click(counter.add_buttons[world.soap])
    click(counter.redeem_button)
    assert MARKER in flat(counter.receipt_pdf("80mm"))


def test_the_editors_save_changes_the_next_print(folder):
    with Engine.open(folder) as engine:
        editor = TemplateEditor(templates=engine.templates, actor=ADMIN, kind="certificate")
        before = printer.sample("certificate", "html", templates=engine.templates).content
        assert MARKER not in before
        editor.source = marked(editor.source)
        assert MARKER in editor.preview.object
        editor._save()
        assert editor.job.wait(60)
        assert [saved["version"] for saved in engine.templates.versions("certificate")] == [1]
        assert MARKER in flat(printer.sample("certificate", "pdf",
                                             templates=engine.templates).content)


from .registry_support import registry  # noqa: E402,F401  (fixture)
from .supermarket_support import world  # noqa: E402,F401  (fixture)
from .test_views_counter import counter  # noqa: E402,F401  (fixture)
from .test_views_printing_page import services  # noqa: E402,F401  (fixture)
