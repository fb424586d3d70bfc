"""How engine values look on screen: labels, values, moments, alerts and small escaped tables."""

import datetime as dt
import functools
import html
import logging
import re

import babel.dates
import panel as pn
import param

from ..errors import worded_for_staff
from ..i18n import _, current_locale
from ..kernel import FieldError
from ..kernel.fields import Reference, form_fields, is_empty
from . import session  # noqa: F401  (every view keeps its UI language per browser session)

log = logging.getLogger(__name__)
EMPTY = "—"
BUTTON_TYPES = {"primary", "success", "warning", "danger", "default", "light"}


def title(cls) -> str:
    return _(cls.title)


def state_label(cls, state: str) -> str:
    declared = cls.declaration().states.get(state)
    return _(declared.label) if declared else state


def transition_label(cls, name: str, fallback: str = "") -> str:
    declared = cls.declaration().transitions.get(name)
    return _(declared.label) if declared else _(fallback or name)


def field_label(parameter) -> str:
    return _(parameter.label)


def number(record) -> str:
    return _("No. {number}").format(number=record.id)


def describe(services, kind, record_id) -> str:
    """A referenced record's name; its number if the registry cannot name it (deleted, say)."""
    try:
        return services.describe(kind, record_id)
    except Exception:
        log.warning("could not describe %s %s", kind, record_id, exc_info=True)
        return f"#{record_id}"


def has_value(parameter, value) -> bool:
    """Whether a field is worth a line on a record page: it holds a value, or it is a reference
    whose emptiness means something (no community: the whole subdistrict)."""
    return not is_empty(value) or bool(getattr(parameter, "blank", ""))


def value_text(services, parameter, value) -> str:
    """A field value as staff read it: choice labels, names for references, local dates."""
    if is_empty(value) and getattr(parameter, "blank", ""):
        return _(parameter.blank)
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(parameter, Reference):
        return describe(services, parameter.kind, value)
    if isinstance(parameter, param.Boolean):
        return _("Yes") if value else _("No")
    names = getattr(parameter, "names", None)
    if names:
        return next((_(label) for label, choice in names.items() if choice == value), str(value))
    if isinstance(parameter, param.CalendarDate):
        return day(value)
    if isinstance(parameter, param.Date):
        return moment(value)
    return str(value)


def due_text(cls, record) -> str:
    """When the record's timed stage ends, called what its declaration calls it (the re-review
    date), a notice period's end if it says nothing, and what then happens by itself."""
    state = cls.declaration().states.get(record.state)
    ends = state.timed.ends if state and state.timed else ""
    action = transition_label(cls, record.due.get("transition", ""))
    if ends:
        # A date the record decides (a plaque's re-review) falls at midnight: the day says it.
        return _("{ends}: {moment}; then “{action}” happens by itself.").format(
            ends=_(ends), moment=day(record.due.get("at", "")[:10]), action=action)
    # Named as the workflow calls the stage: a 公示期, a deduction's 申诉期…
    period = _(state.timed.label) if state and state.timed else _("Notice period")
    return _("{period} ends {moment}; then “{action}” happens by itself.").format(
        period=period, moment=moment(record.due.get("at")), action=action)


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def output_text(value, width: int = 300) -> str:
    """A worked-out value (a score, a list of rows, a frozen text) as one readable line: the
    values of a row joined, rows separated, dates (kept as ISO text) in the session's language,
    whole numbers without .0, cut at width characters."""
    if isinstance(value, dict):
        text = _(", ").join(output_text(v, width) for v in value.values()
                        if v not in (None, "", [], {}))
    elif isinstance(value, (list, tuple)):
        text = _("; ").join(output_text(v, width) for v in value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, str) and ISO_DAY.fullmatch(value):
        text = day(value)
    elif isinstance(value, str) and ISO_MOMENT.match(value):
        text = moment(value)
    else:
        text = str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def summary(runner, record, width: int = 40) -> str:
    """The one line naming a record in lists: its title field (a name for a reference)."""
    cls = runner.workflow(record.slug)
    fields = {p.name: p for p in form_fields(cls)}
    name = cls.title_field or next(iter(fields), "")
    text = value_text(runner.services, fields[name], record.values.get(name)) if name else ""
    return text if len(text) <= width else text[:width - 1] + "…"


