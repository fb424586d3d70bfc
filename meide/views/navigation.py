"""The console's navigation: the app's name, who is signed in and every entry, drawn by one
browser-side component (the entries come from the table of pages, meide.views.pages).

One Bokeh model for the whole column instead of a Button per entry and panes for the header:
building, serialising and rendering a session's models is most of what a console first load
costs, so twenty-odd buttons per session were the largest part of it. Labels are set as text
(never parsed as HTML).
"""

import param
from panel.custom import JSComponent

CSS = """
nav { display: flex; flex-direction: column; gap: 4px; }
h1 { margin: 8px 10px 0 10px; font-size: 1.6em; }
.who { margin: 2px 10px; font-size: 14px; }
.account { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0 0 6px 0; }
.account a { margin: 2px 10px 2px 10px; font-size: 14px; font-weight: normal; }
.section { color: #7a0a10; font-size: 12px; font-weight: bold; margin: 12px 10px 2px 10px; }
button { text-align: left; padding: 6px 12px; border-radius: 4px; border: 1px solid #dee2e6;
         background: #f8f9fa; color: #212529; font-size: 14px; cursor: pointer; }
button:hover { background: #e2e6ea; }
button.bk-btn-primary { background: #0072b5; border-color: #0072b5; color: #fff; }
a { color: #b71c1c; font-size: 12px; font-weight: bold; margin: 12px 10px 2px 10px; }
"""


class Navigation(JSComponent):
    """A heading (title, who, account links), then sections of entries; a click is sent to the
    server as `chosen` (where the console checks it like any other event) and the console marks
    the page once it is shown."""

    title = param.String(default="", doc="The app's name, the column's heading.")
    who = param.String(default="", doc="Who is signed in ('' for nobody), under the heading.")
    account = param.List(default=[], doc="[(label, address), ...] under who is signed in: the "
                                         "other languages and signing out.")

    sections = param.List(default=[], doc="[(title, [(page, label), ...]), ...] in order; an "
                                          "empty title puts its entries under no heading.")
    links = param.List(default=[], doc="[(label, address), ...] below the entries: apps of "
                                       "their own (the counter), opened as a new page.")
    page = param.String(default="", doc="The page whose entry is marked: set by the console "
                                        "once that page is shown, so a mark means it is there.")
    chosen = param.String(default="", doc="The entry last clicked (an event: every click "
                                          "triggers watchers, even of the same entry).")

    _stylesheets = [CSS]

    _esm = """
    export function render({ model }) {
      const nav = document.createElement("nav");
      const draw = () => {
        nav.replaceChildren();
        const text = (tag, className, words) => {
          const node = document.createElement(tag);
          node.className = className;
          node.textContent = words;
          return node;
        };
        if (model.title) nav.append(text("h1", "", model.title));
        if (model.who) nav.append(text("span", "who", model.who));
        const account = text("div", "account", "");
        for (const [label, address] of model.account) {
          const link = text("a", "", label);
          link.href = address;
          account.append(link);
        }
        nav.append(account);
        for (const [title, entries] of model.sections) {
          if (title) {
            const heading = document.createElement("div");
            heading.className = "section";
            heading.textContent = title;
            nav.append(heading);
          }
          for (const [page, label] of entries) {
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = label;
            button.className = "bk-btn " + (page === model.page ? "bk-btn-primary" : "bk-btn-light");
            button.addEventListener("click", () => model.send_msg(page));
            nav.append(button);
          }
        }
        for (const [label, address] of model.links) {
          const link = document.createElement("a");
          link.href = address;
          link.textContent = label + " ↗";
          nav.append(link);
        }
      };
      draw();
      model.on("title", draw);
      model.on("who", draw);
      model.on("account", draw);
      model.on("sections", draw);
      model.on("links", draw);
      model.on("page", draw);
      return nav;
    }
    """

    def _handle_msg(self, data):
        self.choose(str(data))

    def choose(self, page: str):
        """What a click on the entry `page` does."""
        with param.parameterized.discard_events(self):
            self.chosen = page
        self.param.trigger("chosen")

    def labels(self) -> dict:
        """{page: label} of every entry, in order."""
        return {page: label for _title, entries in self.sections for page, label in entries}
