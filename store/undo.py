"""Rolling back a failed transaction in memory: documents, their order and the indexes."""

ORDER = object()    # an undo entry's key: the table's document order before a delete


def undo_changes(storage, txn, mark):
    """Put memory and indexes back as they were before txn's undo entries from mark on."""
    rebuild, freed = set(), {}
    while len(txn.undo) > mark:
        name, key, old = txn.undo.pop()
        if key is ORDER:
            table = storage.tables.get(name)
            if table is not None:
                ordered = {k: table[k] for k in old if k in table}
                ordered.update(table)
                table.clear()
                table.update(ordered)
            txn.ordered.discard(name)
            continue
        if key is None:
            if old is None:
                storage.tables.pop(name, None)
            else:
                storage.tables[name] = old
            rebuild.add(name)
            continue
        table = storage.tables.setdefault(name, {})
        current = table.get(key)
        for index in storage.indexes.get(name, {}).values():
            if current is not None:
                index.discard(key, current)
            if old is not None:
                index.add(key, old)
        if old is None:
            table.pop(key, None)
            if key.isdigit():       # an insert undone: its id may be handed out again
                freed[name] = min(int(key), freed.get(name, int(key)))
        else:
            table[key] = old
    for name in rebuild:
        for index in storage.indexes.get(name, {}).values():
            index.rebuild(storage.docs(name))
    if storage.on_rollback is not None:
        storage.on_rollback(txn.tables | rebuild, rebuild, freed)
