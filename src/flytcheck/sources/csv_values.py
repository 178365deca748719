"""What the fields and rows of an exported CSV file mean: each field to the value stored in SQLite.

This module owns how a field is read by its Familia column type (integer, decimal, date, flag, text), what
counts as NULL, and which rows are export-tool decoration (sqlcmd's dashes and footer, blank lines). It works
on strings only: it never opens, and never writes to, the source folder. Converters take a whole column of
a batch at once (``map`` over C-level callables, caches and sets) so that the loader keeps up with hundreds
of thousands of rows a second. Errors never carry the value (it may be a national ID number); the loader
adds file, line and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from operator import itemgetter

from flytcheck.sql.familia import ColumnType

Value = int | float | str | None
ColumnConverter = Callable[[Sequence[str]], Sequence[Value]]

QUOTED_NULL = "\ud801"
"""Stands for a field written as the quoted text ``"NULL"``: the loader puts it in place of such fields before
parsing (a lone surrogate never comes out of a strict decoder, so it cannot clash with real data)."""

SQLITE_TYPES: dict[ColumnType, str] = {
    ColumnType.INTEGER: "INTEGER",
    ColumnType.FLAG: "INTEGER",
    ColumnType.DECIMAL: "REAL",
    ColumnType.TEXT: "TEXT",
    ColumnType.DATE: "TEXT",
}

DATE_EXPECTED = "expected 2024-05-22, 2024-05-22 00:00:00.000, 22.05.2024 or 22.05.2024 13:45:00"
_NULLS: dict[str, Value] = {"": None, "NULL": None, QUOTED_NULL: None}
_CACHE_LIMIT = 50_000

_INT_RE = re.compile(r"([+-]?\d+)(?:[.,]0+)?", re.ASCII)
_DEC_RE = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)", re.ASCII)
_TIME = r"(?::(\d{2})(?:[.,]\d{1,9})?)?"
_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})" + _TIME + ")?", re.ASCII)
_NO_RE = re.compile(  # 15.03.2012 (Excel), 15.03.2012 10:09 (Excel), 15.03.2012 10:09:56 (PowerShell, nb-NO)
    r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2})([:.])(\d{2})(?:\5(\d{2})(?:[.,]\d{1,9})?)?)?", re.ASCII
)
_CLOCK_RE = re.compile(r" (\d{2}):(\d{2}):(\d{2})", re.ASCII)
_FRACTION_RE = re.compile(r"[.,]\d{1,9}", re.ASCII)
_DAY, _CLOCK, _FRACTION = itemgetter(slice(0, 10)), itemgetter(slice(10, 19)), itemgetter(slice(19, None))
_SECONDS = itemgetter(slice(0, 19))
_NULL_OUT: dict[Value, Value] = {"": None, "NULL": None, QUOTED_NULL: None}
_FOOTER = re.compile(r"\(\d+ rows?(?:\(s\))? affected\)")
_FLAGS: dict[str, int] = {"0": 0, "1": 1, "-1": 1, "true": 1, "false": 0, "sann": 1, "usann": 0}
"""SANN/USANN: True/False after a Norwegian Excel opened and saved the file."""


class ConversionError(ValueError):
    """A field cannot be read as its column's type; the message says what was expected, never the value."""


def _is_null(stripped: str, raw: str) -> bool:
    return stripped in ("", "NULL") or raw == QUOTED_NULL


def to_int(raw: str) -> int | None:
    """Whole numbers; a decimal part of zeros (``1029.0``, ``1029,00``) is accepted; leading zeros go."""
    s = raw.strip()
    if _is_null(s, raw):
        return None
    m = _INT_RE.fullmatch(s)
    if m is None:
        raise ConversionError("not a whole number")
    digits = m.group(1)
    if len(digits.lstrip("+-0")) > 19:  # past 64 bits; and Python will not even read 4,301 digits or more
        raise ConversionError("a whole number too large to store")
    value = int(digits)
    if not -(2**63) <= value < 2**63:
        raise ConversionError("a whole number too large to store")
    return value


def to_decimal(raw: str) -> float | None:
    """``8.5`` or ``8,5``."""
    s = raw.strip()
    if _is_null(s, raw):
        return None
    if _DEC_RE.fullmatch(s) is None:
        raise ConversionError("not a number (expected 8.5 or 8,5)")
    value = float(s.replace(",", "."))
    if value in (math.inf, -math.inf):  # hundreds of digits: no number a Familia column holds
        raise ConversionError("a number too large to store")
    return value


