"""The header of a page served as an app of its own: its title, back to the console, sign out."""

import html

import panel as pn

from ..i18n import _
from .signin import LOGOUT_URL

CONSOLE_URL = "/console"
HEADER_CSS = """
div { display: flex; align-items: baseline; gap: 24px; }
h1 { margin: 8px 10px; flex-grow: 1; }
a { color: #b71c1c; font-size: 14px; white-space: nowrap; }
"""


def app_header(title: str) -> pn.pane.HTML:
    """The title as the page's heading, with links back to the console and to sign out."""
    back, sign_out = _("Back to the console"), _("Sign out")
    return pn.pane.HTML(
        f"<div><h1>{html.escape(title)}</h1><a href='{CONSOLE_URL}'>{html.escape(back)}</a>"
        f"<a href='{LOGOUT_URL}'>{html.escape(sign_out)}</a></div>",
        stylesheets=[HEADER_CSS], sizing_mode="stretch_width")
