"""Volunteer service pages: the activities to enter sheets for, and one activity's sheet entry.

A paper sign-in sheet is typed one volunteer per line (name [4-digit tail] hours), or uploaded as
.xlsx/.csv (its rows are turned into such lines, so they can be checked and corrected in the
same box). Every line is matched to a resident within the staff member's scope; nothing is
saved until every line is right, and then the whole sheet is saved in one transaction.
"""

import datetime as dt
import html
import io
import tempfile
from pathlib import Path

import panel as pn
import param

from .. import clock
from ..i18n import _
from .file_names import file_name
from ..kernel.documents import issuer
from ..registry.spreadsheet import read_rows
from ..volunteer import Attendance, parse_rows, parse_text, resolve_sheet
from ..volunteer.attendance import SLUG
from ..volunteer.certificate import print_certificate
from ..volunteer.resolve import sheet_problems
from ..volunteer.stats import tallies
from . import display
from .download import Download
from .record import RecordPage
from .rows import RecordRows

SHEET_CSS = "textarea { font-family: monospace; font-size: 15px; }"


def _hours(value) -> str:
    if value is None or value == "":
        return display.EMPTY
    return str(int(value)) if float(value).is_integer() else str(value)


def _time(value) -> str:
    if not value:
        return display.EMPTY
    return value[11:16] if "T" in value else value


class VolunteerActivities(pn.viewable.Viewer):
    """The activities in the actor's scope, newest first, each opening its sign-in sheet page;
    below, this year's hours and points per team and per volunteer."""

    runner = param.Parameter(doc="The kernel Runner the activities are read through.")
    actor = param.Parameter(doc="The signed-in Actor; only activities in their scope are listed.")
    opened = param.Integer(default=None, allow_None=True,
                           doc="The activity whose sign-in sheet page the person chose to open.")

    def __init__(self, **params):
        super().__init__(**params)
        self.runner.workflow(SLUG)
        _total, activities = self.runner.search(SLUG, self.actor, limit=50)
        self.rows = RecordRows(runner=self.runner, records=activities,
                               empty=_("No volunteer activities yet."))
        self.rows.param.watch(self._open, "opened")
        self._layout = pn.Column(
            display.heading(_("Volunteer service"), 2),
            display.text(_("Open an activity to enter its paper sign-in sheet and verify it.")),
            self.rows, *statistics(self.runner, self.actor), sizing_mode="stretch_width")

    def _open(self, event):
        if event.new:
            self.opened = event.new[1]

    def __panel__(self):
        return self._layout


def statistics(runner, actor, year: int = None) -> list:
    """Panels: this year's hours and points per team and per volunteer in the actor's scope."""
    year = year or clock.today().year
    teams, people = tallies(runner, actor, dt.date(year, 1, 1), dt.date(year, 12, 31))
    team_rows = [[t.name, t.activities, len(t.volunteers), _hours(t.hours), t.points]
                 for t in teams]
    people_rows = [[p.name, _("; ").join(p.teams), p.activities, _hours(p.hours), p.points]
                   for p in people]
    return [display.heading(_("Teams in {year}").format(year=year), 3),
            display.table([_("Team"), _("Activities"), _("Volunteers"), _("Hours"), _("Points")],
                          team_rows, empty=_("No verified activities this year.")),
            display.heading(_("Volunteers in {year}").format(year=year), 3),
            display.table([_("Volunteer"), _("Teams"), _("Activities"), _("Hours"),
                           _("Points")], people_rows,
                          empty=_("No verified activities this year."))]


