"""How long a scan of a source should take: its row counts (or file sizes) at a rate measured by the benchmarks.

The rates are whole scans of the synthetic `mid` profile in docs/benchmarks.md ("Scan against the floor" and "CSV
folders"), on its 2-core benchmark machine; tests/test_doctor.py checks that they stay within a factor of two of
that file's figures (a rerun of the benchmarks moves them a little; one that moves them more needs new rates). No
SQL Server has been benchmarked yet, so a SQL Server is estimated at PostgreSQL's rate, and the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flytcheck.doctor.model import Text


@dataclass(frozen=True)
class Rate:
    """A measured scan rate, and where it is written."""

    per_second: float
    unit: str
    """`rows` (database rows of the tables a scan reads) or `bytes` (CSV files)."""
    where: Text

    def measured(self, lang: str) -> str:
        """`docs/benchmarks.md, mid from SQLite: about 337 000 rows/s`."""
        index = 1 if lang == "en" else 0
        if self.unit == "bytes":
            amount = f"{self.per_second / 1_000_000:.1f}".replace(".", "," if index == 0 else ".") + " MB/s"
        else:
            amount = f"{round(self.per_second, -3):,.0f}".replace(",", " ") + (" rader/s" if index == 0 else " rows/s")
        return f"{self.where[index]}: {'omkring' if index == 0 else 'about'} {amount}"


RATES: dict[str, Rate] = {
    "sqlite": Rate(1_650_334 / 4.89, "rows", (
        "docs/benchmarks.md, «mid» fra SQLite", "docs/benchmarks.md, mid from SQLite",
    )),
    "postgresql": Rate(1_650_334 / 5.58, "rows", (
        "docs/benchmarks.md, «mid» fra PostgreSQL", "docs/benchmarks.md, mid from PostgreSQL",
    )),
    "mssql": Rate(1_650_334 / 5.58, "rows", (
        "docs/benchmarks.md har ingen SQL Server-måling ennå; raten for «mid» fra PostgreSQL er brukt",
        "docs/benchmarks.md has no SQL Server figure yet; the rate of mid from PostgreSQL is used",
    )),
    "csv": Rate(109_000_000 / 8.18, "bytes", (
        "docs/benchmarks.md, «mid» som CSV-mappe", "docs/benchmarks.md, mid as a CSV folder",
    )),
}
"""Keyed by source kind: the dialect of a database, or `csv` for a folder of exports. The rates of the benchmark run
of 2026-11-30 (mid: 1 395 392 rows in 3.85 s from SQLite, 4.39 s from PostgreSQL; 83 MB of CSV in 11.16 s)."""


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