def moment(value) -> str:
    """A stored ISO time in the session's language (Chinese year-month-day in zh_CN)."""
    if not value:
        return EMPTY
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return babel.dates.format_datetime(when, _("d MMM yyyy HH:mm"), locale=_locale())


def period(value) -> str:
    """A Period as staff read it: its one Chinese label (Period.label), or Q3 2026 in English."""
    return value.label if current_locale() == "zh_CN" else value.english


def period_options(periods) -> dict:
    """{shown text: Period} for a select of periods."""
    return {period(each): each for each in periods}


def day(value) -> str:
    if not value:
        return EMPTY
    when = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return babel.dates.format_date(when, _("d MMM yyyy"), locale=_locale())


def _locale():
    return _babel_locale(current_locale())


@functools.lru_cache(maxsize=None)
def _babel_locale(code: str):
    # Parsing a locale name checks the disk for its data: once per language, not per date shown.
    return babel.Locale.parse(code)


def heading(text: str, level: int = 2):
    return pn.pane.Markdown("#" * level + " " + html.escape(text))


def text(words: str):
    """A paragraph of plain text (escaped: it may hold what staff typed)."""
    return pn.pane.Markdown(html.escape(words))


def alert(text: str, kind: str = "danger"):
    """A message box; the text is escaped (it may quote what staff typed)."""
    return pn.pane.Alert(html.escape(text), alert_type=kind, sizing_mode="stretch_width")


def failure(exc: Exception):
    """The alert for an error from an action: the kernel's own words, never a traceback."""
    if isinstance(exc, FieldError):
        return alert(_("; ").join(exc.problems.values()), "danger")
    if worded_for_staff(exc):
        return alert(str(exc), "warning")
    log.exception("unexpected error in a console action", exc_info=exc)
    return alert(_("Something went wrong and nothing was changed. Please try again; if it "
                   "happens again, tell your administrator."), "danger")


def button_color(style: str) -> str:
    return style if style in BUTTON_TYPES else "primary"


def table(headers, rows, empty: str = ""):
    """A plain HTML table with every cell escaped (rows are lists of strings)."""
    if not rows:
        return pn.pane.HTML(f"<p class='meide-empty'>{html.escape(empty)}</p>")
    return pn.pane.HTML(table_html(headers, rows), stylesheets=[TABLE_CSS],
                        sizing_mode="stretch_width")


def table_html(headers, rows, empty: str = "") -> str:
    """table()'s HTML (with TABLE_CSS), for a pane that shows more than the table."""
    if not rows:
        return f"<p class='meide-empty'>{html.escape(empty)}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(_cell(str(c)) for c in row) + "</tr>" for row in rows)
    return (f"<table class='meide-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def heading_html(text: str, level: int = 2) -> str:
    return f"<h{level}>{html.escape(text)}</h{level}>"


def text_html(words: str) -> str:
    return f"<p>{html.escape(words)}</p>"


SHORT_CELL = 20        # characters: a name, an action, a time; such cells are never broken


def _cell(text: str) -> str:
    # Short cells keep to one line: otherwise a long cell beside them (what changed, a story)
    # squeezes names and actions into one character per line.
    short = " class='meide-short'" if len(text) <= SHORT_CELL else ""
    return f"<td{short}>{html.escape(text)}</td>"


TABLE_CSS = """
.meide-table { border-collapse: collapse; width: 100%; font-size: 14px; }
.meide-table th, .meide-table td { border-bottom: 1px solid #ddd; padding: 4px 8px;
  text-align: left; vertical-align: top; }
.meide-table th { background: #f6f6f6; white-space: nowrap; }
.meide-table td.meide-short { white-space: nowrap; }
"""

