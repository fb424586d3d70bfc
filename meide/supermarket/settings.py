"""The programme's supermarket settings kept in the store: whether households share a pool."""

TABLE = "supermarket_settings"
# Who may work the counter (the roles are the registry's).
COUNTER_ROLES = frozenset({"超市管理员", "社区管理员", "街道管理员"})


def household_pool(opened_store) -> bool:
    """Whether redemptions spend from the household's pool (积分以户为单位) rather than the
    resident's own account."""
    doc = opened_store.table(TABLE).get(doc_id=1)
    return bool(doc and doc.get("household_pool"))


def set_household_pool(opened_store, audit, value: bool, *, actor):
    """Switch the household pool on or off (audited)."""
    table = opened_store.table(TABLE)
    with opened_store.transaction():
        before = household_pool(opened_store)
        if table.get(doc_id=1) is None:
            table.insert({"household_pool": bool(value)})
        else:
            table.update({"household_pool": bool(value)}, doc_ids=[1])
        audit.record(actor, "update", TABLE, 1, {"household_pool": before},
                     {"household_pool": bool(value)})
