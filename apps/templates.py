"""The document-template editor (`meide serve` serves it at /templates): a TemplatePage."""

import panel as pn

from meide.i18n import _
from meide.views.template_page import TemplatePage

# Ace, the code editor's script, is loaded by this page only (not by every console page).
pn.extension("codeeditor")
TemplatePage.for_session().servable(title=_("Document templates"))
