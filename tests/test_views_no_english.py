"""Every console page and record page, rendered server-side in zh_CN, shows staff no English.

Each page of the console's table (meide.views.pages.PAGES) is built by the real Console for a
role that may open it, over the demo with records of every registered workflow (the world of
tests/test_scope_leaks.py: each record started from its sample and taken as far as it goes);
the Bokeh document is built as a browser would receive it and only what a person reads is
taken from it: labels, titles, options, placeholders, table column titles and cells, and the
text of HTML/Markdown panes with tags, styles and scripts stripped (never ids, classes, URLs or
model names). It fails on any ASCII word of two or more letters outside a short allow-list.
A new page, workflow or widget is covered with no new test.
"""

import html
import re

import pytest
from bokeh.core.property.descriptors import UnsetValueError
from bokeh.document import Document
from bokeh.models import ColumnDataSource, TableColumn

from meide import i18n
from meide.kernel import actor_from_staff
from meide.registry import ROLES, Scope
from meide.views import pages
from meide.views.console import Console

from .test_scope_leaks import COMMUNITIES, addresses, world  # noqa: F401  (world: a fixture)

WORD_OF = re.compile(r"[A-Za-z]{2,}")
# What may stay in Latin letters on a Chinese page; each is what staff say and read as is.
ALLOWED = {
    "PDF",               # the format of every printout, named on its download buttons
    "PNG",               # the image a document is also offered as ("下载图片（PNG）")
    "Excel",             # the spreadsheet program the dashboard's export is offered for
    "xlsx", "csv",       # the file types the roster and sign-in sheet imports accept, named
                         # as the file picker shows them
    "SHA",               # the lottery publishes its list's SHA-256 fingerprint: anyone who
                         # checks the draw must know which algorithm to run
    "ZS",                # the prefix of a certificate's number (ZS-7K3Q-9F2A), as printed on
                         # the certificate and typed to find it
}
# The language switch names each language in itself (meide.i18n.LANGUAGES: "English").
ALLOWED |= {word for name in i18n.LANGUAGES.values() for word in WORD_OF.findall(name)}
# Properties of a Bokeh model whose value a person reads on the page.
SHOWN = ("title", "label", "placeholder", "description", "labels", "value_label", "filename",
         "axis_label")
# The console's own browser-side components (panel.custom.JSComponent, sent as a data model
# named after the class): what each draws as text, the rest being addresses and keys.
DRAWN = {
    "Navigation": lambda data: [data.title, data.who]
    + [label for label, _address in [*data.account, *data.links]]
    + [title for title, _entries in data.sections]
    + [label for _title, entries in data.sections for _page, label in entries],
    "ButtonRows": lambda data: [data.heading, data.status, data.empty]
    + [part for _key, text, label in data.rows for part in (text, label)]
    + [label for _step, label, _enabled in data.pager],
    "Glance": lambda data: [data.heading, data.placeholder, data.search_label]
    + [part for title, _style, entries, empty in data.sections
       for part in (title, empty, *(word for _key, text, label in entries
                                    for word in (text, label)))]
    + [label for _key, label, _pressed in data.sorts],
}
TYPED = ("TextInput", "TextAreaInput", "AutocompleteInput", "PasswordInput")
# A word: two or more letters between anything but letters and digits (so snake_case keys such
# as resident_id count; a code mixing letters and digits, like A4 or a5546acce9, does not).
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])")
# A file's extension is part of its name (楼道照片.jpg, 证书.pdf), not words of the page.
EXTENSION = re.compile(r"(?<=[^\s.])\.[A-Za-z0-9]{2,5}(?![A-Za-z0-9])")
HIDDEN = re.compile(r"<(style|script)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")


def plain(markup: str) -> str:
    """The words of an HTML fragment a reader sees: no tags, styles, scripts or entities."""
    text = html.unescape(markup)
    text = HIDDEN.sub(" ", text)
    return html.unescape(TAG.sub(" ", text))


