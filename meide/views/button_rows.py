"""Lines of text with a button each, drawn by one browser-side component.

The inbox and the record lists show twenty lines a page; as a Row, a Button and an HTML pane
per line they were sixty models, most of what a console session cost the server to build and
send. Text is set as text (never parsed as HTML); a click names its line's key, which the
server looks up among the lines it sent, so a forged key opens nothing.
"""

import param
from panel.custom import JSComponent

CSS = """
.line { display: flex; align-items: center; gap: 12px; margin: 5px 10px; font-size: 14px; }
button { width: 80px; flex: none; padding: 6px 0; border-radius: 4px; cursor: pointer;
         border: 1px solid #0072b5; background: #0072b5; color: #fff; font-size: 14px; }
button:hover { background: #005a8f; }
"""


class ButtonRows(JSComponent):
    """rows: [(key, text, button label), ...]; a click sets `chosen` to its line's key."""

    rows = param.List(default=[], doc="[(key, text, button label), ...] in order.")
    chosen = param.String(default="", doc="The key of the line last clicked (an event: every "
                                          "click triggers watchers, even of the same line).")

    _stylesheets = [CSS]

    _esm = """
    export function render({ model }) {
      const box = document.createElement("div");
      const draw = () => {
        box.replaceChildren();
        for (const [key, text, label] of model.rows) {
          const line = document.createElement("div");
          line.className = "line";
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = label;
          button.addEventListener("click", () => model.send_msg(key));
          const words = document.createElement("span");
          words.textContent = text;
          line.append(button, words);
          box.append(line);
        }
      };
      draw();
      model.on("rows", draw);
      return box;
    }
    """

    def _handle_msg(self, data):
        self.choose(str(data))

    def choose(self, key: str):
        """What a click on the line `key` does; a key not shown is ignored."""
        if key not in {row[0] for row in self.rows}:
            return
        with param.parameterized.discard_events(self):
            self.chosen = key
        self.param.trigger("chosen")
