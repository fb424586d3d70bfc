"""Migrations: one-off changes to stored records that a changed declaration needs, run once per
data folder (each is marked done in the store) before any record of the workflow is read."""

from dataclasses import dataclass

import store

from . import records
from .fields import outputs_of

TABLE = "wf_migrations"
# Tables that point at a workflow record by its slug and id ("slug", "record" fields).
LINKED = (records.HISTORY_TABLE, records.TIMERS_TABLE, "documents", "boards")


class Migration:
    """Base class: a named change applied by run(store, cls) -> how many records it changed."""

    name: str = ""

    def run(self, opened_store, cls) -> int:
        raise TypeError(f"{type(self).__name__} must implement run(store, cls)")


@dataclass(frozen=True)
class OutputsFromValues(Migration):
    """Records written while outputs were hidden fields keep them among their values: move
    every value named like a declared Output into the record's outputs."""

    name = "outputs_from_values"

    def run(self, opened_store, cls) -> int:
        names = set(outputs_of(cls))
        table = opened_store.table(records.table_name(cls.slug))
        changed = 0
        for doc in table.all() if names else []:
            moved = {name: doc["values"][name] for name in names & set(doc["values"])}
            if moved:
                values = {k: v for k, v in doc["values"].items() if k not in moved}
                table.update({"values": values, "outputs": {**moved, **doc.get("outputs", {})}},
                             doc_ids=[doc.doc_id])
                changed += 1
        return changed


@dataclass(frozen=True)
class MoveRecords(Migration):
    """Records of workflow `source` whose values match `where` now belong to this workflow
    (a workflow split in two): each moves to this workflow's table, under the same number when
    it is free, with its history, timer, documents and board entries; `sources` names further
    tables whose "source" ("slug:id") points at the record; `dropped` are values the new
    declaration has no use for (they stay in the history)."""

    source: str
    where: dict
    dropped: tuple = ()
    sources: tuple = ()

    @property
    def name(self):
        return f"move_from_{self.source}:" + ",".join(f"{k}={v}" for k, v in self.where.items())

    def run(self, opened_store, cls) -> int:
        old = opened_store.table(records.table_name(self.source))
        new = opened_store.table(records.table_name(cls.slug))
        moving = [doc for doc in old.all()
                  if all(doc["values"].get(k) == v for k, v in self.where.items())]
        for doc in moving:
            moved = dict(doc, values={k: v for k, v in doc["values"].items()
                                      if k not in self.dropped})
            number = doc.doc_id if new.get(doc_id=doc.doc_id) is None else None
            number = new.insert(store.Document(moved, doc_id=number)) if number else \
                new.insert(moved)
            old.remove(doc_ids=[doc.doc_id])
            self._relink(opened_store, doc.doc_id, cls.slug, number)
        return len(moving)

    def _relink(self, opened_store, was: int, slug: str, number: int):
        for name in LINKED:
            table = opened_store.table(name)
            # History and timers are indexed by ref, documents and boards by record.
            found = table.search(store.where("ref") == records.ref(self.source, was)) \
                if name in (records.HISTORY_TABLE, records.TIMERS_TABLE) else \
                table.search(store.where("record") == was)
            for linked in found:
                if linked.get("slug") != self.source:
                    continue
                change = {"slug": slug, "record": number}
                if "ref" in linked:
                    change["ref"] = records.ref(slug, number)
                table.update(change, doc_ids=[linked.doc_id])
        for name in self.sources:
            table = opened_store.table(name)
            table.update({"source": f"{slug}:{number}"},
                         store.where("source") == f"{self.source}:{was}")


def migrate(opened_store, workflows) -> list:
    """Run the workflows' pending migrations (each one's own, then OutputsFromValues) in one
    transaction, marking each done; the names run ("slug:migration")."""
    opened_store.add_index(TABLE, "name")
    done = opened_store.table(TABLE)
    pending = [(f"{cls.slug}:{migration.name}", migration, cls) for cls in workflows
               for migration in (*cls.migrations, OutputsFromValues())]
    pending = [step for step in pending if done.get(store.where("name") == step[0]) is None]
    if pending and getattr(opened_store, "readonly", False):
        return []               # read beside the writer, which migrates when it reads them
    if pending:
        with opened_store.transaction():
            for name, migration, cls in pending:
                done.insert({"name": name, "changed": migration.run(opened_store, cls)})
    return [name for name, _, _ in pending]
