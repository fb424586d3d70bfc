"""Many documents of one kind printed as one PDF (a year's certificates), with progress.

Printing each certificate as its own PDF costs ~0.7 s apiece, most of it spent embedding the
Chinese fonts again every time; here each goes through the printer's HTML stage and is laid out
on its own (so progress can be told per document and one bad document names itself) with one
shared font configuration, and the pages are written once, embedding each font once (~0.13 s a
certificate).
"""

from typing import Callable

from .documents import kind as document_kind
from .fonts import check_fonts, mark_missing
from .pdf import lay_out, shared_fonts, write
from .printer import Printed, html


def print_many(kind, items: list, *, size: str | None = None, templates=None, folders=(),
               progress: Callable[[int, int], None] | None = None) -> Printed:
    """One PDF of a document of kind for each data dict in items, in order, each starting on a
    new page (a staff-edited template of the kind applies, as in printer.render);
    progress(done, total) is called after each one is laid out."""
    made = document_kind(kind)
    if not items:
        raise ValueError("没有要打印的文书：名单是空的")
    check_fonts()
    fonts = shared_fonts()
    total, documents, missing = len(items), [], []
    for done, data in enumerate(items, 1):
        text, lacking = mark_missing(html(made, data, size=size, templates=templates))
        missing += [char for char in lacking if char not in missing]
        documents.append(lay_out(text, fonts=fonts, folders=folders))
        if progress is not None:
            progress(done, total)
    return Printed(made.slug, "pdf", write(documents), missing)
