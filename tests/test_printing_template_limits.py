"""Staff-edited templates run in the limited workers: the two runaways of the security review are
stopped with their Chinese message while another session's page is served, and an ordinary
edited template prints what it printed when it rendered in the server's own process."""

import statistics
import time
import tracemalloc

import pytest

import store
from meide.audit import AuditLog
from meide.kernel import Actor
from meide.printing import editable, printer
from meide.printing.documents import KINDS
from meide.printing.documents import kind as document_kind
from meide.printing.editable import EditableTemplates, TemplateRefused
from meide.printing.environment import TEMPLATES
from meide.printing.pdf import html_to_pdf
from meide.views.template_editor import TemplateEditor

from .printing_support import pdf_text

ADMIN = Actor("jiedao", "街道管理员甲", {"街道管理员"})
# The review's two: a nested loop over a 25,000-character string (no output, no call: only
# the CPU limit sees it) and one format that asks for 300 million characters.
LOOP = "{% set s = 'x' * 25000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
FORMAT = "{{ '%0300000000d' % 1 }}"
SAMPLE = printer.context("certificate", document_kind("certificate").sample())


@pytest.fixture
def templates(tmp_path):
    with store.open_store(tmp_path / "data") as opened:
        yield EditableTemplates(opened, AuditLog(opened))


@pytest.fixture
def not_in_this_process(monkeypatch):
    """An edited template rendered in the test's (the server's) process fails the test; the
    spawned workers have their own, untouched render_limited."""
    def here(*args, **kwargs):
        raise AssertionError("a staff-edited template ran in the server's process")
    monkeypatch.setattr(editable, "render_limited", here)


def timed(build) -> float:
    started = time.perf_counter()
    build()
    return (time.perf_counter() - started) * 1000


def test_a_runaway_loop_is_stopped_while_another_sessions_page_is_served(
        templates, not_in_this_process, record_property):
    runaway = TemplateEditor(templates=templates, actor=ADMIN, kind="certificate", threaded=True)
    assert runaway.wait_for_preview(60)
    started = time.perf_counter()
    runaway.source = LOOP
    # The change was answered (the callback returned) while the template still runs.
    assert not runaway.wait_for_preview(0)
    pages, documents = [], []
    # Another administrator, clicking about every 0.2 s, opens the editor (its preview runs in
    # the other worker) and prints a shipped document (in this process, the fast path).
    while not runaway.wait_for_preview(0.2):
        pages.append(timed(lambda: TemplateEditor(templates=templates, actor=ADMIN,
                                                  kind="notice")))
        documents.append(timed(lambda: printer.html("board", KINDS["board"].sample())))
    stopped_after = time.perf_counter() - started
    assert pages and documents, "nothing else was served while the template ran"
    assert runaway.feedback.objects[0].object == "模板运行超过 5 秒，已停止：请检查循环"
    figures = {"runaway_s": round(stopped_after, 1), "pages": len(pages), "page_median_ms": round(statistics.median(pages), 1),
               "page_max_ms": round(max(pages), 1),
               "document_median_ms": round(statistics.median(documents), 1)}
    record_property("served_during_runaway", figures)
    print("served while the loop ran:", figures)


def test_a_runaway_allocation_is_stopped_at_the_memory_limit(templates, not_in_this_process):
    tracemalloc.start()
    try:
        with pytest.raises(TemplateRefused) as refused:
            templates.save("certificate", FORMAT, "jiedao", SAMPLE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refused.value) == "模板占用内存超过 256 MB，已停止"
    # In the server's process this one format took 1.1 GB; here it never reached it.
    assert peak < 50 * 2 ** 20, f"the server's process held {peak // 2 ** 20} MB"
    assert templates.versions("certificate") == []
    # The worker that hit the limit was replaced: the next edited template renders.
    assert editable.render_edited("certificate", "<p>{{ recipient }}</p>", SAMPLE) \
        == f"<p>{SAMPLE['recipient']}</p>"


def test_rendered_html_is_capped_with_a_message(not_in_this_process):
    source = "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}"
    with pytest.raises(TemplateRefused, match="过大（超过 500 万字），已停止"):
        editable.render_edited("certificate", source, SAMPLE)


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda kind: kind.slug)
def test_an_ordinary_edited_template_prints_what_it_printed_in_process(kind, templates):
    source = (TEMPLATES / kind.template).read_text("utf-8").replace(
        "{% block body %}", "{% block body %}<p>本社区版式</p>", 1)
    templates.save(kind.slug, source, "jiedao", printer.context(kind, kind.sample()))
    printed = printer.render(kind, kind.sample(), "pdf", templates=templates)
    # What printing did before the workers: the sandboxed render in the calling process.
    before = editable.render_here(kind.slug, source, editable.allowed(kind.slug),
                                  printer.context(kind, kind.sample()))
    html = printer.render(kind, kind.sample(), "html", templates=templates).content
    assert "本社区版式" in html and html == before
    assert pdf_text(printed.content) == pdf_text(html_to_pdf(before))
