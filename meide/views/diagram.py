"""A workflow's states and transitions drawn by Graphviz as SVG, the current state marked."""

import functools
import html
import re

import graphviz

from ..i18n import _, current_locale

# Metrics come from this fontconfig family (Debian's fonts-noto-cjk); the SVG names fallbacks
# so a browser without it still shows Chinese.
FONT = "Noto Sans CJK SC"
SVG_FONTS = f"{FONT}, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
CURRENT = "#c0392b"         # the record's state: filled red, as the legend says
TIMED = "#fdf2d0"           # a stage that ends by itself: pale yellow, dashed border
SYSTEM = "#7f8c8d"          # arrows the timer takes: grey, dashed
# Graphviz writes each node's and edge's internal name as an SVG <title> (a browser tooltip)
# and in comments: slugs such as "reported" or "a->b" that staff should never read.
_INTERNAL = re.compile(r"<title>.*?</title>\s*|<!--.*?-->\s*", re.S)
_STATE_NODE = re.compile(r'<g id="([^"]*)" class="node state')
# The current state is marked by its class: CSS outranks the shapes' fill and stroke attributes.
_CURRENT_STYLE = (
    f"<style>.meide-diagram .current path, .meide-diagram .current polygon, .meide-diagram "
    f".current ellipse {{ fill: {CURRENT}; stroke: {CURRENT}; stroke-width: 2; "
    f"stroke-dasharray: none }} .meide-diagram .current text {{ fill: #fff }}"
    f"</style>")


def digraph(cls) -> graphviz.Digraph:
    """cls's declaration as a Graphviz graph (labels in the current language): a start point,
    one box per state, one arrow per source of each transition."""
    declaration = cls.declaration()
    graph = graphviz.Digraph(
        name=cls.slug, graph_attr={"rankdir": "LR", "fontname": FONT, "bgcolor": "transparent",
                                   "nodesep": "0.35", "ranksep": "0.5", "id": f"{cls.slug}-graph"},
        node_attr={"shape": "box", "style": "rounded", "fontname": FONT, "fontsize": "12",
                   "margin": "0.15,0.06"},
        edge_attr={"fontname": FONT, "fontsize": "10", "arrowsize": "0.7"})
    graph.node("start", "", shape="point", width="0.15", id=f"{cls.slug}-start")
    graph.edge("start", declaration.initial, id=f"{cls.slug}-begin")
    for state in declaration.states.values():
        graph.node(state.name, **_state_attributes(cls, state))
    for transition in declaration.transitions.values():
        for number, source in enumerate(transition.source):
            graph.edge(source, transition.target, **_transition_attributes(
                cls, transition, f"{cls.slug}-transition-{transition.name}-{number}"))
    return graph


def _state_attributes(cls, state) -> dict:
    lines = [_(state.label)]
    classes = ["state"]
    attributes = {"id": f"{cls.slug}-state-{state.name}"}
    style = ["rounded"]
    if state.timed is not None:
        lines.append(_("timed: until the set date") if state.timed.until
                     else _("timed: {days} days").format(days=state.timed.days))
        style += ["dashed", "filled"]
        attributes["fillcolor"] = TIMED
        classes.append("timed")
    if state.final:
        attributes["peripheries"] = "2"
        classes.append("final")
    attributes.update(label="\n".join(lines), style=",".join(style),
                      **{"class": " ".join(classes)})
    return attributes


def _transition_attributes(cls, transition, edge_id: str) -> dict:
    lines = [_(transition.label)]
    attributes = {"id": edge_id}
    if transition.system:
        lines.append(_("automatic, when due"))
        attributes.update(style="dashed", color=SYSTEM, fontcolor=SYSTEM,
                          **{"class": "transition system"})
    else:
        if transition.roles:
            lines.append(_(", ").join(_(role) for role in transition.roles))
        if transition.quorum is not None:
            lines.append(_("one signer per role") if transition.quorum.per_role
                         else _("{count} signers").format(count=transition.quorum.count))
        attributes["class"] = "transition"
    attributes["label"] = "\n".join(lines)
    return attributes


def svg(cls, current: str = None) -> str:
    """The diagram as an inline <svg> element with `current` marked (filled red). dot runs once
    per workflow class and language; marking a state is a change of class in that text, kept
    per state too: a record page never waits for dot after the first."""
    return _marked(cls, current, current_locale())


@functools.lru_cache(maxsize=512)
def _marked(cls, current, locale) -> str:
    wanted = f"{cls.slug}-state-{current}"

    def mark(found):
        return found[0] + " current" if html.unescape(found[1]) == wanted else found[0]

    return _STATE_NODE.sub(mark, _drawn(cls, locale)) if current else _drawn(cls, locale)


@functools.lru_cache(maxsize=128)
def _drawn(cls, locale) -> str:
    drawn = digraph(cls).pipe(format="svg", encoding="utf-8")
    drawn = _INTERNAL.sub("", drawn[drawn.index("<svg"):])
    # Scale down to the pane's width, never up; name the picture for screen readers.
    opening = drawn.index(">") + 1
    drawn = (drawn[:opening].replace("<svg ", '<svg class="meide-diagram" role="img" aria-label='
                                     '"{}" style="max-width:100%;height:auto" '.format(
                                         html.escape(_(cls.title))), 1)
             + _CURRENT_STYLE + drawn[opening:])
    return drawn.replace(f'font-family="{FONT}"', f'font-family="{SVG_FONTS}"')


def figure_html(cls, current: str = None, opened: bool = True, summary: str = "") -> str:
    """The diagram with its legend, in a <details> staff can fold away (summary: its title,
    "Workflow diagram" unless given); a sentence saying why when Graphviz's dot is not
    installed (the page still works without the picture)."""
    try:
        picture = svg(cls, current)
    except graphviz.ExecutableNotFound:
        picture = "<p>{}</p>".format(html.escape(_(
            "The workflow diagram cannot be drawn: Graphviz (dot) is not installed.")))
    declaration = cls.declaration()
    states, transitions = declaration.states.values(), declaration.transitions.values()
    # The legend names only what this drawing has.
    legend = [line for shown, line in (
        (current, _("Red: the record's state now.")),
        (any(s.final for s in states), _("Double border: a final state.")),
        (any(s.timed for s in states), _("Dashed yellow box: a stage that ends by itself.")),
        (any(t.system for t in transitions),
         _("Dashed grey arrow: taken by the system when due.")),
    ) if shown]
    summary = summary or _("Workflow diagram")
    items = "".join(f'<li style="display:inline;margin-right:1em">{html.escape(line)}</li>'
                    for line in legend)
    return (f'<details class="workflow-diagram"{" open" if opened else ""}>'
            f'<summary style="cursor:pointer;font-weight:bold;font-size:14px">'
            f'{html.escape(summary)}</summary>{picture}'
            f'<ul class="legend" style="padding:0;color:#555">{items}</ul></details>')
