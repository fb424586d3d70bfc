"""The staff console (served by `meide serve`)."""

import panel as pn

from meide.views.overview import StoreOverview

pn.template.FastListTemplate(title="美德信用 · 古槐街道", main=[StoreOverview()]).servable()
