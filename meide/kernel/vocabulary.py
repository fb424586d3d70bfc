"""The names a declaration may use beyond its own: staff roles and scoring rule codes."""

import difflib

from ..points.default_catalogue import rule_codes
from ..registry import ROLES


def unknown_role(role: str) -> str:
    """Why role is not one a staff member can hold, with the closest roles ("" if it is one)."""
    if role in ROLES:
        return ""
    return f"角色 {role!r} 不是工作人员角色{_did_you_mean(role, ROLES)}；可用的角色：{'、'.join(ROLES)}"


def unknown_rule(code: str) -> str:
    """Why code names no declared scoring rule, with the closest codes ("" if it names one)."""
    known = rule_codes()
    if code in known:
        return ""
    return f"规则 {code!r} 不在积分规则目录中{_did_you_mean(code, known)}" \
           "（新规则请先用 meide.points.Rule 声明）"


def _did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    names = ", ".join(map(repr, close))
    return f"，您是不是要写 {names}（did you mean {names}?）" if close else ""