def to_date(raw: str) -> str | None:
    """ISO text: ``2024-05-22`` at midnight or without a time, else ``2024-05-22 13:45:00`` (no fraction)."""
    s = raw.strip()
    if _is_null(s, raw):
        return None
    m = _ISO_RE.fullmatch(s)
    if m is not None:
        y, mo, d = m.group(1, 2, 3)
    else:
        m = _NO_RE.fullmatch(s)
        if m is None:
            raise ConversionError(f"not a valid date ({DATE_EXPECTED})")
        d, mo, y = m.group(1, 2, 3)
    year, month, day = int(y), int(mo), int(d)
    hh, mm, ss = (int(g) if g else 0 for g in (m.group(4, 5, 6) if m.re is _ISO_RE else m.group(4, 6, 7)))
    try:
        datetime(year, month, day, hh, mm, ss)  # only to check that the day and time exist
    except ValueError:
        raise ConversionError(f"not a valid date ({DATE_EXPECTED})") from None
    if hh or mm or ss:
        return f"{year:04d}-{month:02d}-{day:02d} {hh:02d}:{mm:02d}:{ss:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def to_flag(raw: str) -> int | None:
    """``0``/``1``, ``True``/``False`` (or Excel's ``SANN``/``USANN``) in any case, and Access's ``-1`` for true."""
    s = raw.strip()
    if _is_null(s, raw):
        return None
    flag = _FLAGS.get(s.lower())
    if flag is None:
        raise ConversionError("not a flag (expected 0, 1, True or False)")
    return flag


def to_text(raw: str) -> str | None:
    """Text exactly as in the file; empty and unquoted ``NULL`` are NULL, quoted ``"NULL"`` is text."""
    if raw in ("", "NULL"):
        return None
    return "NULL" if raw == QUOTED_NULL else raw


def to_padded_text(raw: str) -> str | None:
    """Text from sqlcmd: padded with spaces to the column's width (without ``-W``) or cut after its last non-space
    (``-W``); trailing spaces are not data either way, and ``NULL   `` is NULL."""
    s = raw.rstrip(" ")
    return None if s in ("", "NULL") else s


SCALAR: dict[ColumnType, Callable[[str], Value]] = {
    ColumnType.INTEGER: to_int,
    ColumnType.DECIMAL: to_decimal,
    ColumnType.DATE: to_date,
    ColumnType.FLAG: to_flag,
    ColumnType.TEXT: to_text,
}


class _Cache(dict[str, Value]):
    """Remembers converted strings (flags, dates); misses go through the scalar converter."""

    def __init__(self, convert: Callable[[str], Value], limit: int) -> None:
        super().__init__(_NULLS)
        self._convert = convert
        self._limit = limit

    def __missing__(self, raw: str) -> Value:
        value = self._convert(raw)
        self._remember(raw, value)
        return value

    def _remember(self, raw: str, value: Value) -> None:
        if len(self) >= self._limit:
            self.clear()
            self.update(_NULLS)
        self[raw] = value


class _DateColumn:
    """Dates, a batch column at a time. Columns of whole days mostly hit a cache of whole values. Datetimes
    (mostly unique) in ISO form are checked by their sets of days, times of day and fractions (each new one
    checked once) and cut to seconds, by C-level maps and set operations. Anything else goes through to_date."""

    def __init__(self) -> None:
        self.cache = _Cache(to_date, _CACHE_LIMIT)
        self.remember: bool | None = None  # decided on the first batch: do values repeat?
        self.known: tuple[set[str], set[str], set[str]] = (set(_NULLS), {""}, {""})

    def __call__(self, col: Sequence[str]) -> list[Value]:
        if self.remember is None:
            self.remember = len(set(col)) < 0.5 * len(col)
        if self.remember and len(self.cache) < _CACHE_LIMIT - len(col):
            return list(map(self.cache.__getitem__, col))
        self.remember = False
        if any(v[2:3] == "." for v in col[:50]):
            col = list(map(_as_iso, col))
        iso = self._iso(col)
        return list(map(self.cache.__getitem__, col)) if iso is None else iso

    def _iso(self, col: Sequence[str]) -> list[Value] | None:
        """``2024-05-22 13:45:00.123``-style columns, or None to take the general way."""
        days, clocks = set(map(_DAY, col)), set(map(_CLOCK, col))
        for parts, known, ok in zip((days, clocks, set(map(_FRACTION, col))), self.known, _ISO_PARTS, strict=True):
            if not parts <= known:
                new = parts - known
                if not all(map(ok, new)):
                    return None
                if len(known) < _CACHE_LIMIT:
                    known |= new
        out: list[Value] = list(map(_SECONDS, col))
        if not days.isdisjoint(_NULLS):
            out = list(map(_NULL_OUT.get, out, out))
        if " 00:00:00" in clocks:
            midnight: dict[Value, Value] = {day + " 00:00:00": day for day in days}
            out = list(map(midnight.get, out, out))
        return out


