"""The document-template editor as a page of its own (/templates): only it loads the code editor.

Ace, the editor's script, is half a megabyte that every console page would otherwise load and
parse for an editor only subdistrict administrators open, and rarely.
"""

import panel as pn
import param

from .. import i18n, runtime
from ..i18n import _
from . import display, session
from .app_header import app_header
from .template_editor import TemplateEditor, may_edit


class TemplatePage(pn.viewable.Viewer):
    """The editor for a subdistrict administrator; a sign-in message or a refusal otherwise."""

    templates = param.Parameter(default=None, doc="The EditableTemplates store edited.")
    actor = param.Parameter(default=None, doc="The signed-in Actor; None shows only the sign-in "
                                              "message.")

    _layout = None          # what __panel__ made: the header and the body

    @classmethod
    def for_session(cls):
        """The page of the browser session being served, in the language its address asks."""
        actor = session.current_actor()
        locale = session.address_choices().get("locale")
        if locale:
            i18n.set_locale(locale)
        page = cls(templates=runtime.get_templates() if may_edit(actor) else None, actor=actor)
        if actor is not None:
            session.guard(page.signed_out)
        return page

    def signed_out(self):
        """The sign-in has ended: the editor goes, the message saying so stays."""
        self.actor, self.templates = None, None
        if self._layout is not None:
            self._layout[1] = session.signed_out()

    def body(self):
        """What the page shows below its header."""
        if self.actor is None:
            return session.sign_in_required()
        if not may_edit(self.actor):
            return display.alert(_("Only subdistrict administrators may change templates."),
                                 "warning")
        return TemplateEditor(templates=self.templates, actor=self.actor)

    def __panel__(self):
        header = app_header(_("Meide virtue credit"))
        self._layout = pn.Column(header, self.body(), sizing_mode="stretch_width")
        return self._layout
