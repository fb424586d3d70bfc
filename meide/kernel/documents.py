"""Documents a workflow issues (IssueDocument effects) and the data their templates receive."""

from .effects import IssueDocument


def document_kinds(cls) -> list:
    """The kinds of document cls issues, in declaration order."""
    kinds = []
    for effects in cls.effects.values():
        for effect in effects:
            if isinstance(effect, IssueDocument) and effect.kind not in kinds:
                kinds.append(effect.kind)
    return kinds


def template_context(cls, document: dict, issuer: str) -> dict:
    """What a document template is rendered with."""
    return {"workflow": {"slug": cls.slug, "title": cls.title}, "values": document["values"],
            "names": document["names"], "issued_at": document["issued_at"],
            "due": document.get("due"), "final": document.get("final", True), "issuer": issuer}
