"""The catalogue: a card for each workflow the signed-in person may start."""

import html

import panel as pn
import param

from ..i18n import _
from ..kernel import catalog
from . import diagram, display


def may_start(cls, actor) -> bool:
    return not cls.start_roles or bool(actor.roles & set(cls.start_roles))


def description(cls) -> str:
    return _(cls.description) if cls.description else ""


class Catalogue(pn.viewable.Viewer):
    """Every registered workflow actor may start, with a start button (no change under apps/)."""

    actor = param.Parameter(doc="The signed-in Actor; only workflows they may start are shown.")
    chosen = param.String(default="", doc="The slug whose start button was clicked last.")

    def __init__(self, **params):
        super().__init__(**params)
        self.start_buttons = {}
        cards = []
        for cls in self.startable():
            button = pn.widgets.Button(label=_("Start"), color="primary", width=100)
            button.on_click(lambda event, slug=cls.slug: self._choose(slug))
            self.start_buttons[cls.slug] = button
            who = _("Who may start: {roles}").format(
                roles=_(", ").join(_(role) for role in cls.start_roles) or _("everyone"))
            cards.append(pn.Card(
                display.text(description(cls)),
                display.text(who), button,
                title=display.title(cls), collapsible=False, width=320))
        # Each startable workflow's diagram, folded, at the page's width (a card is too narrow
        # to read one): one pane for all of them.
        self.diagrams = pn.pane.HTML("".join(
            diagram.figure_html(cls, opened=False, summary=display.title(cls))
            for cls in self.startable()), sizing_mode="stretch_width")
        self._layout = pn.Column(
            display.heading(_('Start a new record'), 2),
            pn.FlexBox(*cards) if cards else pn.pane.Markdown(
                html.escape(_("There is nothing you may start."))),
            *([display.heading(_("Workflow diagrams"), 3), self.diagrams] if cards else []),
            sizing_mode="stretch_width")

    def startable(self) -> list:
        return [cls for cls in catalog.all_workflows() if may_start(cls, self.actor)]

    def _choose(self, slug):
        self.chosen = ""            # choosing the same workflow twice must fire again
        self.chosen = slug

    def __panel__(self):
        return self._layout
