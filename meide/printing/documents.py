"""Document kinds: each names its template, the page sizes it prints on, its masking profile,
how its data is put in order (stroke order unless ranked), and its sample data; and the registry
of every kind, those printed from data here and those workflows and programme packages declare."""

import difflib
import threading
from dataclasses import dataclass, field
from typing import Callable

from ..errors import MeideError
from . import samples
from .masking import PERSONAL, PUBLIC, PUBLIC_MASKED_NAMES, SHOP_FRONT, MaskProfile
from .pages import Page, page
from .stroke_order import sort_by_name


class UnknownDocument(MeideError, ValueError):
    """No document kind has this slug."""


def _same(data: dict, size: Page) -> tuple[dict, Page]:
    return data, size


def _notice(data: dict, size: Page):
    if not data.get("ranked"):
        data = {**data, "items": sort_by_name(data["items"])}
    return data, size


def _board(data: dict, size: Page):
    sections = []
    for section in data["sections"]:
        entries = section["entries"] if section.get("ranked") else sort_by_name(section["entries"])
        entries = [{"points": None, "citation": "", "photo": "", **entry} for entry in entries]
        sections.append({"ranked": False, "photos": False, **section, "entries": entries})
    return {**data, "sections": sections}, size


def _star_board(data: dict, size: Page):
    # Best first within each star level (the template groups the levels, five stars first).
    buildings = sorted(data["buildings"], key=lambda row: (-row["score"], row["building"]))
    return {"holder": "", **data, "buildings": buildings}, size


def _receipt(data: dict, size: Page):
    total = sum(item["points"] * item["quantity"] for item in data["items"])
    data = {**data, "total": total}
    if size.name == "80mm":     # the roll is cut where the receipt ends
        size = size.with_height(118 + 6 * len(data["items"]))
    return data, size


@dataclass(frozen=True)
class DocumentKind:
    """One kind of printed document."""

    slug: str
    title: str
    template: str
    sizes: tuple                      # page names, the first is the default
    mask: MaskProfile
    public: bool                      # posted or handed out beyond the person concerned
    prepare: Callable = field(default=_same, compare=False)   # (data, page) -> (data, page)
    sample: Callable = field(default=dict, compare=False)     # () -> sample data
    heading: str = ""                 # what the printed page says, when it is not the title
    group: str = ""                   # whose kind it is (a workflow's title), for choosers

    @property
    def printed_title(self) -> str:
        """The title as the printed document shows it (a plaque says 诚信商户, not 星级商户牌)."""
        return self.heading or self.title

    @property
    def label(self) -> str:
        """The name a chooser shows: 好人好事 · 美德信用故事, or 光荣榜 for printing's own."""
        return f"{self.group} · {self.title}" if self.group else self.title

    def page(self, size: str | None = None) -> Page:
        name = size or self.sizes[0]
        if name not in self.sizes:
            raise ValueError(f"{self.title}可用的纸张：{'、'.join(self.sizes)}（不是“{name}”）")
        return page(name)


# The kinds printed from data on demand (`meide print`, the printing page); workflows' documents
# and other packages' kinds join them in the registry below.
KINDS = {kind.slug: kind for kind in (
    DocumentKind("notice", "公示", "print/notice.html", ("A4",), PUBLIC, True,
                 _notice, samples.notice),
    DocumentKind("board", "光荣榜", "print/board.html", ("A4-landscape", "A3-landscape"),
                 PUBLIC, True, _board, samples.board),
    DocumentKind("certificate", "荣誉证书", "print/certificate.html", ("A4-landscape",),
                 PUBLIC, True, _same, samples.certificate),
    # A merchant's address is its shop front, not a home: shown whole.
    DocumentKind("merchant_plaque", "星级商户牌", "print/merchant_plaque.html", ("A4",),
                 SHOP_FRONT, True, _same, samples.merchant_plaque, heading="诚信商户"),
    DocumentKind("building_plaque", "最美楼栋流动牌", "print/building_plaque.html", ("A4",),
                 PUBLIC, True, _same, samples.building_plaque, heading="最美楼栋"),
    DocumentKind("star_board", "信用星级榜", "print/star_board.html", ("A4", "A3-landscape"),
                 PUBLIC, True, _star_board, samples.star_board),
    DocumentKind("statement", "积分明细单", "print/statement.html", ("A4",),
                 PERSONAL, False, _same, samples.statement),
    DocumentKind("receipt", "兑换凭证", "print/receipt.html", ("80mm", "A5"),
                 PERSONAL, False, _receipt, samples.receipt),
    DocumentKind("lottery", "抽奖记录", "print/lottery.html", ("A4",),
                 PUBLIC_MASKED_NAMES, True, _same, samples.lottery),
    # A volunteer's hours over a period, from the verified activities (meide.volunteer).
    DocumentKind("hours_certificate", "志愿服务时长证明", "volunteer_activity/hours_certificate.html",
                 ("A4",), PUBLIC, True, _same, samples.hours_certificate),
)}


_registry = dict(KINDS)
_lock = threading.Lock()


def register(made: DocumentKind) -> DocumentKind:
    """Add a kind (or replace the one of its slug: a notebook redefines a workflow); returns it."""
    with _lock:
        _registry[made.slug] = made
    return made


def registered() -> list:
    """Every kind registered so far, the printing kinds first."""
    with _lock:
        return list(_registry.values())


def workflow_template(slug: str, name: str) -> str:
    """Where a workflow's document kind is shipped: templates/<workflow slug>/<kind>.html."""
    return f"{slug}/{name}.html"


def kind(slug) -> DocumentKind:
    """The document kind named slug (a DocumentKind is its own answer), with a 'did you mean'
    for a near miss."""
    if isinstance(slug, DocumentKind):
        return slug
    with _lock:
        found = _registry.get(slug)
        known = list(_registry)
    if found is not None:
        return found
    close = difflib.get_close_matches(slug, known, n=1)
    hint = f"；是不是“{close[0]}”？" if close else f"；可选：{'、'.join(known)}"
    raise UnknownDocument(f"没有名为“{slug}”的文书{hint}")
