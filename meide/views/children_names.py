"""The programme's rule for children on public boards (a settings tab): whether notices, boards
and certificates may print a child's full name; off by default, names masked (first and last
characters kept)."""

import panel as pn
import param

from ..children.public_names import allow_full_names, full_names_allowed
from ..i18n import _
from . import display


class ChildrenNames(pn.viewable.Viewer):
    """One switch, audited when changed; set by subdistrict administrators."""

    registry = param.Parameter(doc="The registry acting as the signed-in administrator.")

    def __init__(self, **params):
        super().__init__(**params)
        self.switch = pn.widgets.Checkbox(
            label=_("Print children's full names on public boards, notices and certificates"),
            value=full_names_allowed(self.registry.store))
        self.save_button = pn.widgets.Button(label=_("Save"), color="primary")
        self.save_button.on_click(lambda event: self.save())
        self.feedback = pn.Column(sizing_mode="stretch_width")

    def save(self) -> bool:
        changed = allow_full_names(self.registry, self.switch.value)
        self.feedback.objects = [display.alert(
            _("Saved.") if changed else _("Nothing changed."),
            "success" if changed else "warning")]
        return changed

    def __panel__(self):
        return pn.Column(display.text(_(
            "Unless this is switched on, a child's name is masked on every public document "
            "(for example, the second character is hidden). Only switch it on if the programme's "
            "rule for children allows full names.")), self.switch, self.save_button,
            self.feedback, sizing_mode="stretch_width")
