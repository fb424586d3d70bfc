"""Scorecard marks typed on a form, one criterion a line ("诚信经营：95"), read back into a dict."""

import re

from .scorecard import Scorecard, ScorecardInvalid

# A line: the criterion's name (or code), a separator, the mark.
LINE = re.compile(r"^\s*(?P<name>.+?)\s*[:：=＝\s]\s*(?P<mark>[^\s:：=＝]*)\s*$")


def blank_form(card: Scorecard) -> str:
    """The text a reviewer starts from: one line per criterion, the mark to be typed after it."""
    return "\n".join(f"{criterion.name}：" for criterion in card.criteria)


def guide(card: Scorecard) -> str:
    """The criteria with their weights and hints, for a form's help text."""
    return "；".join(f"{c.name}（权重{c.weight:g}{'，' + c.hint if c.hint else ''}）"
                    for c in card.criteria)


def read_marks(card: Scorecard, text: str) -> dict:
    """{criterion code: mark} from the typed lines; raises ScorecardInvalid naming the line or
    the criterion to fix. Scorecard.score checks the range and that every line is marked."""
    by_name = {c.name: c.code for c in card.criteria} | {c.code: c.code for c in card.criteria}
    marks, problems = {}, []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        match = LINE.match(line)
        name = match.group("name").strip() if match else line.strip().rstrip(":：")
        if name not in by_name:
            problems.append(f"第 {number} 行“{name}”不是“{card.title}”的评分项"
                            f"（评分项：{'、'.join(c.name for c in card.criteria)}）")
            continue
        mark = match.group("mark") if match else ""
        if not mark:
            problems.append(f"“{name}”还没有打分")
            continue
        if by_name[name] in marks:
            problems.append(f"“{name}”打了两次分，请只保留一行")
            continue
        marks[by_name[name]] = mark
    missing = [c.name for c in card.criteria if c.code not in marks
               and not any(f"“{c.name}”" in p for p in problems)]
    if missing:
        problems.append(f"还有评分项没有打分：{'、'.join(missing)}")
    if problems:
        raise ScorecardInvalid("；".join(problems))
    return marks
