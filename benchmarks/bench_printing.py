"""Printing: honour boards of 40 and 1,000 names to PDF, and 1,000 certificates as one PDF (time
and peak memory), against a one-page certificate PDF measured in the same run."""

import multiprocessing
import resource
import time

from common import result

from meide.printing import printer
from meide.printing.documents import KINDS

TARGETS = {40: 0.3, 1000: 1.5}     # seconds for one board PDF (issue 20)
CERTIFICATES = 1000


def _seconds(kind: str, data: dict) -> float:
    start = time.perf_counter()
    printer.render(kind, data, "pdf")
    return time.perf_counter() - start


def _certificates(count: int, answer):
    # In a fresh process, so its peak resident memory is the batch's own.
    from meide.printing.batch import print_many
    printer.sample("certificate", "pdf")
    items = [KINDS["certificate"].sample()] * count
    start = time.perf_counter()
    printed = print_many("certificate", items)
    answer.put((time.perf_counter() - start, len(printed.content),
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def run(quick: bool) -> list:
    printer.sample("certificate", "pdf")     # warm up: fonts found, character maps read
    repeats = 1 if quick else 5
    baseline = result("certificate_pdf_1_page", "s",
                      [_seconds("certificate", KINDS["certificate"].sample())
                       for _ in range(repeats)], note="the baseline: one A4 certificate")
    results = [baseline]
    for count, limit in TARGETS.items():
        data = KINDS["board"].sample(count=count)
        samples = [_seconds("board", data) for _ in range(repeats if count < 1000 else
                                                           max(1, repeats // 2))]
        results.append(result(f"board_pdf_{count}_names", "s", samples, baseline=baseline,
                              target=("median", limit), note="stroke-sorted, A4 landscape"))
    count = 100 if quick else CERTIFICATES
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=_certificates, args=(count, answer))
    child.start()
    seconds, size, peak_mb = answer.get()
    child.join()
    results.append(result(f"certificates_pdf_{count}", "s", [seconds], baseline=baseline,
                          note=f"batch.print_many, one PDF of {size / 2**20:.1f} MB"))
    results.append(result(f"certificates_pdf_{count}_peak_memory", "MB", [peak_mb],
                          note="peak resident memory of the process that laid them out"))
    return results
