"""The staff console (served by `meide serve`): meide.views.Console over the process runner."""

import panel as pn

from meide.i18n import _
from meide.views.console import Console

# The template editor's CodeEditor (Ace) must be loaded with the page: it is opened later.
pn.extension("codeeditor")
Console.for_session().servable(title=_("Meide virtue credit"))
