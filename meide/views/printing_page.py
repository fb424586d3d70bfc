"""The console's printing page: honour boards, points statements and certificates in bulk,
printed within one's scope."""

import html
import io

import panel as pn
import param

from .. import clock
from ..errors import MeideError
from ..i18n import N_, _
from .file_names import file_name
from ..periods import Period
from ..reports import printouts
from ..kernel.errors import PermissionDenied
from ..printing import printer
from ..printing.apart import print_many_apart
from ..printing.documents import KINDS
from ..printing.editable import EditableTemplates
from ..registry import Scope
from . import display
from .download import Download, off_the_loop
from .jobs import Job
from .picker import ReferencePicker
from .record import printed_file

BOARD, HONOURS, STATEMENT, CERTIFICATES = "board", "honours", "statement", "certificates"
DOCUMENTS = {BOARD: N_("Honor board"), HONOURS: N_("Role model honour board"),
             STATEMENT: N_("Points statement"), CERTIFICATES: N_("Certificates in bulk")}
# Whom certificates are printed for: the quarter's top residents of each category (as on the
# quarter's board), or the role models honoured in a year.
STARS, ROLE_MODELS = "stars", "role_models"
RECIPIENTS = {STARS: N_("Virtue credit stars of a quarter"),
              ROLE_MODELS: N_("Role models of a year")}
# The whole subdistrict in the community choice (honours only). Not None: Panel sends a None
# value to the browser as '' (see picker.NOBODY).
WHOLE = 0
YEARS = 4                # honour boards of this year and the three before
QUARTERS = 8             # quarters offered, the current one first
PAPERS = {"A4-landscape": N_("A4 landscape"), "A3-landscape": N_("A3 landscape")}
PREVIEW_CSS = "width:100%;height:640px;border:1px solid #ccc"


