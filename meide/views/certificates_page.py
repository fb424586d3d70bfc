"""The issued certificates in the console: found by number or masked holder within the staff
member's scope, and revoked with a fixed reason category, so the public check says it is revoked."""

import panel as pn
import param

from ..errors import MeideError
from ..i18n import N_, _
from ..printing.environment import cn_date
from ..rating.certificates import REVOCATION_REASONS, STATUS, Certificates
from ..registry.staff import FULL_EXPORT_ROLES
from . import display
from .button_rows import ButtonRows

PAGE_SIZE = 50
# Who may revoke what they issued: the administrators of a subdistrict or of one community.
REVOKE_ROLES = FULL_EXPORT_ROLES
# The fixed revocation categories as the page names them, in REVOCATION_REASONS' order (the
# stored value is the Chinese category itself).
REASON_LABELS = dict(zip(REVOCATION_REASONS, (
    N_("The details are wrong"), N_("Issued twice"), N_("Dishonest conduct confirmed"),
    N_("Withdrawn at the holder's request"))))
STATUS_LABELS = {"valid": N_("In force"), "revoked": N_("Revoked")}
assert len(REASON_LABELS) == len(REVOCATION_REASONS) and set(STATUS_LABELS) == set(STATUS)


class CertificatesPage(pn.viewable.Viewer):
    """Search, a page of certificates with a choose button each, and for the chosen one its facts
    and (while in force) the revocation form: a category, the officer's own words (kept for
    staff, never shown at /verify) and a confirmation."""

    services = param.Parameter(doc="The engine services: the store whose certificates are shown.")
    actor = param.Parameter(doc="The signed-in Actor; only certificates of their scope are listed.")
    page = param.Integer(default=0, bounds=(0, None), doc="The page shown, 0 the newest.")
    chosen = param.String(default="", doc="The number of the certificate chosen ('' none).")

    def __init__(self, **params):
        super().__init__(**params)
        if not self.actor.roles & REVOKE_ROLES:
            raise PermissionError(_("Only administrators may manage certificates."))
        self.certificates = Certificates(self.services.registry.store)
        self.search_box = pn.widgets.TextInput(
            label=_("Number or holder"), placeholder="ZS-7K3Q-9F2A", width=240)
        self.search_button = pn.widgets.Button(label=_("Search"), color="primary", align="end")
        self.search_button.on_click(lambda event: self._search())
        self.rows = ButtonRows(sizing_mode="stretch_width", empty=_("No certificate matches."))
        self.rows.param.watch(lambda e: setattr(self, "chosen", e.new), "chosen")
        self.rows.param.watch(lambda e: setattr(self, "page", max(0, self.page + e.new)),
                              "turned")
        self.category = pn.widgets.Select(
            label=_("Reason category (shown at the public check)"),
            options={_(label): value for value, label in REASON_LABELS.items()}, width=320)
        self.reason = pn.widgets.TextAreaInput(
            label=_("What happened (kept for staff, never shown in public)"), max_length=500,
            height=80, sizing_mode="stretch_width")
        self.confirm = pn.widgets.Checkbox(label=_("I have checked: revoke this certificate"))
        self.revoke_button = pn.widgets.Button(label=_("Revoke"), color="danger")
        self.revoke_button.on_click(lambda event: self.revoke())
        self._message = pn.Column(sizing_mode="stretch_width")
        self._detail = pn.Column(sizing_mode="stretch_width")
        self.refresh()

    def _search(self):
        if self.page == 0:
            self.refresh()
        self.page = 0

    def _found(self) -> list:
        return self.certificates.in_scope(self.actor.scope, self.search_box.value)

    @param.depends("page", watch=True)
    def refresh(self):
        found = self._found()
        shown = found[self.page * PAGE_SIZE:(self.page + 1) * PAGE_SIZE]
        self.rows.status = _("{count} certificates · page {number}").format(
            count=len(found), number=self.page + 1)
        self.rows.rows = [(doc["number"], _line(doc), _("Choose")) for doc in shown]
        self.rows.page_buttons(self.page > 0, len(found) > (self.page + 1) * PAGE_SIZE,
                               (_("Newer"), _("Older")))

    @param.depends("chosen", watch=True)
    def _show_chosen(self):
        doc = self._in_scope(self.chosen)
        if doc is None:
            self._detail.objects = []
            return
        rows = [[_("Number"), doc["number"]], [_("Certificate"), doc["kind"]],
                [_("Holder name"), doc["holder"]], [_("Issued on"), cn_date(doc["issued_on"])],
                [_("Issued by"), doc["office"]], [_("Status"), _(STATUS_LABELS[doc["status"]])]]
        if doc["status"] == "revoked":
            rows += [[_("Reason category"), _(REASON_LABELS.get(doc.get("category"), ""))
                      if doc.get("category") else ""],
                     [_("Revoked on"), cn_date(doc["changed_at"][:10])],
                     [_("Revoked by"), doc.get("changed_by", "")]]
        objects = [display.table([_("Item"), _("Content")], rows)]
        if doc["status"] == "valid":
            self.confirm.value, self.reason.value = False, ""
            objects += [self.category, self.reason, self.confirm, self.revoke_button]
        self._detail.objects = objects

    def _in_scope(self, number):
        # Looked up again on the server: a forged number outside the scope finds nothing.
        doc = self.certificates.get(number) if number else None
        return doc if doc is not None and self.actor.scope.covers(doc.get("scope")) else None

    def revoke(self):
        doc = self._in_scope(self.chosen)
        if doc is None:
            self._say(_("Choose a certificate in the list first."), "warning")
            return
        if not self.confirm.value:
            self._say(_("Tick “I have checked” to revoke the certificate."), "warning")
            return
        try:
            self.certificates.revoke(doc["number"], actor=self.actor.username,
                                     category=self.category.value, reason=self.reason.value)
        except MeideError as exc:
            self._message.objects = [display.failure(exc)]
            return
        self._say(_("Certificate {number} is revoked: the public check now says so.").format(
            number=doc["number"]), "success")
        self.refresh()
        self._show_chosen()

    def _say(self, words, kind):
        self._message.objects = [display.alert(words, kind)]

    def __panel__(self):
        return pn.Column(display.heading(_("Certificates")),
                         pn.Row(self.search_box, self.search_button), self.rows,
                         self._message, self._detail, sizing_mode="stretch_width")


def _line(doc) -> str:
    return " · ".join((doc["number"], doc["kind"], doc["holder"], cn_date(doc["issued_on"]),
                       _(STATUS_LABELS[doc["status"]])))
