"""Turns the values drivers return (Decimal, float, datetime, ISO text) into the text flytcheck shows.

SQL Server gives numeric(10,0) as Decimal and datetime as datetime; SQLite gives int, float or text. Keys are shown
as integers without decimals, dates as dd.mm.yyyy in every language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any


class Memo(dict[Any, Any]):
    """A dict that fills itself: `memo[value]` is a C-level lookup, and the function runs once per new value.

    With a `limit`, the memo starts over when it holds that many values: values that repeat (dates, municipalities,
    caseworkers) are back after a few rows, and a column of values that never repeat (a note number in every
    message) costs a bounded amount of memory instead of an entry per row.
    """

    def __init__(self, function: Callable[[Any], Any], limit: int | None = None) -> None:
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, value: Any) -> Any:
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        result = self[value] = self.function(value)
        return result


def as_text(value: Any) -> str:
    """A value as text: None is empty, whole numbers lose their decimals (`123.0`, `Decimal('123')` -> `123`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        # numeric(5,3) comes as 8.200 from PostgreSQL and SQL Server, as 8.2 from SQLite: show 8.2 everywhere
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)  # inf and nan are not integers
    if isinstance(value, datetime | date):
        return format_date(value)
    return str(value)


def as_date(value: Any) -> date | None:
    """A date from a driver value or ISO text (`2024-05-22`, `2024-05-22 00:00:00.000`); None if not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def format_date(value: Any) -> str:
    """dd.mm.yyyy, as Norwegian readers and Excel expect; text that is not a date is returned unchanged."""
    day = as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
