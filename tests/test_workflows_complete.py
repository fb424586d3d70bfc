"""Every registered workflow is complete: valid, documented, sample data that passes, printable
documents, and its own test file."""

from pathlib import Path

import pytest

from meide.kernel import catalog
from meide.kernel.documents import document_kind, document_kinds, sample_document, template_context
from meide.kernel.fields import clean, form_fields
from meide.printing import printer
from meide.printing.environment import TEMPLATES

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
        made = document_kind(cls, kind)        # the template production renders
        path = TEMPLATES / made.template
        assert path.exists(), f"missing template {path}"
        context = template_context(cls, sample_document(cls, final=False),
                                   issuer="古槐街道北门社区居委会")
        html = printer.render(made, context, "html").content
        assert "2026年10月1日" in html and "草稿" in html


@pytest.mark.parametrize("cls", WORKFLOWS, ids=lambda cls: cls.slug)
def test_every_workflow_has_its_own_test_file(cls):
    assert (TESTS / f"test_workflow_{cls.slug}.py").exists()
