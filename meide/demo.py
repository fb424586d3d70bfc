"""The demo data set: 古槐街道 and its four communities (filled out by the registry)."""

SUBDISTRICT = "古槐街道"
COMMUNITIES = ["北门社区", "翰林街社区", "铁塔寺社区", "关帝庙社区"]


def build_demo(opened_store):
    """Write the demo organisation into an empty store, in one transaction."""
    with opened_store.transaction():
        table = opened_store.table("communities")
        for name in COMMUNITIES:
            table.insert({"name": name, "subdistrict": SUBDISTRICT})
