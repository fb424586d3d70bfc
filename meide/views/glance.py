"""The home page's day at a glance, drawn by one browser-side component: sections of lines (or
figure tiles) with a button each, and above the waiting list its search box and sort buttons.

One component for all of it, as ButtonRows is one for the lines: each Bokeh model costs every
session's first load, and the home page is what every session loads first. Text is set as text;
what the browser sends back (a line's key, a sort key, the typed words) is checked against what
was sent before anything happens.
"""

import param
from panel.custom import JSComponent

MAX_QUERY = 60               # characters of a search kept (longer is a forged message)

CSS = """
.sections { display: flex; flex-wrap: wrap; gap: 12px; margin: 6px 10px; }
section { flex: 1 1 420px; border: 1px solid #e0e0e0; border-radius: 6px; padding: 4px 8px 8px; }
h3 { margin: 6px 0; font-size: 1.1em; color: #b71c1c; }
p { margin: 6px 0; font-size: 14px; color: #555; }
.entry { display: flex; align-items: center; gap: 10px; margin: 4px 0; font-size: 14px; }
button { flex: none; padding: 5px 10px; border-radius: 4px; cursor: pointer; font-size: 14px;
         border: 1px solid #0072b5; background: #0072b5; color: #fff; }
button:hover { background: #005a8f; }
.tiles { display: flex; flex-wrap: wrap; gap: 8px; }
.tile { display: flex; flex-direction: column; align-items: flex-start; min-width: 120px;
        background: #fff8f6; color: #212529; border-color: #f2c1b8; }
.tile:hover { background: #fdebe7; }
.tile .figure { font-size: 24px; font-weight: bold; color: #b71c1c; }
h2 { margin: 14px 10px 4px 10px; font-size: 1.5em; }
.tools { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 4px 10px; }
.tools input { padding: 5px 8px; font-size: 14px; width: 340px; border: 1px solid #ced4da;
               border-radius: 4px; }
.sorts button { background: #f8f9fa; border-color: #dee2e6; color: #212529; }
.sorts button[aria-pressed="true"] { background: #0072b5; border-color: #0072b5; color: #fff; }
"""


class Glance(JSComponent):
    """sections: [(title, style, [(key, text, button label), ...], empty), ...], style 'lines'
    or 'tiles' (text is the figure, the label its caption); a click sets `chosen` to the key.
    Below, `heading` and the waiting list's tools: a search box (`query`) and `sorts`."""

    sections = param.List(default=[], doc="[(title, style, entries, empty text), ...] in order.")
    heading = param.String(default="", doc="The waiting list's heading, above its tools.")
    placeholder = param.String(default="", doc="What the empty search box says.")
    search_label = param.String(default="", doc="The search box's accessible name.")
    sorts = param.List(default=[], doc="[(key, label, pressed), ...]: the sort buttons.")
    query = param.String(default="", doc="The words typed in the search box (set on the server "
                                         "from what the browser sends, trimmed and cut short).")
    chosen = param.String(default="", doc="The key of the entry last clicked (an event).")
    sort = param.String(default="", doc="The key of the sort button last clicked (an event).")

    _stylesheets = [CSS]

    _esm = """
    const make = (tag, className, words) => {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (words !== undefined) node.textContent = words;
      return node;
    };
    export function render({ model }) {
      const box = make("div", "glance");
      const sections = make("div", "sections");
      const heading = make("h2", "heading");
      const tools = make("div", "tools");
      const search = make("input", "search");
      search.type = "search";
      search.value = model.query;
      let timer = null;
      search.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => model.send_msg({query: search.value}), 250);
      });
      const sorts = make("div", "sorts");
      tools.append(search, sorts);
      box.append(sections, heading, tools);
      const drawSections = () => {
        sections.replaceChildren();
        for (const [title, style, entries, empty] of model.sections) {
          const part = make("section");
          part.append(make("h3", "", title));
          if (!entries.length && empty) part.append(make("p", "empty", empty));
          const holder = style === "tiles" ? make("div", "tiles") : part;
          for (const [key, words, label] of entries) {
            const button = make("button", style === "tiles" ? "tile" : "");
            button.type = "button";
            button.addEventListener("click", () => model.send_msg({entry: key}));
            if (style === "tiles") {
              button.append(make("span", "figure", words), make("span", "caption", label));
              holder.append(button);
            } else {
              button.textContent = label;
              const line = make("div", "entry");
              line.append(button, make("span", "", words));
              part.append(line);
            }
          }
          if (holder !== part) part.append(holder);
          sections.append(part);
        }
      };
      const drawTools = () => {
        heading.textContent = model.heading;
        search.placeholder = model.placeholder;
        search.setAttribute("aria-label", model.search_label);
        sorts.replaceChildren();
        for (const [key, label, pressed] of model.sorts) {
          const button = make("button", "", label);
          button.type = "button";
          button.setAttribute("aria-pressed", pressed ? "true" : "false");
          button.addEventListener("click", () => model.send_msg({sort: key}));
          sorts.append(button);
        }
      };
      drawSections();
      drawTools();
      model.on("sections", drawSections);
      for (const name of ["heading", "placeholder", "search_label", "sorts"]) {
        model.on(name, drawTools);
      }
      return box;
    }
    """

    def _handle_msg(self, data):
        if not isinstance(data, dict):
            return
        if isinstance(data.get("entry"), str):
            self.choose(data["entry"])
        elif isinstance(data.get("sort"), str):
            self.sort_by(data["sort"])
        elif isinstance(data.get("query"), str):
            self.search(data["query"])

    def keys(self) -> set:
        """The keys of every entry shown."""
        return {entry[0] for _title, _style, entries, _empty in self.sections
                for entry in entries}

    def choose(self, key: str):
        """What a click on the entry `key` does; a key not shown is ignored."""
        if key not in self.keys():
            return
        with param.parameterized.discard_events(self):
            self.chosen = key
        self.param.trigger("chosen")

    def sort_by(self, key: str):
        """What a click on the sort button `key` does; one not shown is ignored."""
        if key not in {shown for shown, _label, _pressed in self.sorts}:
            return
        with param.parameterized.discard_events(self):
            self.sort = key
        self.param.trigger("sort")

    def search(self, words: str):
        """What typing in the search box does."""
        self.query = " ".join(str(words).split())[:MAX_QUERY]
