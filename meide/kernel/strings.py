"""The Chinese strings a workflow declaration shows in the UI (what the catalogues must translate)."""

from .effects import IssueDocument
from .fields import form_fields, outputs_of


def declaration_strings(cls) -> list:
    """Every Chinese string of a workflow declaration that the UI shows: title, description,
    field labels and docs, choice labels, what an empty reference means, output labels and
    their columns' headers, state names and what a timed stage's end is called, transition and
    role names, the titles of the documents it issues (in that order)."""
    strings = [cls.title, cls.description]
    for parameter in form_fields(cls):
        strings += [parameter.label, parameter.doc, getattr(parameter, "blank", "")]
        names = getattr(parameter, "names", None)
        if names:
            strings += list(names)
    for output in outputs_of(cls).values():
        strings += [output.label, *output.columns.values()]
    declaration = cls.declaration()
    for state in declaration.states.values():
        strings += [state.label, *((state.timed.label, state.timed.ends) if state.timed else ())]
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
