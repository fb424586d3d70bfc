"""QR codes on paper: the deployment's public address of a code's /verify page (or of a console
page for staff), drawn by segno."""

import os
import urllib.parse

import markupsafe
import segno

# The address residents' phones reach the app at (set by `meide serve --public-url`, or by hand).
PUBLIC_URL_ENV = "MEIDE_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5006"


def public_url() -> str:
    """The deployment's public address, without a trailing slash."""
    return (os.environ.get(PUBLIC_URL_ENV, "").strip() or DEFAULT_PUBLIC_URL).rstrip("/")


def verify_url(code: str) -> str:
    """The /verify page that looks `code` up, at the public address."""
    return f"{public_url()}/verify?{urllib.parse.urlencode({'code': code})}"


def qr_svg(text: str, size_mm: float = 24) -> markupsafe.Markup:
    """text as an inline SVG QR code `size_mm` wide (medium error correction, quiet zone kept)."""
    code = segno.make_qr(text, error="m")
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True)
    svg = svg.replace("<svg ", '<svg width="100%" height="100%" ', 1)
    return markupsafe.Markup(
        f'<span class="qr" style="display:inline-block;width:{size_mm}mm;height:{size_mm}mm">'
        f"{svg}</span>")


def verify_qr(code: str, size_mm: float = 24) -> markupsafe.Markup:
    """The QR code of `code`'s /verify page: {{ code | verify_qr }} in a template."""
    return qr_svg(verify_url(code), size_mm)


def console_qr(address: str, size_mm: float = 24) -> markupsafe.Markup:
    """The QR code of a console page (e.g. an activity's sign-in sheet, 'volunteer:7') at the
    public address, for staff to open on their phone (signing in first):
    {{ ("volunteer:" ~ record) | console_qr }} in a template."""
    return qr_svg(f"{public_url()}/console?{urllib.parse.urlencode({'page': address})}", size_mm)
