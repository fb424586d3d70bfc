"""The public plaque check (served by `meide serve` at /verify, no sign-in): meide.views.VerifyPage."""

import panel as pn

from meide.i18n import _
from meide.views.verify import VerifyPage

pn.extension()
VerifyPage.for_session().servable(title=_("Check a star plaque"))
