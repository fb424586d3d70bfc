"""Print a document kind from data: put in order, mask, render to HTML, then PDF or PNG pages.

    from meide.printing import printer
    printed = printer.print_document("board", data, "pdf", size="A3-landscape")
    Path("board.pdf").write_bytes(printed.content)
"""

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .documents import KINDS
from .documents import kind as document_kind
from .environment import render
from .fonts import mark_missing
from .masking import PUBLIC, MaskProfile, mask
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


def context(slug: str, data: dict, *, size: str | None = None,
            mask_names: bool | None = None) -> dict:
    """What the kind's template is rendered with: the data put in order and masked, the page."""
    kind = document_kind(slug)
    data, page = kind.prepare(dict(data), kind.page(size))
    profile = kind.mask if mask_names is None else kind.mask.replace(names=mask_names)
    prepared = mask(data, profile)
    prepared.setdefault("final", False)
    prepared.update(page=page, document={"kind": kind.slug, "title": kind.title})
    return prepared


def html(slug: str, data: dict, *, size: str | None = None, mask_names: bool | None = None,
         templates=None) -> str:
    """The document's HTML (for previews); names masked if mask_names, else as the kind says.
    With templates (EditableTemplates), a staff-edited version renders, in the sandbox."""
    prepared = context(slug, data, size=size, mask_names=mask_names)
    if templates is not None and templates.edited(slug) is not None:
        return templates.render(slug, prepared)
    return render(document_kind(slug).template, **prepared)


def print_document(slug: str, data: dict, format: str = "pdf", *, size: str | None = None,
                   mask_names: bool | None = None, folders=()) -> Printed:
    """HTML, PDF or PNG of a document kind; folders are where photos may be read from."""
    if format not in FORMATS:
        raise ValueError(f"未知的格式“{format}”；可选：{'、'.join(FORMATS)}")
    text = html(slug, data, size=size, mask_names=mask_names)
    if format == "html":
        return Printed(slug, format, text)
    text, missing = mark_missing(text)
    pdf = html_to_pdf(text, folders=folders)
    if format == "pdf":
        return Printed(slug, format, pdf, missing)
    return Printed(slug, format, pdf_to_png(pdf), missing)


def sample(slug: str, format: str = "pdf", **options) -> Printed:
    """A document kind printed with its sample data."""
    return print_document(slug, document_kind(slug).sample(), format, **options)


def workflow_profile(template: str) -> MaskProfile:
    """The masking of a workflow's document: that of the printing kind of the same name (a
    role_model/certificate.html masks like a certificate), else the public profile."""
    name = PurePosixPath(template).stem
    return KINDS[name].mask if name in KINDS else PUBLIC


def workflow_document(template: str, context: dict, format: str = "pdf", *,
                      profile: MaskProfile | None = None, folders=()) -> Printed:
    """A document a workflow issued (templates/<slug>/<kind>.html with kernel.documents'
    template_context), masked by profile (default workflow_profile), as HTML, PDF or PNG;
    folders are where photos may be read from."""
    if format not in FORMATS:
        raise ValueError(f"未知的格式“{format}”；可选：{'、'.join(FORMATS)}")
    text = render(template, **mask(context, profile or workflow_profile(template)))
    if format == "html":
        return Printed(template, format, text)
    text, missing = mark_missing(text)
    pdf = html_to_pdf(text, folders=folders)
    return Printed(template, format, pdf if format == "pdf" else pdf_to_png(pdf), missing)
