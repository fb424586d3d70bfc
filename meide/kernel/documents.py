"""Documents a workflow issues (IssueDocument effects): their document kinds, the data their
templates receive, and the copies issued for a record."""

import copy

import store

from ..printing.documents import DocumentKind, register, registered, workflow_template
from ..printing.masking import PUBLIC
from . import catalog
from .effects import IssueDocument
from .fields import clean, form_fields

TABLE = "documents"
OFFICE_SUFFIX = "居民委员会"
# Records not tied to one community (a subdistrict-wide lottery) are signed by the programme.
PROGRAMME_OFFICE = "美德信用工作办公室"
DEFAULT_SIZE = "A4"
# Who signs the sample documents (previews, the template editor, the tests).
SAMPLE_ISSUER = "古槐街道北门社区居民委员会"
SAMPLE_ISSUED_AT = "2026-10-01T09:00:00+08:00"
SAMPLE_NAME = "张晓华"


def _declarations(cls) -> dict:
    """{kind: its first IssueDocument} of cls, in declaration order."""
    found = {}
    for effects in cls.effects.values():
        for effect in effects:
            if isinstance(effect, IssueDocument):
                found.setdefault(effect.kind, effect)
    return found


def document_kinds(cls) -> list:
    """The kinds of document cls issues, in declaration order."""
    return list(_declarations(cls))


def document_kind(cls, kind: str) -> DocumentKind:
    """The document kind "<slug>/<kind>" cls issues, as its IssueDocument declares it, registered
    with printing (so render, the template editor and staff-edited templates know it)."""
    declared = _declarations(cls)[kind]
    return register(DocumentKind(
        slug=f"{cls.slug}/{kind}", title=declared.title, template=workflow_template(cls.slug, kind),
        sizes=(declared.size or DEFAULT_SIZE,), mask=declared.masking or PUBLIC,
        public=declared.public, sample=lambda: sample_context(cls, declared.sample),
        heading=declared.heading, group=cls.title))


def all_kinds() -> list:
    """Every document kind: printing's own, and those of every catalogued workflow."""
    catalog.discover()
    for cls in catalog.all_workflows():
        for kind in document_kinds(cls):
            document_kind(cls, kind)
    return registered()


def issued(opened_store, slug: str, record_id) -> list:
    """The documents issued for one record, in the order they were issued (frozen copies)."""
    opened_store.add_index(TABLE, "record")
    found = opened_store.table(TABLE).search(store.where("record") == int(record_id))
    return sorted((doc for doc in found if doc.get("slug") == slug), key=lambda doc: doc.doc_id)


def issuer(services, scope: dict) -> str:
    """Who signs a record's documents: its community's residents' committee (北门社区居民委员会)."""
    community = (scope or {}).get("community")
    if community is None:
        return PROGRAMME_OFFICE
    return services.describe("community", community) + OFFICE_SUFFIX


def template_context(cls, document: dict, issuer: str) -> dict:
    """What a document template is rendered with."""
    # Templates read what was worked out beside what was typed (values.ranking); documents
    # frozen before outputs were kept apart hold both in values.
    outputs = document.get("outputs") or {}
    return {"workflow": {"slug": cls.slug, "title": cls.title},
            "values": {**document["values"], **outputs}, "outputs": outputs,
            "names": document["names"], "issued_at": document["issued_at"],
            "due": document.get("due"), "final": document.get("final", True), "issuer": issuer,
            "record": document.get("record")}


def sample_document(cls, computed: dict | None = None, *, final: bool = True) -> dict:
    """A document as cls would issue it from its sample values and what its computed fields
    would hold by then (every person named 张晓华)."""
    values = {**clean(cls, cls.sample), **copy.deepcopy(computed or {})}
    return {"values": values, "issued_at": SAMPLE_ISSUED_AT,
            "names": {p.name: SAMPLE_NAME for p in form_fields(cls) if getattr(p, "kind", None)},
            "due": None, "final": final}


def sample_context(cls, computed: dict | None = None) -> dict:
    """What cls's document templates are rendered with in previews and tests."""
    return template_context(cls, sample_document(cls, computed), issuer=SAMPLE_ISSUER)
