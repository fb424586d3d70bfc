"""Many documents of one kind printed as one PDF (a year's certificates), with progress.

Printing each certificate as its own PDF costs ~0.7 s apiece, most of it spent embedding the
Chinese fonts again every time; here each is laid out on its own (so progress can be told per
document and one bad document names itself) with one shared font configuration, and the pages
are written once, embedding each font once (~0.13 s a certificate).
"""

from typing import Callable

from .fonts import check_fonts, mark_missing
from .pdf import lay_out
from .printer import Printed, html


def print_many(slug: str, items: list, *, size: str | None = None, folders=(),
               progress: Callable[[int, int], None] | None = None) -> Printed:
    """One PDF of a document of kind slug for each data dict in items, in order, each starting
    on a new page; progress(done, total) is called after each one is laid out."""
    if not items:
        raise ValueError("没有要打印的文书：名单是空的")
    check_fonts()
    from weasyprint.text.fonts import FontConfiguration
    fonts = FontConfiguration()
    total, pages, missing, first = len(items), [], [], None
    for done, data in enumerate(items, 1):
        text, lacking = mark_missing(html(slug, data, size=size))
        missing += [char for char in lacking if char not in missing]
        document = lay_out(text, fonts=fonts, folders=folders)
        first = first or document
        pages += document.pages
        if progress is not None:
            progress(done, total)
    return Printed(slug, "pdf", first.copy(pages).write_pdf(), missing)
