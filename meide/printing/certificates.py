"""Certificates of honour in bulk: the `certificate` data of each person on a quarter's board or
among a year's role models (printed together by batch.print_many). Their numbers are left blank
(the placeholder a sample prints): meide.rating.certificates issues the real ones."""

import datetime as dt

from .. import clock

SALUTATION = "同志"


def of_quarter(board: dict, period) -> list:
    """One certificate per person on a quarterly board's data (printouts.quarterly_board): the
    points earned and the category they earned the most in (period: a meide.periods.Period)."""
    issued = {"office": board["office"], "issued_on": board.get("issued_on") or clock.today(),
              "final": board.get("final", True)}
    made = []
    for section in board["sections"]:
        for entry in section["entries"]:
            made.append({
                **issued, "recipient": entry["name"], "salutation": SALUTATION,
                "citation": f"在{period.label}美德信用建设中表现突出，获得积分"
                            f"{entry['points']}分，被评为",
                "honour": f"{section['title']}“美德信用之星”", "number": ""})
    return made


def of_honours(entries: list, year: int, office: str, *, issued_on: dt.date | None = None, final: bool = True) -> list:
    """One certificate per role model honoured (honours.published entries), with the title of
    their story and the honour they were chosen for."""
    if not entries:
        raise ValueError(f"{year}年还没有评定的榜样（公示期满、评定通过后才上榜）")
    made = []
    for entry in entries:
        story = entry.get("text") or ""
        citation = (f"您的事迹“{story}”感人至深，经群众推荐、评审和公示，被评为" if story
                    else "经群众推荐、评审和公示，被评为")
        made.append({"recipient": entry["person_name"], "salutation": SALUTATION,
                     "citation": citation, "honour": f"“{entry.get('title') or '美德榜样'}”",
                     "office": office, "issued_on": issued_on or clock.today(), "final": final,
                     "number": ""})
    return made
