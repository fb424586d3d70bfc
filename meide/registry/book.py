"""RecordBook: one table of registry records with scoped reads and an audited write path."""

import difflib
import functools
from typing import ClassVar

import store

from .errors import NotFound, OutOfScope
from .validation import Problem, ValidationError, check_texts, errors_in


class RecordBook:
    """Base of the registry's books; subclasses name their table and write through _create etc.

    Records come back as the store's Documents (dicts with .doc_id); treat them as read-only and
    change them through the book, so the audit log and search index see every change.
    """

    table_name: ClassVar[str]
    label: ClassVar[str]
    indexed: ClassVar[tuple] = ()
    # Levels every record of this table carries, so a scope can use an indexed query.
    scope_levels: ClassVar[tuple] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "_prepare" in cls.__dict__:
            cls._prepare = _checking_texts(cls.__dict__["_prepare"])

    def __init__(self, registry):
        self.registry = registry
        self.store = registry.store
        self.table = registry.store.table(self.table_name)
        for field in self.indexed:
            self.store.add_index(self.table_name, field)

    # -- reads ---------------------------------------------------------------------------------

    def get(self, doc_id, scope=None):
        """The record with this id; NotFound if missing, OutOfScope if outside the scope."""
        doc = self.table.get(doc_id=int(doc_id)) if str(doc_id).isdigit() else None
        if doc is None:
            raise NotFound(f"{self.label}（编号{doc_id}）不存在")
        scope = self.registry.effective_scope(scope)
        if scope is not None and not scope.covers(doc, self.table_name):
            raise OutOfScope(f"{self.label}“{doc.get('name', doc_id)}”不在您的管辖范围内")
        return doc

    def list(self, scope=None, **equals) -> list:
        """Records inside scope whose fields equal the given values, in id order."""
        scope = self.registry.effective_scope(scope)
        conditions = [store.where(field) == value for field, value in equals.items()]
        if scope is not None and scope.kind in self.scope_levels:
            conditions.append(scope.query())
        if conditions:
            query = conditions[0]
            for condition in conditions[1:]:
                query &= condition
            docs = self.table.search(query)
        else:
            docs = self.table.all()
        if scope is not None and scope.kind not in self.scope_levels:
            docs = [doc for doc in docs if scope.covers(doc, self.table_name)]
        return docs

    def count(self, scope=None, **equals) -> int:
        return len(self.list(scope, **equals))

    def named(self, name: str, scope=None, **equals):
        """The one record called name (within the given fields); NotFound says what was meant."""
        matches = self.list(scope, name=name, **equals)
        if matches:
            return matches[0]
        names = [doc.get("name", "") for doc in self.list(scope, **equals)]
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f"，您是否要找“{close[0]}”？" if close else ""
        raise NotFound(f"{self.label}“{name}”不存在{hint}")

    def resolve(self, value, scope=None, **equals):
        """A record from an id, a Document or a name."""
        if hasattr(value, "doc_id"):
            return value
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return self.get(int(value), scope)
        return self.named(str(value), scope, **equals)

    # -- writes --------------------------------------------------------------------------------

    # -- writes --------------------------------------------------------------------------------
    # Subclasses define _prepare(values, current) -> (doc, problems) and, where a record must be
    # unique, _duplicate(doc, current) -> problems.

    def _duplicate(self, doc, current) -> list:
        return []

    def add(self, **values) -> int:
        doc, problems = self._prepare(values)
        raise_if_errors(problems + self._duplicate(doc, None))
        return self._create(doc)

    def update(self, doc_id, **changes) -> bool:
        current = self.get(doc_id)
        doc, problems = self._prepare({**current, **changes}, current)
        raise_if_errors(problems + self._duplicate(doc, current))
        return self._change(current.doc_id, doc)

    def _check_writable(self, doc):
        scope = self.registry.scope
        if scope is not None and not scope.covers(doc, self.table_name):
            raise self.registry.refused(f"{self.label}“{doc.get('name', '')}”不在您的管辖范围内，不能修改",
                                        self.table_name, getattr(doc, "doc_id", None))

    def _create(self, doc: dict, action: str = "create", **note) -> int:
        self._check_writable(doc)
        with self.store.transaction():
            doc_id = self.table.insert(doc)
            self.registry.audit.record(self.registry.actor, action, self.table_name, doc_id,
                                       None, doc, **note)
        self._written(doc_id)
        return doc_id

    def _change(self, doc_id: int, new_doc: dict, action: str = "update", **note) -> bool:
        """Replace the record's fields with new_doc; False (and no audit entry) if nothing changed."""
        old = self.get(doc_id)
        self._check_writable(old)
        self._check_writable(new_doc)
        changed = {key: value for key, value in new_doc.items() if old.get(key) != value}
        dropped = [key for key in old if key not in new_doc]
        if not changed and not dropped:
            return False

        def apply(doc):
            for key in dropped:
                doc.pop(key, None)
            doc.update(changed)

        with self.store.transaction():
            self.table.update(apply, doc_ids=[int(doc_id)])
            self.registry.audit.record(self.registry.actor, action, self.table_name, int(doc_id),
                                       dict(old), new_doc, **note)
        self._written(int(doc_id))
        return True

    def _delete(self, doc_id: int, action: str = "delete", **note):
        old = self.get(doc_id)
        self._check_writable(old)
        with self.store.transaction():
            self.table.remove(doc_ids=[int(doc_id)])
            self.registry.audit.record(self.registry.actor, action, self.table_name, int(doc_id),
                                       dict(old), None, **note)
        self._written(int(doc_id))

    def _written(self, doc_id: int):
        """Hook for derived state (the search index) after a record changed."""


def _checking_texts(prepare):
    """A book's _prepare that also refuses over-long text and control characters in every field
    (validation.check_texts), whichever path prepares the record: add, update, import, ensure."""

    @functools.wraps(prepare)
    def checked(self, *args, **kwargs):
        doc, problems = prepare(self, *args, **kwargs)
        seen = {(p.field, p.message) for p in problems}
        return doc, problems + [p for p in check_texts(doc) if (p.field, p.message) not in seen]
    return checked


def raise_if_errors(problems):
    if errors_in(problems):
        raise ValidationError(problems)


def reference(book, value, field: str, problems: list, scope=None, **equals):
    """Resolve a reference for validation: the record, or None with a problem noted."""
    if value in (None, ""):
        return None
    try:
        return book.resolve(value, scope, **equals)
    except (NotFound, OutOfScope) as exc:
        problems.append(Problem(str(exc), field))
        return None
