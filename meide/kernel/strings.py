"""The Chinese strings a workflow declaration shows in the UI (what the catalogues must translate)."""

from .effects import IssueDocument
from .fields import form_fields, outputs_of


def declaration_strings(cls) -> list:
    """Every Chinese string of a workflow declaration that the UI shows: title, description,
    field labels and docs, choice labels, output labels, state and timed-stage names,
    transition and role names,
    the titles of the documents it issues (in that order)."""
    strings = [cls.title, cls.description]
    for parameter in form_fields(cls):
        strings += [parameter.label, parameter.doc]
        names = getattr(parameter, "names", None)
        if names:
            strings += list(names)
    strings += [output.label for output in outputs_of(cls).values()]
    declaration = cls.declaration()
    strings += [state.label for state in declaration.states.values()]
    strings += [state.timed.label for state in declaration.states.values() if state.timed]
    for transition in declaration.transitions.values():
        strings += [transition.label, *transition.roles]
    strings += list(cls.start_roles)
    strings += [effect.title for effects in cls.effects.values() for effect in effects
                if isinstance(effect, IssueDocument)]
    seen = []
    for text in strings:
        if text and text not in seen:
            seen.append(text)
    return seen
