"""The role models' honour board (榜样光荣榜): a year's published honours as `board` kind data."""

import datetime as dt

import store

from .. import clock

TABLE, BOARD = "boards", "honor"


def published(opened_store, year: int, community=None) -> list:
    """The honours published in year (board "honor", Publish effects), of one community (its id)
    or, with None, of the whole subdistrict; in the order they were published."""
    found = opened_store.table(TABLE).search(store.where("board") == BOARD)
    return sorted((entry for entry in found
                   if str(entry.get("at", ""))[:4] == str(year)
                   and (community is None or (entry.get("scope") or {}).get("community")
                        == community)), key=lambda entry: entry.doc_id)


def of_record(opened_store, slug: str, record_id) -> list:
    """The honours one workflow record published (a record may be honoured once per board)."""
    opened_store.add_index(TABLE, "record")
    found = opened_store.table(TABLE).search(store.where("record") == int(record_id))
    return [entry for entry in found if entry.get("slug") == slug and entry["board"] == BOARD]


def category_order(workflows) -> list:
    """The honour categories in declaration order: the choices of the field each workflow
    publishes to the honour board as the entry's title (榜样评选's 评选类别)."""
    order = []
    for cls in workflows:
        for effects in cls.effects.values():
            for effect in effects:
                if getattr(effect, "board", None) != BOARD or not effect.title_field:
                    continue
                choices = getattr(cls.param[effect.title_field], "objects", None) or []
                order += [choice for choice in choices if choice not in order]
    return order


def board_data(entries, *, place: str, year: int, office: str, order=(), places=None,
               issued_on: dt.date | None = None, final: bool = True) -> dict:
    """Data for the `board` kind: a section per category (in `order`, others after them in the
    order first published), each person with the story title as citation; the kind puts the
    names in surname-stroke order. places ({community id: name}) prefixes each citation with
    the community, for a board of the whole subdistrict."""
    if not entries:
        raise ValueError(f"{place}{year}年还没有评定的榜样（公示期满、评定通过后才上榜）")
    sections = {category: [] for category in order}
    for entry in entries:
        citation = entry.get("text") or ""
        if places is not None:
            where = places.get((entry.get("scope") or {}).get("community"), "")
            citation = f"{where}　{citation}".strip()
        sections.setdefault(entry.get("title") or "美德榜样", []).append(
            {"name": entry["person_name"], "citation": citation})
    return {"title": "光荣榜", "subtitle": f"{place}{year}年度美德榜样",
            "period": {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)},
            "sections": [{"title": title, "ranked": False, "entries": rows}
                         for title, rows in sections.items() if rows],
            "office": office, "issued_on": issued_on or clock.today(), "final": final}
