"""The check of a SQLite copy's typed columns, run beside the rule queries on a read-only connection of its own.

SQLite keeps whatever a migration tool inserted, whatever a column declares; a value not stored as its Familia type
(`25.03.2024 00:00:00` in a DATETIME column, `tolv` in a NUMERIC key) would be compared as it is and miscounted.
So every typed value a scan needs is checked once (flytcheck.sql.conversions.stored_check: one pass per table, in
SQLite's own code), and the first one that is not stored as its type stops the scan, naming table, column and row
key, before anything is reported. The check costs about as much as reading the values; on a second connection
(SQLite releases Python's lock while it works) it runs on another processor core while the rules run, so a scan
takes little longer for it (docs/reliability.md). A source without a second connection is checked in line.
Reads only; never writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flytcheck.errors import FlytcheckError, SourceError
from flytcheck.sources.base import QueryError, Source
from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.compiler import quote
from flytcheck.sql.conversions import EXPECTED_STORED, ColumnReads, stored_check, typed_columns
from flytcheck.values import as_text

HINT = "Correct the value in the copy, or make the copy again from the database or the CSV export."


def row_named(key: tuple[str, ...], values: tuple[Any, ...]) -> str:
    """`the row with JOU_LOEPENR 17`; a key that is not a plain number is not shown (it may be anything)."""
    shown = [as_text(v) for v in values[: len(key)]]
    if not key or not all(text.isdigit() and len(text) <= 20 for text in shown):  # a løpenummer has 10 digits
        return "a row whose key cannot be shown"
    return "the row with " + ", ".join(f"{k} {text}" for k, text in zip(key, shown, strict=True))


class StoredValues:
    """The typed-column check of one scan: started, then finished (raising what it found) or stopped."""

    def __init__(self, source: Source, catalog: Catalog, reads: ColumnReads, needed: Mapping[str, set[str]]) -> None:
        self.source, self.catalog = source, catalog
        columns = typed_columns(catalog, needed, reads) if source.dialect == "sqlite" else {}
        self.jobs = [
            (table, stored_check(catalog, table, names, lambda name: quote(name, "sqlite")))
            for table, names in columns.items()
        ]
        self.found: BaseException | None = None
        self._side: Source | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin checking: on a second connection when the source has one, else here and now."""
        if not self.jobs:
            return
        self._side = self.source.side_reader()
        if self._side is None:
            self._check(self.source)
            if self.found is not None:
                raise self.found
            return
        side = self._side
        self._thread = threading.Thread(target=self._check, args=(side,), name="flytcheck-typed-check", daemon=True)
        self._thread.start()

    def _check(self, reader: Source) -> None:
        try:
            for table, sql in self.jobs:
                try:
                    found = [row for batch in reader.query(sql).batches for row in batch][:1]
                except QueryError as error:
                    raise SourceError(f"{self.source.description}: cannot check {table} ({error.message})") from None
                if found:
                    raise self._not_stored(table, found[0])
        except Exception as error:  # handed to the scan's thread, which reports it (a bug as a bug)
            self.found = error

    def _not_stored(self, table: str, row: tuple[Any, ...]) -> SourceError:
        key = familia.TABLES[table].key
        column = str(row[len(key)])
        kind = familia.TABLES[table].columns[column]
        return SourceError(
            f"{self.source.description}: {table}.{column} in {row_named(key, row)}: the value is not "
            f"{EXPECTED_STORED[kind]} (the copy declares the column as {self.catalog.declared_as(table, column)})",
            hint=HINT,
        )

    def finish(self) -> None:
        """Wait for the check; raise what it found."""
        if self._thread is not None:
            self._thread.join()
        if self.found is not None:
            raise self.found

    def stop(self) -> None:
        """End the check however the scan ended (an interrupt stops its query at once), and close its connection."""
        if self._thread is not None and self._thread.is_alive() and self._side is not None:
            self._side.interrupt()
            self._thread.join()
        if self._side is not None:
            self._side.close()
            self._side = None


@contextmanager
def stored_values_checked(
    source: Source, catalog: Catalog, reads: ColumnReads, needed: Mapping[str, set[str]]
) -> Iterator[StoredValues]:
    """The check running for the block; call `finish()` at its end. When the block fails (a rule's query), the
    check's own finding, if it has one, is the clearer message and is raised instead."""
    check = StoredValues(source, catalog, reads, needed)
    check.start()
    try:
        yield check
    except FlytcheckError:
        check.finish()  # a value not stored as its type is why, if there is one
        raise
    finally:
        check.stop()
