"""The public check (/verify): anyone types a plaque's code or a certificate's number and sees
only public facts."""

import html

import panel as pn
import param

from .. import runtime
from ..i18n import N_, _
from ..printing.environment import cn_date
from ..rating.certificates import Certificates
from ..rating.codes import CERTIFICATE_PREFIX, CodeInvalid, prefix_of
from ..rating.plaques import Plaques
from . import display

# What each status tells the person reading the plaque (after the plaque's own facts).
VERDICT = {"valid": N_("This plaque is genuine and in force."),
           "downgraded": N_("This plaque was downgraded and is no longer in force."),
           "superseded": N_("This plaque was replaced by a newer one and is no longer in force."),
           "removed": N_("This plaque was withdrawn and is no longer in force."),
           "expired": N_("This plaque has expired and is no longer in force.")}
STATUS = {"valid": N_("In force"), "downgraded": N_("Downgraded"),
          "superseded": N_("Replaced"), "removed": N_("Withdrawn"), "expired": N_("Expired")}
CERTIFICATE_VERDICT = {"valid": N_("This certificate is genuine and valid."),
                       "revoked": N_("This certificate was revoked and is no longer valid.")}
CERTIFICATE_STATUS = {"valid": N_("In force"), "revoked": N_("Revoked")}
STAR_CSS = ".meide-stars { color: #d4a017; font-size: 28px; letter-spacing: 4px; }"
# Residents open this page on a phone from the plaque's QR code: text large enough to read
# there, and long names wrapped rather than pushing the page sideways.
READABLE_CSS = (":host { font-size: 16px; } .alert, p, td, th { font-size: 16px; }"
                " td { overflow-wrap: anywhere; }")


def _readable(pane):
    """pane with READABLE_CSS added to its stylesheets."""
    pane.stylesheets = [*pane.stylesheets, READABLE_CSS]
    return pane


class VerifyPage(pn.viewable.Viewer):
    """Type a code, press Check: the plaque's holder, stars, validity and status, or the
    certificate's kind, date, issuing unit, masked holder and status, or what is wrong with the
    code. Reads the plaques and certificates only; shows no phone, address or staff data, and
    for a withdrawn or downgraded plaque the reason's fixed category, never the officer's words."""

    plaques = param.Parameter(doc="The Plaques the codes are looked up in.")
    certificates = param.Parameter(default=None, doc="The Certificates numbers (ZS-…) are "
                                   "looked up in; None: certificates are not checked here.")
    code = param.String(default="", doc="The code typed (or given as ?code= in the address).")
    facts = param.Dict(default=None, allow_None=True,
                       doc="The public facts of the plaque last found, None if none.")
    message = param.String(default="", doc="What was wrong with the code last typed, if anything.")

    def __init__(self, **params):
        super().__init__(**params)
        self.code_input = pn.widgets.TextInput(
            label=_("Verification code"), value=self.code, placeholder="MD-7K3Q-9F2A",
            sizing_mode="stretch_width")
        self.check_button = pn.widgets.Button(label=_("Look up"), color="primary")
        self.check_button.on_click(lambda event: self.check())
        self.code_input.param.watch(lambda event: self.check(), "enter_pressed")
        self._result = pn.Column(sizing_mode="stretch_width")
        self._layout = pn.Column(
            display.heading(_("Check a star plaque"), 1),
            _readable(display.text(
                _("Type the code printed on the plaque (no sign-in needed)."))),
            _readable(display.text(
                _("A certificate's number (ZS-…) can be checked here too."))),
            pn.Row(self.code_input, self.check_button, sizing_mode="stretch_width"),
            self._result, sizing_mode="stretch_width", max_width=640)
        if self.code:
            self.check()

    @classmethod
    def for_session(cls):
        """The page of the browser session being served, over the process's store."""
        opened = runtime.get_store()
        page = cls(plaques=Plaques(opened), certificates=Certificates(opened))
        if pn.state.location is not None:
            pn.state.location.sync(page, {"code": "code"})
        return page

    @param.depends("code", watch=True)
    def _code_from_address(self):
        if self.code_input.value != self.code:
            self.code_input.value = self.code
            self.check()

    def check(self):
        """Look up what is in the code box and show the outcome."""
        typed = self.code_input.value or ""
        certificate = self.certificates is not None and prefix_of(typed) == CERTIFICATE_PREFIX
        try:
            resolution = (self.certificates if certificate else self.plaques).resolve(typed)
        except CodeInvalid as exc:
            self.facts, self.message = None, str(exc)
            self._result.objects = [_readable(display.alert(self.message, "danger"))]
            return
        self.facts, self.message = resolution.public(), ""
        self._result.objects = (self._show_certificate if certificate else self._show)(self.facts)

    def _show_certificate(self, facts):
        rows = [[_("Certificate"), facts["kind"]], [_("Number"), facts["number"]],
                [_("Holder name"), facts["holder"]],
                [_("Issued on"), cn_date(facts["issued_on"])],
                [_("Issued by"), facts["office"]],
                [_("Status"), _(CERTIFICATE_STATUS[facts["status"]])]]
        if facts["status"] == "revoked":
            # The fixed category and the date only: the officer's own words stay with staff.
            rows += [[_("Reason"), _(facts["category"])] if facts["category"] else [],
                     [_("Revoked on"), cn_date(facts["changed_on"])]]
            rows = [row for row in rows if row]
        kind = "success" if facts["status"] == "valid" else "warning"
        return [_readable(display.alert(_(CERTIFICATE_VERDICT[facts["status"]]), kind)),
                _readable(display.table([_("Item"), _("Content")], rows))]

    def _show(self, facts):
        stars = "★" * facts["stars"] + "☆" * (5 - facts["stars"])
        rows = [[_("Holder"), facts["name"]], [_("Plaque"), facts["title"]],
                [_("Stars"), _("{stars} stars").format(stars=facts["stars"])],
                [_("Valid"), _("{start} to {end}").format(start=cn_date(facts["valid_from"]),
                                                          end=cn_date(facts["valid_until"]))],
                [_("Status"), _(STATUS[facts["status"]])]]
        if facts["category"] and facts["status"] in ("downgraded", "removed"):
            rows.append([_("Reason"), _(facts["category"])])
        if facts["replaced_by"]:
            rows.append([_("Replaced by"), facts["replaced_by"]])
        kind = "success" if facts["status"] == "valid" else "warning"
        return [_readable(display.alert(_(VERDICT[facts["status"]]), kind)),
                pn.pane.HTML(f"<div class='meide-stars' aria-label='{facts['stars']}'>"
                             f"{html.escape(stars)}</div>", stylesheets=[STAR_CSS]),
                _readable(display.table([_("Item"), _("Content")], rows))]

    def __panel__(self):
        return self._layout

