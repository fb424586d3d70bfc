"""Every registered workflow is complete: valid, documented, sample data that passes, printable
documents, and its own test file."""

from pathlib import Path

import pytest

from meide.kernel import catalog
from meide.kernel.documents import document_kinds, template_context
from meide.kernel.fields import clean, form_fields
from meide.printing.environment import TEMPLATES, document_template, render

TESTS = Path(__file__).resolve().parent
WORKFLOWS = [cls for cls in catalog.all_workflows() if cls.__module__.startswith("workflows.")]


def test_the_workflows_package_declares_workflows():
    assert "good_deed" in {cls.slug for cls in WORKFLOWS}


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_every_field_has_doc_and_a_label(cls):
    for parameter in form_fields(cls):
        assert parameter.doc and parameter._label, f"{cls.slug}.{parameter.name}"


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_sample_values_pass_the_form_checks(cls):
    assert cls.sample, f"{cls.slug} needs sample values"
    assert clean(cls, cls.sample)


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_every_state_is_reachable_from_the_initial_state(cls):
    declaration = cls.declaration()
    reached, frontier = {declaration.initial}, [declaration.initial]
    while frontier:
        state = frontier.pop()
        for transition in declaration.transitions.values():
            if state in transition.source and transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(declaration.states)


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_every_document_renders_with_sample_data(cls):
    for kind in document_kinds(cls):
        path = TEMPLATES / document_template(cls.slug, kind)
        assert path.exists(), f"missing template {path}"
        document = {"values": clean(cls, cls.sample), "issued_at": "2026-10-01T09:00:00+08:00",
                    "names": {p.name: "张晓华" for p in form_fields(cls) if getattr(p, "kind", None)},
                    "due": None, "final": False}
        html = render(document_template(cls.slug, kind),
                      **template_context(cls, document, issuer="古槐街道北门社区居委会"))
        assert "2026年10月1日" in html and "草稿" in html


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_every_workflow_has_its_own_test_file(cls):
    assert (TESTS / f"test_workflow_{cls.slug}.py").exists()
