"""What a record worked out, as its page shows it: figures, tables with headers, its points entries."""

import logging

from ..i18n import N_, _
from ..kernel.fields import is_empty
from . import display

log = logging.getLogger(__name__)
# Rows a table on the record page lists; a longer one (a subdistrict's frozen ranking) says how
# many more there are (its document lists them all).
ROWS_SHOWN = 100
WRITES = ("award", "deduct", "award_each", "reverse")
REVERSED = N_("Reversed")


def cell(value) -> str:
    """One worked-out value in a table cell: lists joined, the rest as output_text shows it."""
    if value is None or value == "":
        return display.EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (list, tuple)):
        return _(", ").join(cell(item) for item in value)
    return display.output_text(value)


def rows_of(value) -> list:
    """A table output's rows: its list of row dicts, or its one row."""
    rows = [value] if isinstance(value, dict) else list(value or [])
    return [row for row in rows if isinstance(row, dict)]


def table_html(output, value, limit: int = ROWS_SHOWN) -> str:
    """A table output as a table under its columns' headers, at most limit rows (the count of
    the rest said below it)."""
    rows = rows_of(value)
    shown = [[cell(row.get(key)) for key in output.columns] for row in rows[:limit]]
    parts = [display.table_html([_(header) for header in output.columns.values()], shown)]
    if len(rows) > limit:
        parts.append(display.text_html(_("The first {shown} of {count} rows are listed.")
                                       .format(shown=limit, count=len(rows))))
    return "".join(parts)


def one_row_text(output, value) -> str:
    """A single row (a dict) as one line, each value under its column's header."""
    return _("; ").join(_("{field}: {value}").format(field=_(header), value=cell(value.get(key)))
                        for key, header in output.columns.items()
                        if not is_empty(value.get(key)))


def outputs_html(cls, record) -> list:
    """The record's declared outputs that hold a value (HTML parts): figures in one table of
    items, each list of rows as its own table under its label."""
    items, tables = [], []
    for name, output in cls.declaration().outputs.items():
        value = record.outputs.get(name)
        if not output.shown or is_empty(value):
            continue
        if output.columns and isinstance(value, list):
            tables += [display.heading_html(_(output.label), 4), table_html(output, value)]
        elif output.columns and isinstance(value, dict):
            items.append([_(output.label), one_row_text(output, value)])
        else:
            items.append([_(output.label), display.output_text(value)])
    figures = [display.table_html([_("Item"), _("Content")], items)] if items else []
    return [*figures, *tables]


def entries_written(record) -> list:
    """Ids of the ledger entries the record's effects wrote (awards, deductions, reversals), in
    the order they were written."""
    found = []
    for step in record.doc.get("effects") or []:
        for done in step.get("done") or []:
            if not done or done.get("effect") not in WRITES:
                continue
            if done["effect"] in ("award", "deduct"):
                found.append(done["entry"])
            elif done["effect"] == "award_each":
                found += [item["entry"] for item in done.get("entries") or []]
            else:
                found += [item["reversal"] for item in done.get("entries") or []]
    return found


def points_html(services, record, limit: int = ROWS_SHOWN) -> list:
    """The points the record gave or took, entry by entry: whose account, how many, why, when,
    and whether it was reversed since."""
    ledger = getattr(services, "ledger", None)
    written = entries_written(record)
    if ledger is None or not written:
        return []
    rows = []
    for entry_id in written[:limit]:
        try:
            entry = ledger.entry(entry_id)
        except Exception:
            log.warning("record %s:%s names a missing ledger entry %s", record.slug, record.id,
                        entry_id, exc_info=True)
            continue
        kind, _sep, number = entry.account.partition(":")
        whose = display.describe(services, kind, int(number) if number.isdigit() else number)
        status = _(REVERSED) if entry.op != "reverse" and ledger.reversal_of(entry.id) else ""
        rows.append([whose, f"{entry.points:+d}", entry.reason, display.moment(entry.at),
                     status])
    parts = [display.heading_html(_("Points given or taken by this record"), 4),
             display.table_html([_("Points account"), _("Points"), _("What for"),
                                 _("Time"), _("Status")], rows)]
    if len(written) > limit:
        parts.append(display.text_html(_("The first {shown} of {count} rows are listed.")
                                       .format(shown=limit, count=len(written))))
    return parts
