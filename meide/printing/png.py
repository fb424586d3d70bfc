"""PNG images of a PDF's pages (one per page) for sharing on phones, by poppler's pdftoppm."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MeideError

DEFAULT_DPI = 110       # an A4 page 910 px wide: sharp on a phone, small in a group chat


class RasterizerMissing(MeideError, RuntimeError):
    """pdftoppm (Debian package poppler-utils) is not installed."""


def pdf_to_png(pdf: bytes, dpi: int = DEFAULT_DPI) -> list:
    """One PNG (bytes) per page, in page order."""
    if shutil.which("pdftoppm") is None:
        raise RasterizerMissing("找不到 pdftoppm；请安装 Debian 包 poppler-utils（scripts/setup.sh 会安装）")
    with tempfile.TemporaryDirectory(prefix="meide-png-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(int(dpi)), str(source),
                        str(Path(folder) / "page")], check=True, capture_output=True, timeout=120)
        # pdftoppm numbers pages with as many digits as the last page needs: sort by number.
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [page.read_bytes() for page in pages]
