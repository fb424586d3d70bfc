"""Data of the documents staff print on demand (a community's quarterly 光荣榜, the role models'
honour board of a year, their certificates, a resident's 积分明细单), read from the registry and
the ledger.

`meide print` and the console's printing page both build their documents here; neither checks
scope here: the page does, before it asks (the command line runs as the data folder's owner).
"""

import hashlib
import json

from .. import clock
from ..children.public_names import for_public
from ..kernel import catalog
from ..kernel.documents import OFFICE_SUFFIX, PROGRAMME_OFFICE
from ..periods import Period
from ..printing import certificates, honours
from ..rating.certificates import numbered

CERTIFICATE = "荣誉证书"
STATEMENT = "积分明细单"


def community_office(community) -> str:
    """Who signs a community's documents: 北门社区居民委员会."""
    return community["name"] + OFFICE_SUFFIX


def place_office(registry, community=None) -> tuple:
    """(place, office) of a community, or with None of the whole subdistrict."""
    if community is not None:
        return community["name"], community_office(community)
    subdistricts = registry.subdistricts.list()
    place = subdistricts[0]["name"] if subdistricts else ""
    return place, place + PROGRAMME_OFFICE


def quarterly_board(registry, ledger, community, period: Period, *, top: int = 10,
                    ranked: bool = False, office: str = "", final: bool = True) -> dict:
    """The `board` data of a community's quarter: the top residents of each award category.

    An honour board lists honours only: a category with no rule that awards points (楼道公约's
    deductions) has no section, and a resident whose points in a category net to zero or below
    is not on it (a rank counts only those with more points, so the top places stay the same)."""
    start, end = period.bounds
    ranking = ledger.ranking(start, end, by="category", kind="resident",
                             community=community.doc_id, top=top)
    awarded = ledger.catalogue.award_categories()
    sections = []
    for category, rows in ranking.groups().items():
        if category not in awarded:
            continue
        rows = [row for row in rows if row.points > 0]
        if not rows:
            continue
        entries = [{"name": registry.residents.get(int(row.account.partition(":")[2]))["name"],
                    "points": row.points, "account": row.account} for row in rows]
        sections.append({"title": category, "ranked": ranked,
                         "entries": entries})
    if not sections:
        raise ValueError(f"{community['name']}在{period.label}没有积分记录，换个季度试试")
    # A child's name is masked here, in the data, unless the programme's rule allows it.
    return for_public(registry, {
        "title": "光荣榜", "subtitle": f"{community['name']}{period.label}美德信用表彰",
        "period": {"start": start, "end": period.last_day}, "sections": sections,
        "office": office or community_office(community), "issued_on": clock.today(),
        "final": final})


def honours_board(registry, year: int, community=None, *, office: str = "",
                  final: bool = True) -> dict:
    """The `board` data of the role models honoured in year: of one community (a registry
    record), or with None of the whole subdistrict (each citation naming the community)."""
    entries = honours.published(registry.store, year,
                                community.doc_id if community is not None else None)
    order = honours.category_order(catalog.all_workflows())
    place, signer = place_office(registry, community)
    places = None if community is not None else \
        {c.doc_id: c["name"] for c in registry.communities.list(None)}
    return for_public(registry, honours.board_data(
        entries, place=place, year=year, order=order, places=places, office=office or signer,
        final=final))


def star_certificates(registry, ledger, community, period: Period, *, top: int = 10,
                      office: str = "", final: bool = True) -> list:
    """The `certificate` data of each person on a community's quarterly board; a final one
    carries the number it was issued under (the same at every reprint)."""
    board = quarterly_board(registry, ledger, community, period, top=top, office=office,
                            final=final)
    keys = [f"star:{community.doc_id}:{period.key}:{section['title']}:{entry['account']}"
            for section in board["sections"] for entry in section["entries"]]
    return numbered(registry.store, certificates.of_quarter(board, period), keys,
                    kind=CERTIFICATE, scope={"community": community.doc_id})


def role_model_certificates(registry, year: int, community=None, *, office: str = "",
                            final: bool = True) -> list:
    """The `certificate` data of each role model honoured in year (of one community or all); a
    final one carries the number it was issued under (the same at every reprint)."""
    entries = honours.published(registry.store, year,
                                community.doc_id if community is not None else None)
    made = for_public(registry, certificates.of_honours(
        entries, year, office or place_office(registry, community)[1], final=final))
    keys = [f"honour:{entry.doc_id}" for entry in entries]
    scope = {"community": community.doc_id} if community is not None else {}
    return numbered(registry.store, made, keys, kind=CERTIFICATE, scope=scope)


def statement(registry, ledger, resident_id: int, period: Period | None = None, *,
              office: str = "", final: bool = True) -> dict:
    """The `statement` data of a resident: every entry (of one period, if given), explained."""
    start, end = period.bounds if period is not None else (None, None)
    resident = registry.residents.get(int(resident_id))
    community = registry.communities.get(resident["community"])
    account = f"resident:{resident.doc_id}"
    explained = ledger.statement(account, start, end).asdict()
    data = {**explained, "resident": {"name": resident["name"], "community": community["name"],
                                      "address": resident.get("address") or "",
                                      "phone": resident.get("phone") or ""},
            "end": period.last_day if period is not None else None,
            "office": office or community_office(community), "final": final}
    # Numbered like a certificate (its QR opens /verify): the same entries printed again keep
    # the number, a statement with one more entry gets its own.
    lines = [(line["entry_id"], line["points"], line["reversed_by"])
             for line in explained["lines"]]
    key = "statement:" + hashlib.sha256(json.dumps(
        [account, str(start), str(end), lines], default=str).encode()).hexdigest()[:24]
    scope = {level: resident.get(level) for level in ("subdistrict", "community", "grid")
             if resident.get(level) is not None}
    made = {**data, "recipient": resident["name"], "issued_on": clock.today().isoformat()}
    return numbered(registry.store, [made], [key], kind=STATEMENT, scope=scope)[0]
