"""A first page that reads from the store: the subdistrict's communities and table sizes."""

import panel as pn
import param

from .. import runtime


class StoreOverview(pn.viewable.Viewer):
    """Shows what the data folder holds, so staff can see the app is on the right data."""

    title = param.String(default="美德信用", doc="Heading shown above the overview.")

    def __panel__(self):
        opened = runtime.get_store()
        communities = opened.table("communities").all()
        counts = {name: len(opened.table(name)) for name in sorted(opened.db.tables())}
        return pn.Column(
            pn.pane.Markdown(f"# {self.title}"),
            pn.pane.Markdown("### 社区\n" + "\n".join(f"- {c['name']}（{c['subdistrict']}）"
                                                       for c in communities)),
            pn.pane.Markdown("### 数据表\n" + "\n".join(f"- {name}: {count} 条"
                                                       for name, count in counts.items())),
        )
