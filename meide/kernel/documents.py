"""Documents a workflow issues (IssueDocument effects) and the data their templates receive."""

import store

from .effects import IssueDocument

TABLE = "documents"
OFFICE_SUFFIX = "居民委员会"
# Records not tied to one community (a subdistrict-wide lottery) are signed by the programme.
PROGRAMME_OFFICE = "美德信用工作办公室"


def document_kinds(cls) -> list:
    """The kinds of document cls issues, in declaration order."""
    kinds = []
    for effects in cls.effects.values():
        for effect in effects:
            if isinstance(effect, IssueDocument) and effect.kind not in kinds:
                kinds.append(effect.kind)
    return kinds


def template_name(cls, kind: str) -> str:
    """The template a workflow's document kind renders with: templates/<slug>/<kind>.html."""
    return f"{cls.slug}/{kind}.html"


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
            "due": document.get("due"), "final": document.get("final", True), "issuer": issuer}
