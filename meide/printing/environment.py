"""The one Jinja environment for every document: autoescaped, strict, with Chinese date and
period filters."""

import datetime as dt
import functools
import typing
from pathlib import Path

import jinja2

from .. import periods
from .qr import console_qr, verify_qr

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def cn_date(value) -> str:
    """2026-10-01 (a date, datetime or ISO string) as 2026年10月1日."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


class Group(typing.NamedTuple):
    """One group of rows, as Jinja's groupby gives it (group.grouper, group.list)."""

    grouper: object
    list: list


def grouped(rows, attribute: str) -> list:
    """rows in groups of equal `attribute`, the groups in the order their first rows come: a
    ranking already in its groups' natural order (第一、第二…第十网格) stays in it, where Jinja's
    groupby would sort the groups' names as characters (第一、第三、第二)."""
    groups = {}
    for row in rows:
        groups.setdefault(row[attribute], []).append(row)
    return [Group(key, members) for key, members in groups.items()]


# Filters every template may use, the staff-edited ones in the sandbox too: {{ day | cn_date }},
# {{ values.year | period(values.quarter) }} (2026年第三季度, the one label a period has),
# {% for group in values.ranking | grouped("group_name") %} (groups kept in their order),
# {{ code | verify_qr }} (the QR code of the code's /verify page at the public address),
# {{ "volunteer:7" | console_qr }} (of a console page, for staff).
FILTERS = {"cn_date": cn_date, "period": periods.label, "grouped": grouped, "verify_qr": verify_qr,
           "console_qr": console_qr}


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
