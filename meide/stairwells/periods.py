"""Evaluation periods of the star stairwells: quarters by default, months for a busier programme."""

import datetime as dt
import re
from dataclasses import dataclass

from ..points import periods

NUMERALS = "一二三四"


@dataclass(frozen=True)
class Period:
    """A quarter (kind 'quarter', number 1–4) or a month (kind 'month', number 1–12)."""

    year: int
    number: int
    kind: str = "quarter"

    def __post_init__(self):
        top = {"quarter": 4, "month": 12}.get(self.kind)
        if top is None:
            raise ValueError(f"评比期只能按季度或按月（收到“{self.kind}”）")
        if not 1 <= self.number <= top:
            raise ValueError(f"{'季度' if self.kind == 'quarter' else '月份'}应为 1 到 {top}"
                             f"（收到 {self.number}）")

    @classmethod
    def parse(cls, text: str) -> "Period":
        """'2026Q3' (a quarter) or '2026-10' (a month)."""
        text = str(text).strip()
        if match := re.fullmatch(r"(\d{4})[Qq]([1-4])", text):
            return cls(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            return cls(int(match[1]), int(match[2]), "month")
        raise ValueError(f"评比期应写成 2026Q3（季度）或 2026-10（月份），收到“{text}”")

    @property
    def bounds(self) -> tuple:
        """(start, end) dates, end exclusive."""
        if self.kind == "quarter":
            return periods.quarter(self.year, self.number)
        return periods.month(self.year, self.number)

    @property
    def start(self):
        return self.bounds[0]

    @property
    def end(self):
        return self.bounds[1]

    @property
    def last_day(self):
        return self.end - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}" if self.kind == "quarter" else \
            f"{self.year}-{self.number:02d}"

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}年第{NUMERALS[self.number - 1]}季度"
        return f"{self.year}年{self.number}月"

    def next(self) -> "Period":
        """The period after this one: the rotating plaque is held through it."""
        top = 4 if self.kind == "quarter" else 12
        if self.number == top:
            return Period(self.year + 1, 1, self.kind)
        return Period(self.year, self.number + 1, self.kind)

    def as_dict(self) -> dict:
        """JSON-ready, as documents print it (start and last day)."""
        return {"key": self.key, "label": self.label, "start": self.start.isoformat(),
                "end": self.last_day.isoformat()}
