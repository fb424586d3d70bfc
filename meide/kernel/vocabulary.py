"""The names a declaration may use beyond its own: staff roles and scoring rule codes."""

import difflib

from ..points.default_catalogue import rule_codes
from ..registry import ROLES


def unknown_role(role: str) -> str:
    """Why role is not one a staff member can hold, with the closest roles ("" if it is one)."""
    if role in ROLES:
        return ""
    return f"role {role!r} is not a staff role{_did_you_mean(role, ROLES)}; " \
           f"roles: {', '.join(ROLES)}"


def unknown_rule(code: str) -> str:
    """Why code names no declared scoring rule, with the closest codes ("" if it names one)."""
    known = rule_codes()
    if code in known:
        return ""
    return f"rule {code!r} is not in the rule catalogue{_did_you_mean(code, known)} " \
           "(declare a new rule with meide.points.Rule first)"


def _did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