def _as_iso(value: str) -> str:
    """``15.03.2012`` or ``15.03.2012 10:09:56`` (PowerShell on nb-NO) as ISO text for the fast way; anything else
    as it is (the general way reads it, and errors are always found on the column as written)."""
    clock = value[10:11] == " " and value[13:14] == value[16:17] == ":"
    if value[2:3] == value[5:6] == "." and (len(value) == 10 or clock):
        return f"{value[6:10]}-{value[3:5]}-{value[:2]}{value[10:]}"
    return value


def _iso_day(key: str) -> bool:
    """`2024-05-22`, a day that exists; the day part of every ISO value of a column passes here once."""
    if len(key) != 10 or not key.isascii() or key[4] != "-" or key[7] != "-":
        return False
    try:
        return date.fromisoformat(key).isoformat() == key  # C-fast, and exact: 2024-02-30 is no day
    except ValueError:
        return False


def _iso_clock(key: str) -> bool:
    m = _CLOCK_RE.fullmatch(key)
    return m is not None and int(m[1]) < 24 and int(m[2]) < 60 and int(m[3]) < 60


def _iso_fraction(key: str) -> bool:
    return _FRACTION_RE.fullmatch(key) is not None


_ISO_PARTS = (_iso_day, _iso_clock, _iso_fraction)


def _ints(col: Sequence[str]) -> Sequence[Value]:
    """A column of plain digits goes through ``int`` at C speed; anything else field by field (to_int)."""
    joined = "".join(col)
    if joined.isdigit() and joined.isascii():
        try:
            values = list(map(int, col))  # fails on an empty field (NULL)
        except ValueError:
            pass
        else:
            if max(values, default=0) < 2**63:
                return values
    return list(map(to_int, col))


def column_converter(ctype: ColumnType, *, padded: bool = False) -> ColumnConverter:
    """A converter for one column of one table load, to be applied to a whole batch column at once."""
    if ctype is ColumnType.TEXT:
        if padded:
            return lambda col: list(map(to_padded_text, col))
        texts: dict[str, Value] = {"": None, "NULL": None, QUOTED_NULL: "NULL"}
        get = texts.get
        return lambda col: list(map(get, col, col))
    if ctype is ColumnType.INTEGER:
        return _ints
    if ctype is ColumnType.DATE:
        return _DateColumn()
    if ctype is ColumnType.FLAG:
        lookup = _Cache(to_flag, 1_000).__getitem__
        return lambda col: list(map(lookup, col))
    return lambda col: list(map(to_decimal, col))


def line_breaks(row: list[str]) -> int:
    """The line breaks inside a parsed row's fields: the row took that many physical lines more than one."""
    return sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in row)


def is_dashes(row: list[str]) -> bool:
    """sqlcmd's line under the header: every field dashes (and spaces)."""
    return bool(row) and all("-" in f and not f.strip(" -") for f in row)


def is_blank(row: list[str]) -> bool:
    """An empty line, a line of spaces or sqlcmd's "(N rows affected)"."""
    return not row or (len(row) == 1 and (not row[0].strip() or bool(_FOOTER.fullmatch(row[0].strip()))))


def first_error(ctype: ColumnType, col: Sequence[str]) -> tuple[int, str] | None:
    """Where a column of a batch first fails to convert, and why; used only after a batch has failed."""
    scalar = SCALAR[ctype]
    for i, raw in enumerate(col):
        try:
            scalar(raw)
        except ConversionError as exc:
            return i, str(exc)
    return None
