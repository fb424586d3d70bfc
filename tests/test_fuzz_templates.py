"""Fuzzing the template editor's save/render with Jinja soup: refused clearly or rendered in limits.

Sources are built from hostile fragments (|safe, autoescape, includes of outside files, dunder
attributes, runaway loops and arithmetic, recursion, broken syntax) mixed with ordinary text.
EditableTemplates.save either refuses with TemplateRefused (a Chinese message) and keeps the
stored versions as they were, or saves a version whose rendering stays within the time and size
limits and escapes the data. A watchdog fails the test instead of letting a template hang it.
HYPOTHESIS_PROFILE=full runs ten times the examples.
"""

import os
import re
import signal
import time
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import store
from meide.audit import AuditLog
from meide.printing import editable, printer
from meide.printing.documents import kind as document_kind
from meide.printing.editable import EditableTemplates, TemplateRefused

FULL = os.environ.get("HYPOTHESIS_PROFILE") == "full"
FUZZ = settings(max_examples=1000 if FULL else 120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CJK = re.compile(r"[\u4e00-\u9fff]")
KIND = "certificate"
SAMPLE = printer.context(KIND, document_kind(KIND).sample())
WATCHDOG_SECONDS = 3 * editable.RENDER_SECONDS

FRAGMENTS = [
    "荣誉证书", "<p>", "</p>", "{{ recipient }}", "{{ recipient|upper }}", "{{ recipient|safe }}",
    "{% autoescape false %}", "{% endautoescape %}", "{{ recipient|forceescape }}",
    "{% include '/etc/passwd' %}", "{% include 'layout/base.html' %}", "{% import 'x' as x %}",
    "{% extends '../../secret.html' %}", "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ recipient.__class__ }}", "{{ recipient['__class__'] }}", "{{ cycler.__init__ }}",
    "{{ self._TemplateReference__context }}", "{{ lipsum.__globals__ }}", "{{ config }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(10**9) %}x{% endfor %}", "{{ 'x' * 10**10 }}", "{{ 9**9**9 }}",
    "{{ 1/0 }}", "{{ 1 + 'a' }}", "{{ [1][5] }}", "{{ {}['k'] }}", "{{ none.attr }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "{% set x = x %}", "{{ undefined_name }}",
    "{% for x in recipient %}{{ loop.index }}{% endfor %}", "{{ recipient|length }}",
    "{% raw %}{{ not rendered }}{% endraw %}", "{% if %}", "{{", "}}", "{%", "%}", "{#", "#}",
    "{% endfor %}", "{{ recipient|cn_date }}", "{{ '%s' % recipient }}", "{{ 'a'.format }}",
    "{{ recipient.replace('a', 'b' * 100000) }}", "{% set l = [] %}{{ l.append(1) }}",
    "<script>alert(1)</script>", "\x00", "😀", "a" * 1000,
]


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    with store.open_store(tmp_path_factory.mktemp("fuzz-templates") / "data") as opened:
        yield EditableTemplates(opened, AuditLog(opened))


@contextmanager
def watchdog(seconds):
    """Fail with TimeoutError if the block runs longer than seconds (a hung render)."""
    def expire(signum, frame):
        raise TimeoutError(f"still rendering after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def stored(templates):
    return [dict(doc) for doc in templates.table]


@FUZZ
@given(source=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)),
                       min_size=1, max_size=6).map("".join))
def test_fuzzed_template_sources_are_refused_clearly_or_render_within_limits(templates, source):
    before = stored(templates)
    started = time.monotonic()
    with watchdog(WATCHDOG_SECONDS):
        try:
            version = templates.save(KIND, source, "jiedao", SAMPLE, note="fuzz")
        except TemplateRefused as exc:
            event("refused")
            assert CJK.search(str(exc)), str(exc)
            assert stored(templates) == before          # nothing saved
            return
        event("saved")
        html = templates.render(KIND, dict(SAMPLE, recipient="<script>x</script>"))
    assert time.monotonic() - started < WATCHDOG_SECONDS
    assert len(html) <= editable.RENDER_CHARS
    assert "<script>x</script>" not in html                  # data is always escaped
    after = stored(templates)
    assert after[:len(before)] == before and len(after) == len(before) + 1
    assert after[-1]["version"] == version and after[-1]["source"] == source