class PrintingPage(pn.viewable.Viewer):
    """Staff choose a document and its options, preview it and download PDF or PNG.

    What may be printed is decided on the server from the actor, whatever the browser sends: a
    community officer prints their own community's boards, a grid worker the statements of
    their grid's residents; only subdistrict staff print the whole subdistrict's honour board.
    """

    services = param.Parameter(doc="The engine services: the registry and the ledger printed from.")
    actor = param.Parameter(doc="The signed-in Actor; their community or grid bounds what prints.")
    document = param.Selector(default=BOARD, objects=list(DOCUMENTS), doc="The document printed.")
    community = param.Integer(default=WHOLE, doc="The community printed (its id); WHOLE: the "
                                                 "whole subdistrict (the honour board only).")
    period = param.Selector(default=None, objects=[], doc="The quarter printed (a Period).")
    year = param.Integer(default=None, allow_None=True, doc="The year of an honour board.")
    top = param.Integer(default=10, bounds=(1, 100), doc="The board's top N in each category.")
    size = param.Selector(default=KINDS["board"].sizes[0], objects=list(KINDS["board"].sizes),
                          doc="The board's paper.")
    resident = param.Integer(default=None, allow_None=True, doc="The resident of a statement.")
    recipients = param.Selector(default=STARS, objects=list(RECIPIENTS),
                                doc="Whom certificates are printed for (see RECIPIENTS).")

    def __init__(self, **params):
        super().__init__(**params)
        self.registry = self.services.registry
        communities = self._communities()
        with param.discard_events(self):
            self.param.period.objects = Period.recent(QUARTERS)
            self.period = self.period or self.param.period.objects[0]
            self.year = self.year or clock.today().year
            if self.actor.community is not None:
                self.community = self.actor.community
            elif self.community == WHOLE and communities:
                self.community = communities[0].doc_id
        self.feedback = pn.Column(sizing_mode="stretch_width")
        self.preview = pn.pane.HTML("", sizing_mode="stretch_width")
        self._widgets(communities)
        self._show_options()

    # -- the form ------------------------------------------------------------------------------

    def _communities(self) -> list:
        subdistricts = [self.actor.subdistrict] if self.actor.subdistrict is not None else [
            doc.doc_id for doc in self.registry.subdistricts.list()]
        if not subdistricts:            # a new data folder: nothing to print yet
            return []
        return self.registry.communities.list(Scope(subdistricts[0], self.actor.community))

    def _widgets(self, communities):
        self.document_choice = pn.widgets.RadioButtonGroup(
            options={_(label): slug for slug, label in DOCUMENTS.items()}, value=self.document)
        self.document_choice.link(self, value="document")
        places = {community["name"]: community.doc_id for community in communities}
        if self.actor.community is None:
            places[_("The whole subdistrict (honour board only)")] = WHOLE
        self.community_choice = pn.widgets.Select(label=_("Community"), options=places,
                                                  value=self.community, width=260)
        self.community_choice.link(self, value="community")
        self.period_choice = pn.widgets.Select(label=_("Quarter"),
                                               options=display.period_options(
                                                   self.param.period.objects),
                                               value=self.period, width=200)
        self.period_choice.link(self, value="period")
        this_year = clock.today().year
        self.year_choice = pn.widgets.Select(
            label=_("Year"), options=list(range(this_year, this_year - YEARS, -1)),
            value=self.year, width=120)
        self.year_choice.link(self, value="year")
        self.top_input = pn.widgets.IntInput(label=_("Top in each category"), value=self.top,
                                             start=1, end=100, width=160)
        self.top_input.link(self, value="top")
        self.size_choice = pn.widgets.Select(
            label=_("Paper"), options={_(PAPERS.get(name, name)): name
                                       for name in self.param.size.objects},
            value=self.size, width=160)
        self.size_choice.link(self, value="size")
        self.picker = ReferencePicker(services=self.services, actor=self.actor, kind="resident",
                                      label=_("Resident"))
        self.picker.param.watch(lambda event: setattr(self, "resident", event.new), "value")
        # A Viewer has no visibility of its own: the box around it is shown or hidden.
        self.picker_box = pn.Column(self.picker, margin=0, sizing_mode="stretch_width")
        self.preview_button = pn.widgets.Button(label=_("Preview"), color="primary")
        self.preview_button.on_click(lambda event: self.show_preview())
        audit = (self.services.registry.store, self.actor)
        # Each click names the file for what it prints (_file); until then, for the document.
        self.pdf_download = Download(
            filename=file_name(_(DOCUMENTS[self.document]), ext="pdf"), embed=False, audit=audit,
            label=_("Download PDF"),
            callback=self._file("pdf"))
        self.png_download = Download(
            filename=file_name(_(DOCUMENTS[self.document]), ext="png"), embed=False, audit=audit,
            label=_("Download image (PNG)"),
            callback=self._file("png"))
        self._certificate_widgets()

    def _certificate_widgets(self):
        """Certificates are printed by a Job (a thousand take minutes), then downloaded."""
        self.recipients_choice = pn.widgets.RadioButtonGroup(
            options={_(label): slug for slug, label in RECIPIENTS.items()}, value=self.recipients)
        self.recipients_choice.link(self, value="recipients")
        self.print_button = pn.widgets.Button(label=_("Print certificates"), color="primary")
        self.print_button.on_click(lambda event: self.print_certificates())
        self.job = Job(buttons=[self.print_button])
        self.certificates_pdf = None          # the PDF of the last batch, until the next one
        self.certificates_download = Download(
            filename=file_name(_(DOCUMENTS[CERTIFICATES]), ext="pdf"), embed=False,
            audit=(self.services.registry.store, self.actor),
            label=_("Download certificates (PDF)"),
            visible=False, callback=lambda: io.BytesIO(self.certificates_pdf)
            if self.certificates_pdf else None)
        self.certificate_box = pn.Column(
            self.recipients_choice, pn.Row(self.print_button, self.certificates_download),
            self.job, margin=0, sizing_mode="stretch_width")

    @param.depends("document", "recipients", watch=True)
    def _show_options(self):
        stars = self.recipients == STARS
        shown = {BOARD: (self.community_choice, self.period_choice, self.top_input,
                         self.size_choice),
                 HONOURS: (self.community_choice, self.year_choice, self.size_choice),
                 STATEMENT: (self.picker_box, self.period_choice),
                 CERTIFICATES: (self.community_choice, self.certificate_box,
                                *((self.period_choice, self.top_input) if stars
                                  else (self.year_choice,)))}[self.document]
        for widget in (self.community_choice, self.period_choice, self.year_choice,
                       self.top_input, self.size_choice, self.picker_box,
                       self.certificate_box):
            widget.visible = widget in shown
        single = self.document != CERTIFICATES
        for widget in (self.preview_button, self.pdf_download, self.png_download):
            widget.visible = single
        self.preview.object = ""
        self.feedback.objects = []

    # -- what prints ---------------------------------------------------------------------------

    def _place(self):
        """The community record asked for, if the actor may print it (None: the subdistrict)."""
        if self.community == WHOLE:
            if self.document != HONOURS and (self.document, self.recipients) != (
                    CERTIFICATES, ROLE_MODELS):
                raise ValueError(_("Choose a community: only the honour board covers the "
                                   "whole subdistrict."))
            if self.actor.community is not None:
                raise PermissionDenied(_("You may print only your own community's documents."))
            return None
        if self.actor.community is not None and self.community != self.actor.community:
            raise PermissionDenied(_("You may print only your own community's documents."))
        community = self.registry.communities.get(self.community)
        if self.actor.subdistrict is not None and \
                community.get("subdistrict") not in (None, self.actor.subdistrict):
            raise PermissionDenied(_("You may print only your own community's documents."))
        return community

    def _resident(self) -> int:
        if self.resident is None:
            raise ValueError(_("Choose the resident: type part of the name and pick from the "
                               "matches."))
        try:
            within = self.actor.covers(self.services.scope_of("resident", self.resident))
        except (MeideError, KeyError):
            within = False
        if not within:
            # Whether the resident exists elsewhere is not revealed.
            raise PermissionDenied(_("This resident is not in your area: you may print the "
                                     "statements of your own residents only."))
        return self.resident

    def certificates(self) -> list:
        """The `certificate` data of each person asked for, within the actor's scope."""
        community = self._place()
        if self.recipients == ROLE_MODELS:
            return printouts.role_model_certificates(self.registry, self.year, community)
        return printouts.star_certificates(self.registry, self.services.ledger, community,
                                           self.period, top=self.top)

    def print_certificates(self) -> bool:
        """Start printing the certificates asked for as one PDF (False: a print still runs)."""
        self.certificates_download.visible = False
        period = self.period.key if self.recipients == STARS else self.year
        place = self._place_name()
        filename = file_name(_(RECIPIENTS[self.recipients]), place,
                             display.period(self.period) if self.recipients == STARS else period,
                             ext="pdf")

        def work(report):
            made = self.certificates()
            # Gathering the names counts as the first step, so the bar moves at once.
            report(0, len(made))
            return len(made), print_many_apart(
                "certificate", made, templates=EditableTemplates(self.registry.store),
                progress=report)

        return self.job.start(work, failed=_refusal,
                              finished=lambda result: self._certificates_ready(result, filename))

    def _certificates_ready(self, result, filename):
        count, printed = result
        self.certificates_pdf = printed.content
        self.certificates_download.filename = filename
        self.certificates_download.visible = True
        return _("{count} certificates are ready in one PDF: click “Download certificates "
                 "(PDF)”.").format(count=count)

    def data(self) -> tuple:
        """(document kind, data, paper) of what is asked for, within the actor's scope."""
        if self.document == STATEMENT:
            return "statement", printouts.statement(self.registry, self.services.ledger,
                                                    self._resident(), self.period), None
        community = self._place()
        if self.document == HONOURS:
            return "board", printouts.honours_board(self.registry, self.year, community), \
                self.size
        return "board", printouts.quarterly_board(self.registry, self.services.ledger, community,
                                                  self.period, top=self.top), self.size

    def printed(self, format: str):
        """The document printed as HTML, PDF or PNG pages (a printer.Printed)."""
        kind, data, size = self.data()
        return printer.render(kind, data, format, size=size,
                              templates=EditableTemplates(self.registry.store))

    def show_preview(self):
        try:
            page = self.printed("html").content
        except Exception as exc:
            self.preview.object = ""
            self.feedback.objects = [_refusal(exc)]
            return
        self.feedback.objects = []
        # The document is a whole HTML page with its own styles: an iframe keeps them apart.
        self.preview.object = (f"<iframe title='preview' style='{PREVIEW_CSS}' "
                               f"srcdoc=\"{html.escape(page, quote=True)}\"></iframe>")

    def _file(self, format):
        """A download button's callback: the document printed off the event loop (PNG pages
        beyond the first come zipped together)."""
        def finish(printed, exc):
            if exc is not None:
                self.feedback.objects = [_refusal(exc)]
                return None
            self.feedback.objects = []
            return self._named(printed, format)
        return off_the_loop(lambda: self.printed(format), finish)

    def _named(self, printed, format):
        """The printed file, under the name of what was chosen."""
        widget = self.pdf_download if format == "pdf" else self.png_download
        widget.filename = file_name(_(DOCUMENTS[self.document]), *self._naming(), ext=format)
        return printed_file(printed, widget)

    def _naming(self) -> tuple:
        if self.document == STATEMENT:
            resident = self.registry.residents.get(self.resident) if self.resident else None
            return ((resident or {}).get("name", self.resident), display.period(self.period))
        if self.document == HONOURS:
            return (self._place_name(), self.year)
        return (self._place_name(), display.period(self.period))

    def _place_name(self) -> str:
        """The community chosen, by name, for a file name ('' for the whole subdistrict)."""
        if self.community == WHOLE or self.community is None:
            return ""
        community = self.registry.communities.get(self.community)
        return community["name"] if community else str(self.community)

    def __panel__(self):
        return pn.Column(
            display.heading(_("Printing"), 2), self.document_choice,
            pn.Row(self.community_choice, self.period_choice, self.year_choice, self.top_input,
                   self.size_choice),
            self.picker_box, self.certificate_box,
            pn.Row(self.preview_button, self.pdf_download, self.png_download),
            self.feedback, self.preview, sizing_mode="stretch_width")


def _refusal(exc):
    """The alert for a document that cannot be printed: the engine's own words where it has
    them (a quarter without points, a year without honours), else display.failure's."""
    if isinstance(exc, (ValueError, MeideError)):
        return display.alert(str(exc), "warning")
    return display.failure(exc)