def strings(value):
    """The texts inside a property value (a string, a list of them, (value, label) pairs)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        if len(value) == 2 and all(isinstance(part, str) for part in value) \
                and not isinstance(value, list):
            yield value[1]          # an option's (value, label): its label is shown
            return
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):   # grouped options: {group: [options]}
        for group, items in value.items():
            yield str(group)
            yield from strings(items)


def value_of(model, name):
    """A property's value; None when it was never set (a FileInput before a file is chosen)."""
    try:
        return getattr(model, name)
    except UnsetValueError:
        return None


def visible(model) -> list:
    """The texts of one Bokeh model a person reads."""
    drawn = DRAWN.get(re.sub(r"\d+$", "", type(model).__name__))
    if drawn is not None and "esm" not in model.properties():
        return [str(text) for text in drawn(model)]
    texts = []
    props = model.properties()
    for name in SHOWN:
        if name in props:
            texts += list(strings(value_of(model, name)))
    if "options" in props:
        texts += list(strings(value_of(model, "options")))
    if "text" in props and isinstance(model.text, str):
        texts.append(plain(model.text))
    if type(model).__name__ in TYPED and isinstance(model.value, str):
        texts.append(model.value)
    if "columns" in props and "source" in props and isinstance(model.source, ColumnDataSource):
        columns = [column for column in model.columns if isinstance(column, TableColumn)]
        texts += [column.title or "" for column in columns]
        for column in columns:
            texts += [plain(str(cell)) for cell in model.source.data.get(column.field, ())
                      if isinstance(cell, str)]
    return texts


def english(console, usernames) -> set:
    """The English words of everything the console page shows, usernames aside."""
    document = Document()
    document.add_root(console.__panel__().get_root(document))
    found = set()
    for model in document.models:
        for text in visible(model):
            for username in usernames:      # a sign-in name is ASCII by rule: data, not UI
                text = text.replace(username, " ")
            text = EXTENSION.sub(" ", text)
            found.update(word for word in WORD.findall(text) if word not in ALLOWED)
    return found


# The officer of a community and the subdistrict's administrator, who sees more of some pages
# (every settings tab, the whole audit log); each page is rendered for each that may open it.
OPENERS = ("社区管理员", "街道管理员")
OPENED = [pytest.param(role, page, id=f"role{list(ROLES).index(role)}-{page.key}")
          for role in OPENERS for page in pages.PAGES if page.roles is None or role in page.roles]


@pytest.fixture(scope="module")
def openers(world):  # noqa: F811
    """role → the Actor of a staff account of it: the world's officer of its first community,
    and a subdistrict administrator made here (the world has none)."""
    engine, actors, _records = world
    officer = actors["社区管理员", COMMUNITIES[0]]
    engine.registry.staff.add("noenglish", "街道测试员", "leak-test-pw", ["街道管理员"],
                              Scope(officer.subdistrict))
    return {"社区管理员": officer,
            "街道管理员": actor_from_staff(engine.registry.staff.by_username("noenglish"))}


@pytest.mark.parametrize("role, page", OPENED)
def test_a_page_shows_no_english(world, openers, role, page):  # noqa: F811
    engine, _actors, records = world
    actor = openers[role]
    assert page.allows(actor)
    usernames = sorted((doc["username"] for doc in engine.registry.staff.list(None)),
                       key=len, reverse=True)
    mine = {slug: numbers[:1] for slug, numbers in records.items()}    # the first community's
    found, opened = {}, 0
    with i18n.using_locale("zh_CN"):
        for address in addresses(page, mine):
            console = Console(runner=engine.runner, actor=actor, page=address)
            if console.view is None:
                continue
            opened += 1
            words = english(console, usernames)
            if words:
                found[address] = sorted(words)
    assert opened, f"no address of {page.key} opened for {role}"
    assert found == {}, "\n".join(f"{address}: {' '.join(words)}"
                                  for address, words in found.items())


def test_the_extraction_sees_english_in_an_english_session(world):  # noqa: F811
    """The capture works: the same home page in English is full of English words."""
    engine, actors, _records = world
    actor = actors["社区管理员", COMMUNITIES[0]]
    with i18n.using_locale("en"):
        console = Console(runner=engine.runner, actor=actor, page="inbox")
        assert len(english(console, [])) >= 5
