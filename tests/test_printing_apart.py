"""Batch prints laid out in a child process: the same PDF, progress reported, errors raised."""

import pytest

from meide.printing import apart, batch, printer
from meide.printing.documents import KINDS
from meide.printing.editable import EditableTemplates
from store import open_store

from .printing_support import pdf_info, pdf_text


def certificates(count):
    sample = KINDS["certificate"].sample()
    return [{**sample, "recipient": f"测试{n}号", "number": f"T-{n:04d}"} for n in range(count)]


def test_the_child_prints_what_the_server_would_and_reports_each_one(monkeypatch):
    items = certificates(3)
    here = batch.print_many("certificate", items)

    def not_here(*args, **kwargs):
        raise AssertionError("laid out in the server's process")
    monkeypatch.setattr(apart, "print_many", not_here)     # the spawned child has its own
    seen = []
    printed = apart.print_many_apart("certificate", items,
                                     progress=lambda done, total: seen.append((done, total)))
    assert printed.format == "pdf" and pdf_info(printed.content)["pages"] == 3
    assert pdf_text(printed.content) == pdf_text(here.content)
    assert seen[:3] == [(1, 3), (2, 3), (3, 3)] and set(seen) == {(1, 3), (2, 3), (3, 3)}


def test_an_empty_list_and_an_unknown_kind_are_refused_with_their_reason():
    with pytest.raises(ValueError, match="名单是空的"):
        apart.print_many_apart("certificate", [])
    with pytest.raises(Exception, match="nonexistent"):
        apart.print_many_apart("nonexistent", certificates(1))


def test_the_child_prints_the_staff_edited_template(tmp_path):
    source = ('{% extends "layout/base.html" %}{% block body %}<h1>新版荣誉证书</h1>'
              '<p>{{ recipient }}</p>{% endblock %}')
    with open_store(tmp_path / "data") as opened:
        templates = EditableTemplates(opened)
        templates.save("certificate", source, "admin", printer.context(
            "certificate", KINDS["certificate"].sample()))
        printed = apart.print_many_apart("certificate", certificates(2), templates=templates)
    text = pdf_text(printed.content)
    assert text.count("新版荣誉证书") == 2 and "测试1号" in text
