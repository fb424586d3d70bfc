"""Children's names on public documents: unless the programme's rule for children allows full
names (a setting, off by default), every minor's name in the data a public board, notice or
certificate is built from is masked (王小泽 → 王*泽) before the data leaves its builder."""

from .. import clock
from ..privacy import mask_name

TABLE, KEY = "programme_settings", "children_full_names"
AUDIT_ACTION = "settings.children_full_names"


def full_names_allowed(opened_store) -> bool:
    """Whether public documents may print children's full names (default: no)."""
    found = opened_store.table(TABLE).get(doc_id=1)
    return bool(found and found.get(KEY))


def allow_full_names(registry, allowed: bool) -> bool:
    """Set the rule (audited under the registry's actor); False if it was already so."""
    store = registry.store
    before = full_names_allowed(store)
    if before == bool(allowed):
        return False
    table = store.table(TABLE)
    with store.transaction():
        if table.get(doc_id=1) is None:
            table.insert({KEY: bool(allowed)})
        else:
            table.update({KEY: bool(allowed)}, doc_ids=[1])
        registry.audit.record(registry.actor, AUDIT_ACTION, TABLE, 1, {KEY: before},
                              {KEY: bool(allowed)}, at_day=clock.today().isoformat())
    return True


def child_names(registry) -> dict:
    """{full name: masked name} of every minor resident (whatever the registry's scope: a
    subdistrict board may name a child of another community), {} when full names are allowed."""
    if full_names_allowed(registry.store):
        return {}
    table = registry.residents.table
    names = {doc["name"] for doc in table.all()
             if doc.get("minor") and len(doc.get("name") or "") > 1}
    return {name: mask_name(name) for name in names}


def for_public(registry, data):
    """A copy of data (dicts, lists, strings all the way down) in which every child's full name
    is masked, in name fields and inside any text alike (a citation that names the child)."""
    return masked(data, child_names(registry))


def masked(data, names: dict):
    """data with each full name in names replaced by its masked form (longest names first)."""
    if not names:
        return data
    ordered = sorted(names, key=len, reverse=True)

    def walk(value):
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(item) for item in value]
        if isinstance(value, str):
            for name in ordered:
                if name in value:
                    value = value.replace(name, names[name])
        return value

    return walk(data)
