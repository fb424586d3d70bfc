"""The staff console (served by `meide serve`): meide.views.Console over the process runner."""

import panel as pn

from meide.i18n import _
from meide.views import date_locale
from meide.views.console import Console

# Every session pays for what is set up here, so nothing it does not use: no extensions (the
# template editor, the one page needing Ace, is its own app at /templates), no re-applied
# signatures (for editors' completion), no BrowserInfo model (nothing reads it). The one
# script is the date pickers' language.
pn.extension(apply_signatures=False, browser_info=False, js_files=date_locale.js_files())
Console.for_session().servable(title=_("Meide virtue credit"))
