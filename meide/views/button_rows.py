"""Lines of text with a button each, drawn by one browser-side component.

The inbox and the record lists show twenty lines a page; as a Row, a Button and an HTML pane
per line they were sixty models, most of what a console session cost the server to build and
send. The heading, a status line, the empty message and the page buttons are drawn by the same
component for the same reason: each Bokeh model costs every session's first load. Text is set
as text (never parsed as HTML); a click names its line's key or its page step, which the server
checks against what it sent, so a forged key opens nothing and a disabled page button turns none.

Its page buttons are the console's one pager: the inbox, the record lists, the registry and the
audit log all turn pages through page_buttons() and `turned`. Panel's own Tabulator with
pagination='remote' was measured against it for the inbox's twenty lines (Panel 1.9.4, this
machine): 16 Bokeh models against 5, 111 ms against 17 ms to build and serialise the page, and
every console session would also load tabulator.min.js and luxon.min.js (525 KB) before its
home page shows; the hand-made one stays.
"""

import param
from panel.custom import JSComponent

CSS = """
h2 { margin: 12px 10px 4px 10px; font-size: 1.5em; }
p { margin: 6px 10px; font-size: 14px; }
.line { display: flex; align-items: center; gap: 12px; margin: 5px 10px; font-size: 14px; }
button { width: 80px; flex: none; padding: 6px 0; border-radius: 4px; cursor: pointer;
         border: 1px solid #0072b5; background: #0072b5; color: #fff; font-size: 14px; }
button:hover { background: #005a8f; }
.pager { display: flex; gap: 8px; margin: 10px; }
.pager button { width: 100px; background: #f8f9fa; border-color: #dee2e6; color: #212529; }
.pager button:hover { background: #e2e6ea; }
.pager button:disabled { opacity: 0.5; cursor: default; background: #f8f9fa; }
"""


class ButtonRows(JSComponent):
    """rows: [(key, text, button label), ...]; a click sets `chosen` to its line's key, a click
    on an enabled page button sets `turned` to its step."""

    rows = param.List(default=[], doc="[(key, text, button label), ...] in order.")
    heading = param.String(default="", doc="A heading above the lines ('' for none).")
    status = param.String(default="", doc="A line of text above the lines ('' for none).")
    empty = param.String(default="", doc="What to say when there are no lines ('' for nothing).")
    pager = param.List(default=[], doc="[(step, label, enabled), ...]: page buttons below the "
                                       "lines (step -1 for the previous page, 1 for the next).")
    chosen = param.String(default="", doc="The key of the line last clicked (an event: every "
                                          "click triggers watchers, even of the same line).")
    turned = param.Integer(default=0, doc="The step of the page button last clicked (an event, "
                                          "like `chosen`).")

    _stylesheets = [CSS]

    _esm = """
    const text = (tag, className, words) => {
      const node = document.createElement(tag);
      node.className = className;
      node.textContent = words;
      return node;
    };
    export function render({ model }) {
      const box = document.createElement("div");
      const draw = () => {
        box.replaceChildren();
        if (model.heading) box.append(text("h2", "heading", model.heading));
        if (model.status) box.append(text("p", "status", model.status));
        if (!model.rows.length && model.empty) box.append(text("p", "empty", model.empty));
        for (const [key, words, label] of model.rows) {
          const line = text("div", "line", "");
          const button = text("button", "", label);
          button.type = "button";
          button.addEventListener("click", () => model.send_msg({line: key}));
          line.append(button, text("span", "", words));
          box.append(line);
        }
        if (model.pager.length) {
          const pager = text("div", "pager", "");
          for (const [step, label, enabled] of model.pager) {
            const button = text("button", "", label);
            button.type = "button";
            button.disabled = !enabled;
            button.addEventListener("click", () => model.send_msg({turn: step}));
            pager.append(button);
          }
          box.append(pager);
        }
      };
      draw();
      for (const name of ["rows", "heading", "status", "empty", "pager"]) model.on(name, draw);
      return box;
    }
    """

    def _handle_msg(self, data):
        # Whatever arrives is checked by choose() and turn() against what was sent.
        if isinstance(data, dict) and "turn" in data:
            if isinstance(data["turn"], int):
                self.turn(data["turn"])
        elif isinstance(data, dict) and "line" in data:
            self.choose(str(data["line"]))

    def choose(self, key: str):
        """What a click on the line `key` does; a key not shown is ignored."""
        if key not in {row[0] for row in self.rows}:
            return
        with param.parameterized.discard_events(self):
            self.chosen = key
        self.param.trigger("chosen")

    def turn(self, step: int):
        """What a click on the page button `step` does; one not shown or disabled is ignored."""
        if not any(shown == step and enabled for shown, _label, enabled in self.pager):
            return
        with param.parameterized.discard_events(self):
            self.turned = step
        self.param.trigger("turned")

    def page_buttons(self, previous: bool, following: bool, labels: tuple):
        """Show the previous/next page buttons, enabled as given; labels (previous, next)."""
        self.pager = [(-1, labels[0], previous), (1, labels[1], following)]
