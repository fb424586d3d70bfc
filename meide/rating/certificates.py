"""Issued certificates (荣誉证书, 志愿服务时长证明): a stored, unique number per certificate that
resolves at /verify, issued once (a reprint keeps it), with no personal free text."""

import dataclasses

import store

from .. import clock
from ..audit import audit_log
from ..errors import MeideError
from ..kernel import Effect
from ..kernel.documents import issuer
from ..kernel.effects import keep
from ..privacy import mask_name
from .codes import CERTIFICATE_PREFIX, CodeInvalid, new_code, normalise

TABLE = "certificates"
STATUS = {"valid": "有效", "revoked": "已撤销"}
# Why a certificate is revoked, as /verify shows it: a fixed category, never the officer's words.
REVOCATION_REASONS = ("信息有误", "重复颁发", "经核实存在失信行为", "本人申请撤销")


class CertificateNotFound(CodeInvalid):
    """A well-formed number no certificate carries."""


class CertificateRefused(MeideError, ValueError):
    """A change a certificate cannot take (already revoked); the message says why."""


@dataclasses.dataclass(frozen=True)
class Resolution:
    """What a certificate number resolves to: the certificate and its status."""

    certificate: dict

    @property
    def status(self) -> str:
        return self.certificate["status"]

    def public(self) -> dict:
        """Only what anyone holding the paper may see: number, kind, date, issuing unit, status
        (with a revocation's fixed category and date) and the holder's name masked (张*华);
        never the officer's reason."""
        found = self.certificate
        return {"number": found["number"], "kind": found["kind"], "holder": found["holder"],
                "issued_on": found["issued_on"], "office": found["office"],
                "status": self.status, "status_label": STATUS[self.status],
                "category": found.get("category", ""),
                "changed_on": (found.get("changed_at") or "")[:10]}


class Certificates:
    """The certificates issued, looked up by number (indexed) or by what issued them (key)."""

    def __init__(self, opened_store):
        self._store = opened_store
        self._table = opened_store.table(TABLE)
        for field in ("number", "key"):
            opened_store.add_index(TABLE, field)

    def get(self, number: str) -> dict | None:
        found = self._table.get(store.where("number") == number)
        return dict(found) if found is not None else None

    def resolve(self, typed: str) -> Resolution:
        """The certificate a typed number names; CodeInvalid for a malformed or mistyped number,
        CertificateNotFound for a well-formed one no certificate carries."""
        number = normalise(typed, CERTIFICATE_PREFIX)
        found = self.get(number)
        if found is None:
            raise CertificateNotFound(f"没有找到编号为 {number} 的证书，请对照证书核对；"
                                      "如确认无误，可能是伪造的证书，请向社区反映")
        return Resolution(found)

    def issue(self, *, key: str, kind: str, holder: str, issued_on, office: str,
              scope: dict = None, actor: str = "") -> dict:
        """The certificate issued under key: a new number the first time, the same one after
        (a reprint keeps its number). holder is stored masked (张*华)."""
        with self._store.transaction():
            seen = self._table.get(store.where("key") == key)
            if seen is not None:
                return dict(seen)
            certificate = {"number": self._unused_number(), "key": key, "kind": kind,
                           "holder": mask_name(holder), "issued_on": str(issued_on),
                           "office": office, "scope": scope or {}, "status": "valid",
                           "issued_by": actor, "issued_at": clock.now().isoformat(timespec="seconds")}
            self._table.insert(certificate)
            return certificate

    def in_scope(self, scope, text: str = "") -> list:
        """The certificates issued within scope (a Scope), newest first; text narrows them to
        those whose number, kind or (masked) holder contains it."""
        text = text.strip().upper()
        found = [dict(doc) for doc in self._table.all() if scope.covers(doc.get("scope"))]
        if text:
            found = [doc for doc in found
                     if any(text in doc[field].upper() for field in ("number", "kind", "holder"))]
        return sorted(found, key=lambda doc: doc["issued_at"], reverse=True)

    def revoke(self, number: str, *, actor: str, category: str = REVOCATION_REASONS[0],
               reason: str = "") -> dict:
        """撤销: the number then resolves to 已撤销 with the category (one of
        REVOCATION_REASONS); the reason, the officer's words, is kept for staff. Audited."""
        if category not in REVOCATION_REASONS:
            raise CertificateRefused(f"撤销原因须为以下之一：{'、'.join(REVOCATION_REASONS)}"
                                     f"（不是“{category}”）")
        with self._store.transaction():
            found = self._table.get(store.where("number") == number)
            if found is None:
                raise CertificateNotFound(f"没有编号为 {number} 的证书")
            if found["status"] != "valid":
                raise CertificateRefused(f"证书 {number} 已撤销，不能再撤销")
            changes = {"status": "revoked", "category": category, "reason": reason.strip(),
                       "changed_by": actor,
                       "changed_at": clock.now().isoformat(timespec="seconds")}
            self._table.update(changes, doc_ids=[found.doc_id])
            audit_log(self._store).record(actor, "certificate.revoke", TABLE, found.doc_id,
                                          note=f"{found['kind']} {number}：{category}")
            return {**dict(found), **changes}

    def _unused_number(self) -> str:
        while True:
            number = new_code(CERTIFICATE_PREFIX)
            if self._table.get(store.where("number") == number) is None:
                return number


def numbered(opened_store, made: list, keys: list, *, kind: str, scope: dict = None,
             actor: str = "") -> list:
    """made (certificate data) with the number each key was issued under and the date it was
    first issued on (a reprint says the same as /verify); a draft gets none (the paper prints
    the placeholder of macros.certificate_number)."""
    certificates = Certificates(opened_store)
    result = []
    for data, key in zip(made, keys):
        if not data.get("final", True):
            result.append({**data, "number": ""})
            continue
        issued = certificates.issue(key=key, kind=kind, holder=data["recipient"],
                                    issued_on=data["issued_on"], office=data["office"],
                                    scope=scope, actor=actor)
        result.append({**data, "number": issued["number"], "issued_on": issued["issued_on"]})
    return result


@dataclasses.dataclass
class IssueCertificates(Effect):
    """Number a workflow's certificates as it issues them (before its IssueDocument): one for
    the person in person_field (output `certificate_number`), or one per row of list_field,
    holder the row's name (output `certificate_numbers`, in the rows' order). Idempotent: the
    record's certificates keep their numbers."""

    person_field: str = ""
    list_field: str = ""
    kind: str = "荣誉证书"

    def apply(self, ctx):
        values = {**ctx.record.values, **ctx.record.outputs}
        office = issuer(ctx.services, ctx.record.scope)
        base = f"{ctx.record.slug}:{ctx.record.id}:{self.kind}"
        certificates, today = Certificates(ctx.store), clock.today().isoformat()

        def issue(key, holder):
            return certificates.issue(key=key, kind=self.kind, holder=holder, issued_on=today,
                                      office=office, scope=ctx.record.scope,
                                      actor=ctx.actor.username)["number"]

        if self.list_field:
            rows = values.get(self.list_field) or []
            numbers = [issue(f"{base}:{place}", row.get("name", "")) for place, row in
                       enumerate(rows)]
            keep(ctx, {"certificate_numbers": numbers}, type(self).__name__)
            return {"effect": "certificates", "numbers": numbers}
        kind = type(ctx.workflow).param[self.person_field].kind
        number = issue(base, ctx.services.describe(kind, values[self.person_field]))
        keep(ctx, {"certificate_number": number}, type(self).__name__)
        return {"effect": "certificates", "numbers": [number]}
