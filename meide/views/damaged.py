"""The page the server answers with once it finds the data folder damaged, and what to do."""

import contextlib
import logging
from pathlib import Path

import tornado.web

import store

from ..i18n import _
from ..printing.environment import render

log = logging.getLogger(__name__)


def page(damage) -> str:
    """The page for a store.StoreCorrupt: the damaged file and offset, and who fixes it how.

    Anyone who opens an address sees it, signed in or not, so it names the file but not the
    folder it lies in; the server's log and `meide check` give the whole path.
    """
    file = Path(damage.path).name
    texts = {"title": _("Meide · data folder damaged"), "product": _("Meide virtue credit"),
             "heading": _("The data folder is damaged"),
             "what": _("The data file {file} is damaged at byte offset {offset}. So that no data "
                       "is lost, Meide did not open it and changed nothing; nobody can sign in "
                       "until it is repaired.").format(file=file, offset=damage.offset),
             "todo": _("Please tell your system administrator: “meide check” shows the details, "
                       "“meide restore” brings back the latest backup, and then Meide is started "
                       "again.")}
    if damage.aside:
        texts["aside"] = _("A copy of the damaged bytes is kept in {file}.").format(
            file=Path(damage.aside).name)
    return render("signin/damaged.html", lang="zh-CN", t=texts)


def refuse(handler: tornado.web.RequestHandler, damage):
    """Answer handler's request with the damage page (503, Service Unavailable) and end it."""
    log.error("every page answers with the damage notice: %s", damage)
    handler.clear()
    handler.set_status(503)
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Cache-Control", "no-store")
    raise tornado.web.Finish(page(damage))


@contextlib.contextmanager
def refusing(handler: tornado.web.RequestHandler):
    """Run the block; if it finds the data folder damaged, answer with the damage page instead
    of the server's general error page."""
    try:
        yield
    except store.StoreCorrupt as damage:
        refuse(handler, damage)
