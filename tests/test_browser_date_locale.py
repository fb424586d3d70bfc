"""Each kind of date widget on the forms names months and weekdays in the session's language."""

import param
import pytest
from babel.dates import get_day_names, get_month_names

from meide import i18n
from meide.demo.people import STAFF
from meide.kernel import catalog
from meide.kernel.fields import form_fields
from meide.views import display
from meide.views.form import asked_later

from .browser import expect, open_calendar, sign_in

pytestmark = pytest.mark.browser

OFFICER = "beimen"              # the demo's 社区管理员, who may start most workflows
OFFICER_ROLE = next(role for username, role, *_rest in STAFF if username == OFFICER)
DATE_KINDS = ("DatePicker", "DatetimePicker")


def date_kind(parameter):
    """The date widget meide.views.form.field_input makes for parameter (in its order), or None."""
    if isinstance(parameter, param.CalendarDate):
        return "DatePicker"
    return "DatetimePicker" if isinstance(parameter, param.Date) else None


def date_fields() -> list:
    """For each kind of date widget: the first registered workflow the officer may start whose
    start form shows such a field, and that field's Parameter (None, None when there is none)."""
    workflows = sorted(catalog.all_workflows(), key=lambda cls: cls.slug)
    shown = [(date_kind(p), cls, p) for cls in workflows if OFFICER_ROLE in cls.start_roles
             for p in form_fields(cls) if p.name not in asked_later(cls)]
    return [next(((cls, p) for found, cls, p in shown if found == kind), (None, None))
            for kind in DATE_KINDS]


def names(locale: str) -> tuple:
    """The month names and abbreviated weekday names a calendar shows in locale (Babel's)."""
    months = set(dict(get_month_names("wide", "stand-alone", locale)).values())
    return months, set(dict(get_day_names("abbreviated", "format", locale)).values())


@pytest.mark.parametrize("locale", list(i18n.LANGUAGES))
@pytest.mark.parametrize("kind, field", list(zip(DATE_KINDS, date_fields())), ids=DATE_KINDS)
def test_a_calendar_names_months_and_weekdays_in_the_session_language(
        new_page, served_app, locale, kind, field):
    cls, parameter = field
    assert cls is not None, f"no workflow form shows a {kind}"
    page = sign_in(new_page(), served_app, OFFICER)
    page.goto(served_app.url(f"/console?page=form:{cls.slug}&locale={locale}"))
    with i18n.using_locale(locale):
        title, label = display.title(cls), display.field_label(parameter)
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    calendar = open_calendar(page, label)
    months, weekdays = names(locale)
    shown_month = calendar.locator(".flatpickr-monthDropdown-months option:checked").inner_text()
    assert shown_month in months
    shown_weekdays = {text.strip() for text in
                      calendar.locator(".flatpickr-weekday").all_inner_texts()}
    assert shown_weekdays == weekdays
    text = calendar.inner_text()
    for other in set(i18n.LANGUAGES) - {locale}:
        other_months, other_weekdays = names(other)
        assert not [name for name in other_months | other_weekdays if name in text], text
    assert not page.meide_errors