class BatchEntry(pn.viewable.Viewer):
    """One activity: its record page (actions), the sign-in sheet box, the attendance so far,
    the points awarded once verified, and volunteer-hours certificates."""

    runner = param.Parameter(doc="The kernel Runner; the activity is read in the actor's scope.")
    actor = param.Parameter(doc="The signed-in Actor entering the sheet.")
    record_id = param.Integer(default=None, allow_None=True, doc="The volunteer activity shown.")
    source = param.String(default="", doc="Where the lines came from: an uploaded file's name, "
                                          "or '' for typed lines.")

    def __init__(self, **params):
        super().__init__(**params)
        self.attendance = Attendance(self.runner)
        self.record_page = RecordPage(runner=self.runner, actor=self.actor, slug=SLUG,
                                      record_id=self.record_id)
        self.record_page.param.watch(lambda event: self._render(), "version")
        self.sheet = pn.widgets.TextAreaInput(
            label=_("Sign-in sheet"), rows=10, sizing_mode="stretch_width",
            placeholder=_("One volunteer per line: name, last four digits of phone or ID "
                          "number if needed, hours. For example:\nZhang Xiaohua 2\n"
                          "Wang Wei 1234 1.5\nLi Xiuying 8:30-11:00"),
            stylesheets=[SHEET_CSS])
        self.upload = pn.widgets.FileInput(accept=".xlsx,.csv", multiple=False)
        self.upload.param.watch(self._uploaded, "value")
        self.check_button = pn.widgets.Button(label=_("Check"), color="default")
        self.save_button = pn.widgets.Button(label=_("Save sheet"), color="primary")
        self.check_button.on_click(lambda event: self.check())
        self.save_button.on_click(lambda event: self.save())
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self._body = pn.Column(sizing_mode="stretch_width")
        self._render()

    # -- drawing -------------------------------------------------------------------------------

    def _render(self):
        record = self.record_page.record
        if record is None:
            self._body.objects = []
            return
        cls = self.runner.workflow(SLUG)
        parts = []
        if record.state in cls.attendance_states:
            parts += [display.heading(_("Paper sign-in sheet"), 3),
                      display.text(_("Type the sheet, or upload it as .xlsx or .csv with the "
                                     "columns name, last four digits and hours. Nothing is saved "
                                     "until every line is right.")),
                      self.sheet, pn.Row(self.upload, self.check_button, self.save_button),
                      self.feedback]
        else:
            parts.append(display.text(_("The sign-in sheet can no longer be changed: the "
                                        "activity is “{state}”.").format(
                state=display.state_label(cls, record.state))))
        parts += self._attendance(record)
        parts += self._awards(record)
        parts += self._certificates()
        self._body.objects = parts

    def _attendance(self, record):
        rows = [[row["name"], _hours(row.get("hours")), _time(row.get("check_in")),
                 _time(row.get("check_out")), row.get("source", "")]
                for row in self.attendance.rows(record.id)]
        return [display.heading(_("Attendance ({count})").format(count=len(rows)), 3),
                display.table([_("Volunteer"), _("Hours"), _("Checked in"), _("Checked out"),
                               _("Source")], rows, empty=_("Nobody is recorded yet."))]

    def _awards(self, record):
        awards = record.outputs.get("awards") or []
        if not awards:
            return []
        rows = [[row["name"], _hours(row["hours"]), _hours(row["awarded_hours"]), row["points"],
                 row.get("note", "")] for row in awards]
        return [display.heading(_("Points awarded"), 3),
                display.table([_("Volunteer"), _("Hours"), _("Hours counted"), _("Points"),
                               _("Note")], rows)]

    def _certificates(self):
        year = clock.today().year
        _teams, people = tallies(self.runner, self.actor, dt.date(year, 1, 1),
                                 dt.date(year, 12, 31))
        if not people:
            return []
        self.volunteer_choice = pn.widgets.Select(
            label=_("Volunteer-hours certificate for"), width=260,
            options={f"{p.name} ({_hours(p.hours)} h)": p.key for p in people})
        self.certificate = Download(
            callback=self._certificate_pdf, filename=file_name(_("Volunteer-hours certificate"), ext="pdf"), embed=False,
            audit=(self.runner.store, self.actor),
            label=_("Download certificate (PDF)"))
        return [*statistics(self.runner, self.actor, year),
                pn.Row(self.volunteer_choice, self.certificate)]

    def _certificate_pdf(self):
        year = clock.today().year
        office = issuer(self.runner.services, self.record_page.record.scope)
        try:
            printed = print_certificate(self.runner, self.actor, self.volunteer_choice.value,
                                        dt.date(year, 1, 1), dt.date(year, 12, 31), office)
        except Exception as exc:
            self.feedback.objects = [display.failure(exc)]
            return None
        name = next((text for text, key in self.volunteer_choice.options.items()
                     if key == self.volunteer_choice.value), "").split(" (")[0]
        self.certificate.filename = file_name(_("Volunteer-hours certificate"), name, year,
                                              ext="pdf")
        return io.BytesIO(printed.content)

    # -- acting --------------------------------------------------------------------------------

    def _uploaded(self, event):
        """An uploaded sheet becomes lines in the box (header found, columns read)."""
        if not event.new:
            return
        name = self.upload.filename or "sheet.xlsx"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(name).name
            path.write_bytes(event.new)
            try:
                rows, problems = parse_rows(read_rows(path))
            except Exception as exc:
                self.feedback.objects = [display.failure(exc)]
                return
        if problems:
            self.feedback.objects = [display.alert(_("; ").join(problems))]
            return
        self.sheet.value = "\n".join(
            " ".join(part for part in (row.name, row.tail, "-".join(row.times) if row.times
                                       else _hours(row.hours) if row.hours else "") if part)
            for row in rows)
        self.source = name
        self.feedback.objects = [display.alert(_("Read {count} rows from {file}; check them, "
                                                 "then save.").format(count=len(rows), file=name),
                                               "info")]

    def _resolved(self):
        record = self.record_page.record
        instance = self.runner.instance(record)
        rows = parse_text(self.sheet.value)
        if not rows:
            return None, [_("The sheet is empty: type one volunteer per line.")]
        resolved = resolve_sheet(self.runner.services.registry, self.actor, rows,
                                 max_hours=instance.hours_limit() or None)
        return resolved, sheet_problems(resolved)

    def check(self):
        """Show each line's resident or its problems, without saving."""
        resolved, problems = self._resolved()
        if problems:
            self._show_problems(problems)
        else:
            self.feedback.objects = [display.alert(_("All {count} lines are right; save when "
                                                     "ready.").format(count=len(resolved)),
                                                   "success"),
                                     self._preview(resolved)]
        return problems

    def save(self):
        """Save the whole sheet if every line is right; else show every problem, save nothing."""
        self.save_button.disabled = True
        try:
            resolved, problems = self._resolved()
            if problems:
                self._show_problems(problems)
                return problems
            source = self.source or _("typed sheet")
            count = self.attendance.save_sheet(self.record_id, [r.as_saved() for r in resolved],
                                               self.actor, source)
        except Exception as exc:
            self.feedback.objects = [display.failure(exc)]
            return [str(exc)]
        finally:
            self.save_button.disabled = False
        self.sheet.value, self.source = "", ""
        self._render()
        self.feedback.objects = [display.alert(_("Saved {count} lines of the sign-in sheet.")
                                               .format(count=count), "success")]
        return []

    def _show_problems(self, problems):
        text = "\n".join(problems)
        self.feedback.objects = [
            display.alert(_("Nothing was saved. Correct these lines and save again:"), "danger"),
            pn.pane.HTML("<ul class='meide-problems'>" + "".join(
                f"<li>{html.escape(line)}</li>" for line in text.splitlines()) + "</ul>",
                sizing_mode="stretch_width")]

    def _preview(self, resolved):
        rows = [[row.number, row.name, row.place or display.EMPTY, _hours(row.hours)]
                for row in resolved]
        return display.table([_("Line"), _("Volunteer"), _("Address"), _("Hours")], rows)

    def __panel__(self):
        return pn.Column(self.record_page, self._body, sizing_mode="stretch_width")
