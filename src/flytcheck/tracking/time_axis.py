"""Calendar ticks for the trend chart's time axis: the finest step (days, weeks, months, years) whose labels fit.

Two nightly runs a day apart and half a year of them need different ticks: a tick every day, every other day, every
Monday, every other Monday, the first of every month, of every 2nd, 3rd or 6th month, or every year, whichever is
the finest whose labels, at the chart's scale, leave a gap between each other. Day and week ticks are labelled
dd.mm.yyyy, month ticks `mai 2027`, year ticks `2027`. Label widths are estimated from the font size (digits are
the widest characters of a sans-serif font; the estimate errs wide), so the labels of any two ticks never overlap.
Pure functions; deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from flytcheck.texts import t
from flytcheck.values import format_date

GAP = 12.0
"""Pixels kept free between two neighbouring tick labels."""
_NARROW = frozenset(".,:;il|!' ")


@dataclass(frozen=True, slots=True)
class Tick:
    """One labelled tick: the day it marks (at midnight) and its label."""

    day: date
    label: str


@dataclass(frozen=True, slots=True)
class _Step:
    unit: str
    """"day", "week", "month" or "year"."""
    count: int

    @property
    def shortest(self) -> int:
        """The fewest days between two ticks of this step."""
        return {"day": 1, "week": 7, "month": 28, "year": 365}[self.unit] * self.count


STEPS = tuple(
    _Step(unit, count)
    for unit, counts in (("day", (1, 2)), ("week", (1, 2)), ("month", (1, 2, 3, 6)), ("year", (1, 2, 5, 10, 25)))
    for count in counts
)


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of `text`'s width in pixels in a sans-serif font (digits 0.64 em, dots 0.32 em)."""
    return sum(0.32 if char in _NARROW else 0.64 for char in text) * font_size


def label(day: date, unit: str, lang: str) -> str:
    if unit == "year":
        return str(day.year)
    if unit == "month":
        return f"{t('months', lang).split()[day.month - 1]} {day.year}"
    return format_date(day)


def _is_tick(day: date, step: _Step) -> bool:
    """Whether `day` carries a tick of `step`, anchored on the calendar (not on the first run)."""
    if step.unit == "day":
        return day.toordinal() % step.count == 0
    if step.unit == "week":
        return day.weekday() == 0 and (day.toordinal() // 7) % step.count == 0
    if step.unit == "month":
        return day.day == 1 and (day.month - 1) % step.count == 0
    return day.day == 1 and day.month == 1 and day.year % step.count == 0


def _days(first: date, last: date, step: _Step) -> Iterator[date]:
    day = first
    while day <= last:
        if _is_tick(day, step):
            yield day
        day += timedelta(days=1)


def ticks(first: date, last: date, pixels_per_day: float, lang: str, font_size: float = 12.0) -> list[Tick]:
    """The ticks from `first` to `last` at the finest step whose labels fit `pixels_per_day`."""
    for step in STEPS:
        widest = max(text_width(label(date(2000, month, 28), step.unit, lang), font_size) for month in range(1, 13))
        if step.shortest * pixels_per_day >= widest + GAP:
            return [Tick(day, label(day, step.unit, lang)) for day in _days(first, last, step)]
    step = STEPS[-1]
    return [Tick(day, label(day, step.unit, lang)) for day in _days(first, last, step)][:1]
