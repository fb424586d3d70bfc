"""Printing: honor boards of 40 and 1,000 names rendered to PDF (WeasyPrint, fonts embedded)."""

import time

from common import result

from meide.printing import printer
from meide.printing.documents import KINDS

TARGETS = {40: 1.0, 1000: 10.0}     # seconds for one board PDF (DESIGN.md §6)


def _board_seconds(count: int) -> float:
    data = KINDS["board"].sample(count=count)
    start = time.perf_counter()
    printer.render("board", data, "pdf")
    return time.perf_counter() - start


def run(quick: bool) -> list:
    printer.sample("certificate", "pdf")     # warm up: fonts found, character maps read
    results = []
    for count, limit in TARGETS.items():
        samples = [_board_seconds(count) for _ in range(1 if quick or count >= 1000 else 5)]
        results.append(result(f"board_pdf_{count}_names", "s", samples, target=("median", limit),
                              note="A4 landscape, inline-block name cells, stroke-sorted"))
    return results
