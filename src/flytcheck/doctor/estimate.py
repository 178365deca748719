"""How long a scan of a source should take: its row counts (or file sizes) at a rate measured by the benchmarks.

The rates are whole scans of the synthetic `mid` profile (1 395 392 rows read, 83 MB of CSV) in
docs/benchmarks.md ("Scan against the floor" and "CSV folders"), on its 2-core benchmark machine; tests/
test_doctor.py checks that they still agree with that file. No SQL Server has been benchmarked yet, so a SQL Server
is estimated at PostgreSQL's rate, and the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flytcheck.doctor.model import Text


@dataclass(frozen=True)
class Rate:
    """A measured scan: how much it read, in how many seconds, and where the figure is written."""

    amount: float
    seconds: float
    unit: str
    """`rows` (database rows of the tables a scan reads) or `bytes` (CSV files)."""
    measured: Text

    @property
    def per_second(self) -> float:
        return self.amount / self.seconds


MID_ROWS = 1_395_392
RATES: dict[str, Rate] = {
    "sqlite": Rate(MID_ROWS, 3.85, "rows", (
        "docs/benchmarks.md, «mid» fra SQLite: 1 395 392 rader på 3,85 s",
        "docs/benchmarks.md, mid from SQLite: 1 395 392 rows in 3.85 s",
    )),
    "postgresql": Rate(MID_ROWS, 4.39, "rows", (
        "docs/benchmarks.md, «mid» fra PostgreSQL: 1 395 392 rader på 4,39 s",
        "docs/benchmarks.md, mid from PostgreSQL: 1 395 392 rows in 4.39 s",
    )),
    "mssql": Rate(MID_ROWS, 4.39, "rows", (
        "docs/benchmarks.md har ingen SQL Server-måling ennå; PostgreSQL-raten for «mid» (1 395 392 rader på "
        "4,39 s) er brukt",
        "docs/benchmarks.md has no SQL Server figure yet; PostgreSQL's rate for mid (1 395 392 rows in 4.39 s) is "
        "used",
    )),
    "csv": Rate(83_000_000, 11.16, "bytes", (
        "docs/benchmarks.md, «mid» som CSV-mappe: 83 MB på 11,16 s",
        "docs/benchmarks.md, mid as a CSV folder: 83 MB in 11.16 s",
    )),
}
"""Keyed by source kind: the dialect of a database, or `csv` for a folder of exports."""


@dataclass(frozen=True)
class Estimate:
    """The expected scan time, what it is based on, and the tables it could not count."""

    seconds: float
    amount: float
    rate: Rate
    largest: tuple[tuple[str, float], ...]
    unknown: tuple[str, ...]


def estimate(kind: str, sizes: Mapping[str, float | None]) -> Estimate:
    """The scan time for the given table sizes (rows, or bytes for CSV; None where the catalog has no count)."""
    rate = RATES[kind]
    known = {table: size for table, size in sizes.items() if size is not None}
    amount = sum(known.values())
    largest = tuple(sorted(known.items(), key=lambda item: (-item[1], item[0]))[:3])
    unknown = tuple(sorted(table for table, size in sizes.items() if size is None))
    return Estimate(amount / rate.per_second, amount, rate, largest, unknown)


def duration(seconds: float, lang: str) -> str:
    """`under 1 s`, `12 s`, `3 min`, `1 h 20 min`."""
    if seconds < 1:
        return "under 1 s"
    if seconds < 90:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} min"
    return f"{minutes // 60} {'t' if lang == 'nb' else 'h'} {minutes % 60} min"
