"""Every document kind fills its page at 1, 5, 40 and 1,000 entries and overflows none (PNG check)."""

import copy
import io

import numpy
import pytest
from PIL import Image

from meide.kernel.documents import all_kinds
from meide.printing import printer
from meide.printing.png import pdf_to_png

DPI = 20                 # an A4 page 165 px wide: enough to see where the ink ends, and fast
SIZES = (1, 5, 40, 1000)


def _entry_lists(data, path=()):
    """(path, length) of every list of records in data, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _entry_lists(value, path + (key,))
    elif isinstance(data, list):
        if data and all(isinstance(item, dict) for item in data):
            yield path, len(data)
        for index, value in enumerate(data):
            yield from _entry_lists(value, path + (index,))


def with_entries(sample: dict, count: int) -> dict:
    """The sample with its longest lists of records (all of that length: a ranking and its
    shortlist) made count long by repeating their records."""
    found = list(_entry_lists(sample))
    longest = max((length for _, length in found), default=0)
    data = copy.deepcopy(sample)
    for path, length in found:
        if length != longest:
            continue
        node = data
        for key in path[:-1]:
            node = node[key]
        rows = node[path[-1]]
        node[path[-1]] = [dict(rows[i % len(rows)]) for i in range(count)]
    return data


def ink_ends(png: bytes) -> float:
    """Where the last row of content is, as a share of the page's height: a row is content when
    more than 1% of it differs from the page's own colour (its left margin at mid-height)."""
    pixels = numpy.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    height, width, _ = pixels.shape
    differs = numpy.abs(pixels - pixels[height // 2, 1]).sum(axis=2) > 60
    rows = differs[:, int(width * .03):int(width * .97)].mean(axis=1) > 0.01
    edge = max(1, height // 100)             # the rasteriser's last row is half a pixel
    rows[:edge] = rows[-edge:] = False
    found = numpy.flatnonzero(rows)
    return found[-1] / height if len(found) else 0.0


def cases():
    for kind in all_kinds():
        takes_entries = any(True for _ in _entry_lists(kind.sample()))
        for count in SIZES if takes_entries else (1,):
            yield pytest.param(kind, count, id=f"{kind.slug}-{count}")


def one_per_entry(kind) -> bool:
    """A kind printing a page per person (a quarter's certificates)."""
    return kind.slug.endswith("certificates")


@pytest.mark.parametrize("kind, count", list(cases()))
def test_a_kind_fills_its_pages_and_overflows_none(kind, count):
    data = with_entries(kind.sample(), count)
    pages = pdf_to_png(printer.render(kind, data, "pdf").content, dpi=DPI)
    ends = [ink_ends(page) for page in pages]
    if count <= 5 and not one_per_entry(kind):
        assert len(pages) == 1, f"{len(pages)} pages for {count} entries: the content overflows"
    if len(pages) == 1:
        assert ends[0] >= 0.5, f"the page is empty below {ends[0]:.0%} of its height"
    else:
        # 70%: a notice takes its last rows over with the sign-off, leaving a gap before them.
        thin = [number for number, end in enumerate(ends[:-1], 1) if end < 0.7]
        assert not thin, f"pages {thin} of {len(pages)} are cut short: {ends}"
        assert ends[-1] >= 0.1, f"the last page holds only a stray line ({ends[-1]:.0%})"
