"""志愿服务时长证明: a volunteer's verified hours over a period, printed as HTML, PDF or PNG."""

import datetime as dt

from .. import clock
from ..children.public_names import for_public
from ..kernel import WorkflowError
from ..printing import printer
from ..printing.editable import EditableTemplates
from ..rating.certificates import numbered
from . import stats

KIND = "hours_certificate"
TITLE = "志愿服务时长证明"


def certificate_data(runner, actor, resident: int, start: dt.date, end: dt.date,
                     office: str) -> dict:
    """What the certificate shows, with the number it was issued under (the same for every
    reprint of the same volunteer and period); WorkflowError when there are no verified hours."""
    tally = stats.volunteer(runner, actor, resident, start, end)
    if tally is None:
        raise WorkflowError(f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}没有该居民经核实的志愿服务记录，"
                            "无法出具时长证明")
    today = clock.today()
    hours = int(tally.hours) if float(tally.hours).is_integer() else tally.hours
    data = {"recipient": tally.name, "start": start.isoformat(), "end": end.isoformat(),
            "teams": tally.teams, "activities": tally.rows, "hours": hours,
            "points": tally.points, "office": office, "issued_on": today.isoformat(),
            "number": "", "final": True}
    registry = getattr(runner.services, "registry", None)
    person = registry.residents.get(int(resident)) if registry is not None else None
    scope = {"community": person["community"]} if person else {}
    if registry is not None:      # a child volunteer's name masked unless the programme allows
        data = for_public(registry, data)
    # The same volunteer, period, hours and unit: the same certificate, the same number.
    key = f"hours:{int(resident)}:{start.isoformat()}:{end.isoformat()}:{hours}:{office}"
    return numbered(runner.store, [data], [key], kind=TITLE, scope=scope,
                    actor=getattr(actor, "username", ""))[0]


def print_certificate(runner, actor, resident: int, start: dt.date, end: dt.date, office: str,
                      format: str = "pdf"):
    """The certificate as printer.Printed (public masking: no phone or ID number)."""
    data = certificate_data(runner, actor, resident, start, end, office)
    return printer.render(KIND, data, format, templates=EditableTemplates(runner.store))
