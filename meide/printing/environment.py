"""The one Jinja environment for every document: autoescaped, strict, with Chinese date and
period filters."""

import datetime as dt
import functools
from pathlib import Path

import jinja2

from .. import periods

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def cn_date(value) -> str:
    """2026-10-01 (a date, datetime or ISO string) as 2026年10月1日."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


# Filters every template may use, the staff-edited ones in the sandbox too: {{ day | cn_date }},
# {{ values.year | period(values.quarter) }} (2026年第三季度, the one label a period has).
FILTERS = {"cn_date": cn_date, "period": periods.label}


@functools.lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    """Autoescaping everywhere (names come from staff and residents) and StrictUndefined, so a
    misspelt variable fails when the template is tried, not silently on a printed notice."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


def render(template: str, **data) -> str:
    """Render templates/<template> with data to HTML."""
    return environment().get_template(template).render(**data)
