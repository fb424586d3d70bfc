"""PDF through WeasyPrint, with the Chinese fonts embedded and resources limited to safe places.

Only data: URLs and files under the allowed folders (templates/, and a photo folder a caller
names) are read while rendering: a template or a name can never pull in /etc/passwd or reach
the network.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from .environment import TEMPLATES
from .fonts import check_fonts

# WeasyPrint logs every unsupported CSS property as a warning; documents are ours and tested.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _fetcher(roots):
    from weasyprint.urls import URLFetcher, URLFetchingError

    allowed = [Path(root).resolve() for root in roots]

    class FolderURLFetcher(URLFetcher):
        """data: URLs, and files inside the allowed folders; nothing else."""

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in allowed):
                    return super().fetch(url, headers)
            raise URLFetchingError(f"refused to fetch {url[:80]}")

    return FolderURLFetcher(allowed_protocols=("data", "file"), timeout=2)


def html_to_pdf(html: str, *, folders=()) -> bytes:
    """The PDF of an HTML document; FontsMissing first if the Chinese fonts are not installed."""
    check_fonts()
    return write([lay_out(html, folders=folders)])


def write(documents: list) -> bytes:
    """One PDF of the pages of laid-out documents, in order (one document: its own PDF)."""
    if len(documents) == 1:
        return documents[0].write_pdf()
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def shared_fonts():
    """One font configuration for documents that will be written as one PDF (see lay_out)."""
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


def lay_out(html: str, *, fonts=None, folders=()):
    """The HTML document laid out in pages (a WeasyPrint Document, not yet written); documents
    laid out with the same fonts (a FontConfiguration) can be written as one PDF that embeds
    each font once (see batch.py)."""
    from weasyprint import HTML
    document = HTML(string=html, base_url=str(TEMPLATES) + "/",
                    url_fetcher=_fetcher([TEMPLATES, *folders]))
    return document.render(font_config=fonts)
