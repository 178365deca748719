"""The one interface every source offers the engine: check the tables, then run SELECTs and hand back plain rows.

A source never writes to what it reads: database sessions are opened read-only, and the only statements it sends
are the SELECTs the engine gives it (each already checked by `flytcheck.sql.check`), plus the catalog's metadata
reads and the session settings of its own backend. Rows come straight from the driver's cursor as tuples, a batch
at a time: no row objects in between, so a scan costs little more than reading the rows it needs.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flytcheck.errors import FlytcheckError
from flytcheck.model import UNKNOWN_CONSISTENCY, Consistency
from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog, check_requirements

FETCH_ROWS = 5_000
"""Rows fetched from the driver at a time: large enough to amortise the call, small enough to keep memory flat."""


class QueryError(FlytcheckError):
    """A query failed in the database (or the connection was lost); the message names no SQL and no value.

    The hint, when the driver's error is a known case (sources/driver_errors.py), is its fix: a GRANT line for a
    table or column the login may not read."""


@dataclass(frozen=True)
class Rows:
    """The result of one query: its column names and its rows, streamed in batches of tuples."""

    columns: tuple[str, ...]
    batches: Iterator[Sequence[tuple[Any, ...]]]


class Source(ABC):
    """An opened source: its SQL dialect, a description safe to print, and streaming reads."""

    description: str
    dialect: str
    """`sqlite`, `postgresql` or `mssql`: the compiler's target."""
    consistency: Consistency = UNKNOWN_CONSISTENCY
    """Set by each source when its session is opened (sources/session.py)."""
    notes: tuple[tuple[str, str], ...] = ()
    """(bokmål, English): what opening the source decided that the user should hear (the ODBC driver it chose)."""
    prepared: Catalog | None = None
    read_columns: Mapping[str, set[str]] = {}
    """After `prepare`: its catalog, and the Familia columns the scan reads (for the GRANT line of a refused query)."""

    def prepare(
        self,
        needed: Mapping[str, set[str]],
        users: Mapping[str, set[str]],
        absent_ok: set[str],
        optional: Mapping[str, set[str]] | None = None,
    ) -> Catalog:
        """Find the tables, report every missing table or column at once, and make the data ready to query.

        `optional` tables and columns are read where the source has them and never required.
        """
        optional = optional or {}
        catalog = self.catalog(set(needed) | set(optional))
        required = {t: c for t, c in needed.items() if t in catalog.tables or t not in absent_ok}
        check_requirements(catalog.columns, required, users, where=self.description)
        wanted = {t: set(c) for t, c in needed.items() if t in catalog.tables}
        for table, columns in optional.items():
            present = {c for c in columns | set(familia.TABLES[table].key) if catalog.has_column(table, c)}
            if present:
                wanted[table] = wanted.get(table, set()) | present
        self.prepared, self.read_columns = catalog, wanted
        self.load(catalog, wanted)
        return catalog

    @abstractmethod
    def catalog(self, wanted: set[str]) -> Catalog:
        """The wanted Familia tables as the source names them, with their columns and declared types."""

    def load(self, catalog: Catalog, needed: Mapping[str, set[str]]) -> None:  # noqa: B027 - optional hook
        """Bring the needed columns in (CSV folders); databases are queried where they are."""

    @abstractmethod
    def query(self, sql: str) -> Rows:
        """Run one checked SELECT; QueryError (never a driver exception) when it fails, also mid-stream."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections and temporary files."""


def first_line(error: BaseException) -> str:
    """A driver error as one line (`ProgrammingError: no such table`), without the SQL it ran."""
    text = str(error).strip()
    line = text.splitlines()[0] if text else ""
    return f"{type(error).__name__}: {line[:300]}" if line else type(error).__name__


PASSWORD_OPTIONS = frozenset({"password", "pwd"})
"""URL query options that carry a password (never shown: the description and errors show *** instead)."""


def connection_reason(error: BaseException) -> str:
    """Why a connection failed, as the driver said it (the first line, at most 300 characters)."""
    original = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    lines = str(original).strip().splitlines()
    return (lines[0] if lines else type(original).__name__)[:300]


def cursor_rows(
    cursor: Any,
    sql: str,
    driver_error: type[BaseException],
    explain: Callable[[BaseException], str | None] | None = None,
) -> Rows:
    """Execute `sql` on a DB-API cursor and stream its rows; driver errors become QueryError, also while fetching.

    `explain(error)` gives the fix of a driver error the source recognises (the QueryError's hint)."""
    try:
        cursor.execute(sql)
        columns = tuple(str(d[0]) for d in cursor.description or ())
    except driver_error as error:
        _close(cursor, driver_error)
        raise QueryError(first_line(error), hint=explain(error) if explain else None) from None

    def batches() -> Iterator[Sequence[tuple[Any, ...]]]:
        try:
            while batch := cursor.fetchmany(FETCH_ROWS):
                yield batch
        except driver_error as error:
            raise QueryError(first_line(error), hint=explain(error) if explain else None) from None
        finally:
            _close(cursor, driver_error)

    return Rows(columns, batches())


def _close(cursor: Any, driver_error: type[BaseException]) -> None:
    with contextlib.suppress(driver_error):  # a lost connection: the error that ended the read is the one that counts
        cursor.close()
