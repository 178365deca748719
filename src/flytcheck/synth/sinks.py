"""Where generated rows go: a folder of SQL Server-style CSV files or a SQLite file, one batch at a time.

A sink only ever writes to the output the generator was given (and removes what it wrote when generation fails);
it holds at most one batch per table in memory. Rows are tuples in the column order of familia.TABLES.
"""

from __future__ import annotations

import csv
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import IO

from sqlalchemy import create_engine

from flytcheck.sql import familia
from flytcheck.sql.ddl import create_familia

Row = tuple[object, ...]
Progress = Callable[[str, int], None]
BATCH = 10_000


class TableOut:
    """One table's rows on their way out: buffered, and written every BATCH rows."""

    __slots__ = ("_progress", "_write", "count", "name", "rows")

    def __init__(self, name: str, write: Callable[[list[Row]], None], progress: Progress | None) -> None:
        self.name = name
        self.rows: list[Row] = []
        self.count = 0
        self._write = write
        self._progress = progress

    def add(self, row: Row) -> None:
        rows = self.rows
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self._write(self.rows)
            self.count += len(self.rows)
            self.rows = []
            if self._progress is not None:
                self._progress(self.name, self.count)


class Sink(ABC):
    """An output for every Familia table; `fraction_digits` is how datetimes end (.000 or .000000)."""

    fraction_digits: int

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.tables: dict[str, TableOut] = {}

    def table(self, name: str) -> TableOut:
        if name not in self.tables:
            self.tables[name] = TableOut(name, self._open(name, tuple(familia.TABLES[name].columns)), self.progress)
        return self.tables[name]

    def finish(self) -> dict[str, int]:
        """Write what is buffered, close the output and return rows per table."""
        for out in self.tables.values():
            out.flush()
        self._close()
        return {name: out.count for name, out in sorted(self.tables.items())}

    @abstractmethod
    def decimal(self, text: str) -> object:
        """A numeric(5,3) value as this output stores it."""

    @abstractmethod
    def _open(self, name: str, columns: tuple[str, ...]) -> Callable[[list[Row]], None]: ...

    @abstractmethod
    def _close(self) -> None: ...

    @abstractmethod
    def abort(self) -> None:
        """Close and remove everything this sink wrote."""


class CsvSink(Sink):
    """`FA_KLIENT.csv` etc. as SQL Server Management Studio saves them: cp1252, `;`, header row, CRLF, NULL empty."""

    fraction_digits = 3

    def __init__(self, folder: Path, progress: Progress | None = None) -> None:
        super().__init__(progress)
        self.folder = folder
        self.created_folder = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, IO[str]] = {}

    def _open(self, name: str, columns: tuple[str, ...]) -> Callable[[list[Row]], None]:
        handle = (self.folder / f"{name}.csv").open("w", encoding="cp1252", newline="")
        self.files[name] = handle
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(columns)
        return writer.writerows

    def decimal(self, text: str) -> object:
        return text

    def _close(self) -> None:
        for handle in self.files.values():
            handle.close()

    def abort(self) -> None:
        self._close()
        for name in self.files:
            (self.folder / f"{name}.csv").unlink(missing_ok=True)
        if self.created_folder and not any(self.folder.iterdir()):
            self.folder.rmdir()


class SqliteSink(Sink):
    """A SQLite file with every Familia table (created as `flytcheck.sql.ddl` does), filled by plain executemany.

    With `key_indexes`, each table then gets an index on its Familia key, as a copy that kept SQL Server's primary
    keys has; not unique, because the data holds duplicate-key defects.
    """

    fraction_digits = 6  # SQLAlchemy's own datetime text in SQLite

    def __init__(self, path: Path, progress: Progress | None = None, *, key_indexes: bool = True) -> None:
        super().__init__(progress)
        self.path = path
        self.key_indexes = key_indexes
        engine = create_engine(f"sqlite:///{path}")
        try:
            create_familia(engine, {}, only=familia.TABLES)  # the optional Huskeliste view as well
        finally:
            engine.dispose()
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA journal_mode = OFF")
        self.connection.execute("PRAGMA synchronous = OFF")

    def _open(self, name: str, columns: tuple[str, ...]) -> Callable[[list[Row]], None]:
        quoted = ", ".join(f'"{c}"' for c in columns)
        sql = f'INSERT INTO "{name}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'

        def write(rows: list[Row]) -> None:
            self.connection.executemany(sql, rows)

        return write

    def decimal(self, text: str) -> object:
        return float(text)

    def _close(self) -> None:
        if self.key_indexes:
            for table in familia.TABLES.values():
                if table.key:
                    columns = ", ".join(f'"{c}"' for c in table.key)
                    self.connection.execute(f'CREATE INDEX "ix_{table.name}_key" ON "{table.name}" ({columns})')
        self.connection.commit()
        self.connection.close()

    def abort(self) -> None:
        try:
            self.connection.close()
        finally:
            self.path.unlink(missing_ok=True)
