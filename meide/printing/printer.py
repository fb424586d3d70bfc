"""The one document pipeline: render(kind, data, format) puts a kind's data in order, masks it as
the kind declares, renders its template (a staff-edited version if there is one) to HTML, lays
the HTML out as PDF (WeasyPrint) and rasterises the PDF to PNG pages (poppler).

    from meide.printing import printer
    printed = printer.render("board", data, "pdf", size="A3-landscape", templates=engine.templates)
    Path("board.pdf").write_bytes(printed.content)

Every document goes through here: `meide print`, the printing page, a record's documents, batch
certificates (batch.py, the same stages for many documents), the template editor's preview.
"""

from dataclasses import dataclass, field

from .documents import DocumentKind
from .documents import kind as document_kind
from .editable import EditedSources, render_edited
from .environment import render as render_shipped
from .fonts import mark_missing
from .masking import mask
from .pdf import html_to_pdf
from .png import pdf_to_png

FORMATS = ("html", "pdf", "png")


@dataclass
class Printed:
    """The output of one print: HTML text, PDF bytes or a list of PNG pages (bytes)."""

    kind: str
    format: str
    content: object
    missing: list = field(default_factory=list)   # characters no font has, printed as 〓


def check_format(format: str):
    """Refuse, in Chinese, a format render does not make."""
    if format not in FORMATS:
        raise ValueError(f"未知的格式“{format}”；可选：{'、'.join(FORMATS)}")


def context(kind, data: dict, *, size: str | None = None,
            mask_names: bool | None = None) -> dict:
    """What the kind's template is rendered with: the data put in order and masked, the page."""
    made = document_kind(kind)
    data, page = made.prepare(dict(data), made.page(size))
    profile = made.mask if mask_names is None else made.mask.replace(names=mask_names)
    prepared = mask(data, profile)
    prepared.setdefault("final", False)
    prepared.update(page=page, document={"kind": made.slug, "title": made.title})
    return prepared


def template_html(kind: DocumentKind, prepared: dict, templates=None) -> str:
    """The one template rule: the kind's staff-edited version (kept in the data folder's store,
    see editable.py) rendered in the sandbox, in a worker process with CPU-time and memory limits
    (confined.py), if there is one; else its shipped template file, here (the fast path).
    templates is anything with edited(slug) -> source or None (EditableTemplates)."""
    source = templates.edited(kind.slug) if templates is not None else None
    if source is not None:
        return render_edited(kind.slug, source, prepared)
    return render_shipped(kind.template, **prepared)


def html(kind, data: dict, *, size: str | None = None, mask_names: bool | None = None,
         templates=None) -> str:
    """The document's HTML; names masked if mask_names, else as the kind says."""
    made = document_kind(kind)
    return template_html(made, context(made, data, size=size, mask_names=mask_names), templates)


def render(kind, data: dict, format: str = "pdf", *, size: str | None = None,
           mask_names: bool | None = None, templates=None, folders=()) -> Printed:
    """A document of kind (a slug or a DocumentKind) as HTML, PDF or PNG pages; templates: the
    staff-edited ones (EditableTemplates); folders: where photos may be read from."""
    check_format(format)
    made = document_kind(kind)
    text = html(made, data, size=size, mask_names=mask_names, templates=templates)
    if format == "html":
        return Printed(made.slug, format, text)
    text, missing = mark_missing(text)
    pdf = html_to_pdf(text, folders=folders)
    return Printed(made.slug, format, pdf if format == "pdf" else pdf_to_png(pdf), missing)


def preview(kind, source: str) -> str:
    """What the template editor shows for an unsaved source of kind: the HTML the print of the
    kind's sample would be laid out from once source is saved (the same data, masking, sandbox
    and missing-character marks as render)."""
    made = document_kind(kind)
    text = html(made, made.sample(), templates=EditedSources({made.slug: source}))
    return mark_missing(text)[0]


def sample(kind, format: str = "pdf", **options) -> Printed:
    """A document kind printed with its sample data."""
    return render(kind, document_kind(kind).sample(), format, **options)
