"""Importing a resident roster in the console: upload, check (a dry run), the problems paged by
row and column with the roster handed back marked, then the import itself, all or nothing."""

import hashlib
import io
import tempfile
from pathlib import Path

import panel as pn
import param

from ..i18n import _
from ..registry.import_marks import marked_roster
from ..registry.importer import import_roster
from ..registry.roster_template import write_template
from . import display
from .button_rows import ButtonRows
from .download import Download
from .jobs import Job

PROBLEMS_PER_PAGE = 50
ROSTER_TYPES = (".xlsx", ".csv")


class RosterImport(pn.viewable.Viewer):
    """Check first, import only what a clean check passed: the same file, the same choice of
    creating buildings."""

    registry = param.Parameter(doc="The registry acting as the signed-in staff member.")
    allowed = param.Boolean(default=False, doc="Whether the staff member may import rosters "
                                               "(checked again when a button is clicked).")
    page = param.Integer(default=0, bounds=(0, None), doc="The page of problems shown.")
    report = param.Parameter(default=None, doc="The last check's or import's ImportReport.")
    checked = param.Parameter(default=None, doc="(file digest, create buildings) of the last "
                              "clean check: what the import button may import.")

    def __init__(self, on_imported=None, **params):
        super().__init__(**params)
        self._on_imported = on_imported
        self.upload = pn.widgets.FileInput(accept=",".join(ROSTER_TYPES), multiple=False)
        self.create = pn.widgets.Checkbox(value=False, visible=False,
                                          label=_("Create the buildings listed above"))
        self.check_button = pn.widgets.Button(label=_("Check the roster"), color="primary")
        self.import_button = pn.widgets.Button(label=_("Import resident roster"),
                                               color="primary", disabled=True)
        self.check_button.on_click(lambda event: self.check())
        self.import_button.on_click(lambda event: self.import_residents())
        # The import button is not the job's to enable again: only a clean check enables it.
        self.job = Job(buttons=[self.check_button, self.upload])
        self.pager = ButtonRows(sizing_mode="stretch_width")
        self.pager.param.watch(lambda e: setattr(self, "page", max(0, self.page + e.new)),
                               "turned")
        self.marked = Download(filename=_("roster with problems marked") + ".xlsx",
                               embed=False, visible=False, callback=self._marked,
                               label=_("Download the roster with the problems marked (.xlsx)"))
        self.problems = pn.Column(sizing_mode="stretch_width")
        self.upload.param.watch(lambda e: self._forget(), "value")
        self.create.param.watch(lambda e: self._forget(), "value")
        template = Download(filename=_("resident roster template") + ".xlsx", embed=False,
                            label=_("Download the blank roster (.xlsx)"), callback=blank_roster)
        self.box = pn.Column(
            display.heading(_("Import resident roster"), 3),
            display.text(_("Fill in the blank roster (or a .csv with its columns), upload it "
                           "and check it. Every row is checked: the problems are listed by row "
                           "and column, and you can download the roster with them marked. Once "
                           "the check finds no errors, import it; if anything is wrong nothing "
                           "is imported. Importing the same roster again updates the residents "
                           "instead of adding them twice.")),
            pn.Row(template, self.upload, self.check_button, self.import_button),
            self.job, self.create, self.pager, self.problems, self.marked,
            visible=self.allowed, sizing_mode="stretch_width")

    # -- the buttons ---------------------------------------------------------------------------

    def _file(self):
        content, name = self.upload.value, Path(self.upload.filename or "").name
        if not content or not name.lower().endswith(ROSTER_TYPES):
            self._say(_("Choose the roster file first: an .xlsx or .csv file."))
            return None
        if not self.allowed:
            self._say(_("Only subdistrict and community administrators may import rosters."))
            return None
        return content, name

    def _say(self, words):
        self.job.outcome.objects = [display.alert(words, "warning")]
        self.job._place(self.job.outcome)

    def _digest(self, content) -> tuple:
        return hashlib.sha256(content).hexdigest(), bool(self.create.value)

    def check(self) -> bool:
        """Start a dry run of the uploaded roster (False: nothing to check, or a job runs)."""
        found = self._file()
        if found is None:
            return False
        content, name = found
        create = bool(self.create.value and self.create.visible)
        if self.job.running:
            return self.job.start(None)         # refused, and says so
        self._forget()
        return self.job.start(lambda report: _run(self.registry, content, name, True, create,
                                                  report),
                              finished=lambda r: self._checked(r, content), failed=self._refused)

    def import_residents(self) -> bool:
        """Start the import of a roster whose check was clean (False: not checked, or a job
        runs)."""
        found = self._file()
        if found is None:
            return False
        content, name = found
        if self.checked != self._digest(content):
            self._say(_("Check the roster first: it is imported only after a check finds no "
                        "errors."))
            return False
        create = bool(self.create.value and self.create.visible)
        if self.job.running:
            return self.job.start(None)         # refused, and says so
        self.import_button.disabled = True
        checked = self.report       # its plan is written as it is if nothing changed since
        return self.job.start(lambda report: _run(self.registry, content, name, False, create,
                                                  report, checked),
                              finished=self._imported, failed=self._refused)

    # -- outcomes ------------------------------------------------------------------------------

    def _checked(self, report, content):
        self._show(report)
        if report.ok:
            self.checked = self._digest(content)
        self.import_button.disabled = not report.ok
        places = report.new_buildings or report.unknown_buildings
        if places:
            names = {c: self.registry.communities.get(c)["name"] for c, _label in places}
            self.create.name = _("Create these buildings, which do not exist yet, then check "
                                 "again: {names}").format(
                names=_(", ").join(names[c] + label for c, label in places))
        self.create.visible = bool(places)
        return display.alert(report.summary(), "success" if report.ok else "danger")

    def _imported(self, report):
        self._show(report)
        self.checked = None
        self.import_button.disabled = True
        if self._on_imported is not None:
            self._on_imported()
        return display.alert(report.summary(), "success")

    def _refused(self, exc):
        report = getattr(exc, "report", None)
        if report is None:
            return display.failure(exc)
        self._show(report)
        self.checked = None
        self.import_button.disabled = True
        return display.alert(report.summary(), "danger")

    def _forget(self):
        """A new file, or another choice about buildings: it must be checked again."""
        self.checked = None
        self.import_button.disabled = True
        self.marked.visible = False         # its marks were for the file checked before

    def _show(self, report):
        self.report = report
        self.page = 0
        self.marked.visible = bool(report.problems)
        self._page()

    @param.depends("page", watch=True)
    def _page(self):
        problems = self.report.problems if self.report is not None else []
        pages = max(1, -(-len(problems) // PROBLEMS_PER_PAGE))
        page = min(self.page, pages - 1)
        shown = problems[page * PROBLEMS_PER_PAGE:(page + 1) * PROBLEMS_PER_PAGE]
        if len(problems) > PROBLEMS_PER_PAGE:
            self.pager.status = _("{total} problems · page {page} of {pages}").format(
                total=len(problems), page=page + 1, pages=pages)
            self.pager.page_buttons(page > 0, page + 1 < pages,
                                    (_("Previous page"), _("Next page")))
        else:
            self.pager.status = ""
            self.pager.pager = []
        self.problems.objects = problem_table(shown)

    def _marked(self):
        if self.report is None or not self.upload.value:
            return None
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(self.upload.filename or "roster.xlsx").name
            path.write_bytes(self.upload.value)
            return io.BytesIO(marked_roster(path, self.report))

    def __panel__(self):
        return self.box


def _run(registry, content, name, dry_run, create, report, checked=None):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return import_roster(registry, "residents", path, dry_run=dry_run, progress=report,
                             create_buildings=create, checked=checked)


def problem_table(problems) -> list:
    """A table of problems by row and column (errors first within a row)."""
    if not problems:
        return []
    rows = [[problem.row or "", problem.column or "",
             _("Error") if problem.level == "error" else _("Hint"), problem.message]
            for problem in problems]
    return [display.table([_("Row"), _("Column"), _("Kind"), _("Problem")], rows)]


def blank_roster() -> io.BytesIO:
    """The residents' roster template as .xlsx bytes (columns, instructions sheet)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        write_template("residents", path)
        return io.BytesIO(path.read_bytes())
