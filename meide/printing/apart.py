"""A batch print laid out in a child process, so the server's sessions keep their CPU and GIL.

Laying out a thousand certificates takes minutes of pure-Python work (WeasyPrint); in the served
app's process it held the interpreter lock against every other session (a table took seconds to
appear while a print ran). A spawned child (not forked: the server runs threads) does the work on
the other core and reports progress back through a queue the child inherits.
"""

import multiprocessing
import queue as queues
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

from .batch import print_many
from .documents import kind as document_kind
from .editable import EditedSources
from .fonts import check_fonts
from .printer import Printed

_progress = None    # the child's end of the progress queue


def print_many_apart(slug: str, items: list, *, size: str | None = None, templates=None,
                     folders=(), progress: Callable[[int, int], None] | None = None) -> Printed:
    """What batch.print_many returns, laid out in a child process; progress as there."""
    if not items:
        raise ValueError("没有要打印的文书：名单是空的")
    document_kind(slug)     # an unknown kind is refused here, in words, not in the child
    check_fonts()       # here, so that its error reaches the page as it is
    # The child cannot open the store the server holds: it gets the edited template as text.
    edited = EditedSources({slug: templates.edited(slug)} if templates is not None else {})
    context = multiprocessing.get_context("spawn")
    reports = context.Queue()
    with ProcessPoolExecutor(1, mp_context=context, initializer=_remember,
                             initargs=(reports,)) as pool:
        future = pool.submit(_print, slug, items, size, edited, tuple(folders))
        while True:
            try:
                done, total = reports.get(timeout=0.2)
            except queues.Empty:
                if future.done():
                    break
                continue
            if progress is not None:
                progress(done, total)
        result = future.result()
    if progress is not None:
        progress(len(items), len(items))   # a last report may still be on its way
    return result


def _remember(reports):
    global _progress
    _progress = reports


def _print(slug, items, size, edited, folders) -> Printed:
    return print_many(slug, items, size=size, templates=edited, folders=folders,
                      progress=lambda done, total: _progress.put((done, total)))
