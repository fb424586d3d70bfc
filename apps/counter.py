"""The supermarket counter (served by `meide serve`): meide.views.Counter for the clerk."""

import panel as pn

from meide.i18n import _
from meide.views.counter import Counter

pn.extension()
Counter.for_session().servable(title=_("Credit supermarket counter"))
