"""志愿服务时长证明: a volunteer's verified hours over a period, printed as HTML, PDF or PNG."""

import datetime as dt

from .. import clock
from ..kernel import WorkflowError
from ..printing import printer
from ..printing.editable import EditableTemplates
from . import stats

KIND = "hours_certificate"


def certificate_data(runner, actor, resident: int, start: dt.date, end: dt.date,
                     office: str) -> dict:
    """What the certificate shows; WorkflowError when the volunteer has no verified hours."""
    tally = stats.volunteer(runner, actor, resident, start, end)
    if tally is None:
        raise WorkflowError(f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}没有该居民经核实的志愿服务记录，"
                            "无法出具时长证明")
    today = clock.today()
    hours = int(tally.hours) if float(tally.hours).is_integer() else tally.hours
    return {"recipient": tally.name, "start": start.isoformat(), "end": end.isoformat(),
            "teams": tally.teams, "activities": tally.rows, "hours": hours,
            "points": tally.points, "office": office, "issued_on": today.isoformat(),
            "number": f"ZYFW-{today:%Y%m%d}-{int(resident):06d}", "final": True}


def print_certificate(runner, actor, resident: int, start: dt.date, end: dt.date, office: str,
                      format: str = "pdf"):
    """The certificate as printer.Printed (public masking: no phone or ID number)."""
    data = certificate_data(runner, actor, resident, start, end, office)
    return printer.render(KIND, data, format, templates=EditableTemplates(runner.store))
