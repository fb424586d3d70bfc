"""The one period type: a quarter, month or year, keyed 2026Q3 / 2026-10 / 2026 and labelled
2026年第三季度 / 2026年10月 / 2026年 wherever it is shown or printed.

    Period.parse("2026Q3").label        # '2026年第三季度'
    Period.current().previous().key     # the quarter before today's
"""

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from . import clock
from .errors import MeideError

MONTHS = {"quarter": 3, "month": 1, "year": 12}       # months a period of each kind spans
COUNT = {kind: 12 // months for kind, months in MONTHS.items()}
NUMERALS = "一二三四"
KIND_WORDS = {"quarter": "季度", "month": "月份", "year": "年度"}
_QUARTER_KEY = re.compile(r"(\d{4})\s*-?\s*[Qq]([1-4])")
_MONTH_KEY = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR_KEY = re.compile(r"\d{4}")


class PeriodInvalid(MeideError, ValueError):
    """A period that cannot be: an unknown kind, a quarter 5, a key that is not 2026Q3."""


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter (number 1–4), month (1–12) or year (number 1) in Beijing time."""

    year: int
    number: int = 1
    kind: str = "quarter"

    def __post_init__(self):
        if self.kind not in MONTHS:
            raise PeriodInvalid(f"评比期只能按季度、按月或按年（收到“{self.kind}”）")
        top = COUNT[self.kind]
        if not isinstance(self.number, int) or not 1 <= self.number <= top:
            raise PeriodInvalid(f"{KIND_WORDS[self.kind]}应为 1 到 {top}（收到 {self.number}）"
                                if top > 1 else f"年度期间不分段（收到 {self.number}）")
        if not isinstance(self.year, int) or not 1 <= self.year <= 9999:
            raise PeriodInvalid(f"年份应为四位数字（收到 {self.year}）")

    # -- making one ------------------------------------------------------------------------------

    @classmethod
    def quarter(cls, year: int, number: int) -> "Period":
        return cls(year, number, "quarter")

    @classmethod
    def month(cls, year: int, number: int) -> "Period":
        return cls(year, number, "month")

    @classmethod
    def of_year(cls, year: int) -> "Period":
        return cls(year, 1, "year")

    @classmethod
    def containing(cls, day, kind: str = "quarter") -> "Period":
        """The period of this kind that day (a date, or a datetime read in Beijing time) is in."""
        day = _date(day)
        if kind not in MONTHS:
            raise PeriodInvalid(f"评比期只能按季度、按月或按年（收到“{kind}”）")
        return cls(day.year, (day.month - 1) // MONTHS[kind] + 1, kind)

    @classmethod
    def current(cls, kind: str = "quarter") -> "Period":
        """Today's period, by the engine's clock."""
        return cls.containing(clock.today(), kind)

    @classmethod
    def recent(cls, count: int, kind: str = "quarter") -> list:
        """The current period and the count - 1 before it, newest first."""
        found = [cls.current(kind)]
        while len(found) < count:
            found.append(found[-1].previous())
        return found

    @classmethod
    def parse(cls, text) -> "Period":
        """A period from its key: '2026Q3' (a quarter), '2026-10' (a month) or '2026' (a year)."""
        if isinstance(text, Period):
            return text
        text = str(text).strip()
        if match := _QUARTER_KEY.fullmatch(text):
            return cls(int(match[1]), int(match[2]), "quarter")
        if match := _MONTH_KEY.fullmatch(text):
            return cls(int(match[1]), int(match[2]), "month")
        if _YEAR_KEY.fullmatch(text):
            return cls(int(text), 1, "year")
        raise PeriodInvalid(f"期间应写成 2026Q3（季度）、2026-10（月份）或 2026（年度），收到“{text}”")

    # -- what it covers --------------------------------------------------------------------------

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * MONTHS[self.kind] + 1, 1)

    @property
    def end(self) -> dt.date:
        """The day after the period (bounds are half-open, as the ledger reads them)."""
        return self.start + relativedelta(months=MONTHS[self.kind])

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def bounds(self) -> tuple:
        """(start, end) dates, end exclusive."""
        return self.start, self.end

    def contains(self, day) -> bool:
        return self.start <= _date(day) < self.end

    def next(self) -> "Period":
        """The period after this one (the rotating plaque is held through it)."""
        return Period.containing(self.end, self.kind)

    def previous(self) -> "Period":
        return Period.containing(self.start - relativedelta(months=MONTHS[self.kind]), self.kind)

    # -- how it is written -----------------------------------------------------------------------

    @property
    def key(self) -> str:
        """'2026Q3', '2026-10' or '2026': stored in records, typed on the command line."""
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        return f"{self.year}-{self.number:02d}" if self.kind == "month" else str(self.year)

    @property
    def label(self) -> str:
        """The one Chinese form every screen and document shows: 2026年第三季度, 2026年10月, 2026年."""
        if self.kind == "quarter":
            return f"{self.year}年第{NUMERALS[self.number - 1]}季度"
        return f"{self.year}年{self.number}月" if self.kind == "month" else f"{self.year}年"

    @property
    def english(self) -> str:
        """The label in an English UI: Q3 2026, 2026-10, 2026."""
        return f"Q{self.number} {self.year}" if self.kind == "quarter" else self.key

    def __str__(self) -> str:
        return self.label

    def as_dict(self) -> dict:
        """JSON-ready, as documents print it (start and last day)."""
        return {"key": self.key, "label": self.label, "start": self.start.isoformat(),
                "end": self.last_day.isoformat()}


def label(value, number=None, kind: str = "quarter") -> str:
    """The label of a Period, a key ('2026Q3'), or a year and number (the Jinja filter `period`:
    {{ values.year | period(values.quarter) }}; a year alone is the year)."""
    if isinstance(value, Period):
        return value.label
    if number is None:
        return Period.parse(value).label
    return Period(int(value), int(number), kind).label


def _date(day) -> dt.date:
    if isinstance(day, str):
        day = dt.datetime.fromisoformat(day) if "T" in day or " " in day else \
            dt.date.fromisoformat(day)
    if isinstance(day, dt.datetime):
        return (day.astimezone(clock.TIMEZONE) if day.tzinfo else day).date()
    return day
