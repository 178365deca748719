"""SQLite sources through the plain sqlite3 driver: a copy of Familia (opened read-only), and the scratch database a
CSV folder is loaded into.

No SQLAlchemy on this path: the driver's cursor is the fastest way to the rows, and a scan of a file starts without
importing it. The file is opened with `mode=ro` and `PRAGMA query_only`, so neither flytcheck nor anything else in
the process can write through the connection, and the whole scan runs in one read transaction (a writer in WAL
mode cannot change what the scan sees). The catalog is read with `pragma_table_info`, a SELECT.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

from flytcheck.errors import SourceError
from flytcheck.sources.base import QueryError, Rows, Source, cursor_rows, first_line
from flytcheck.sources.session import SNAPSHOT
from flytcheck.sql.catalog import Catalog, sqlite_declared
from flytcheck.sql.conversions import register_sqlite_functions

SQLITE_MAGIC = b"SQLite format 3\x00"


class SqliteSource(Source):
    """A SQLite database read through one read-only connection, in one read transaction for the whole scan."""

    dialect = "sqlite"
    consistency = SNAPSHOT

    def __init__(self, connection: sqlite3.Connection, description: str) -> None:
        self.description = description
        self._connection = connection

    def begin(self) -> None:
        """Start the scan's read transaction: the first read fixes the snapshot every later query sees."""
        if not self._connection.in_transaction:
            try:
                self._connection.execute("BEGIN")
            except sqlite3.Error as error:
                reason = first_line(error)
                raise SourceError(f"{self.description}: cannot start a read transaction ({reason})") from None

    def catalog(self, wanted: set[str]) -> Catalog:
        self.begin()
        try:
            names = self._connection.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
            ).fetchall()
            tables: dict[str, str] = {}
            for (name,) in names:
                if str(name).upper() in wanted:
                    tables.setdefault(str(name).upper(), str(name))
            described = {
                canonical: self._connection.execute(
                    "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", (actual,)
                ).fetchall()
                for canonical, actual in tables.items()
            }
        except sqlite3.Error as error:
            raise SourceError(f"{self.description}: cannot read the table list ({first_line(error)})") from None
        columns = {t: {str(n).upper(): str(n) for n, _ in found} for t, found in described.items()}
        declared = {t: {str(n).upper(): sqlite_declared(str(kind or "")) for n, kind in found}
                    for t, found in described.items()}
        return Catalog(None, tables, columns, declared)

    def query(self, sql: str) -> Rows:
        self.begin()
        try:
            cursor = self._connection.cursor()
        except sqlite3.Error as error:
            raise QueryError(first_line(error)) from None
        return cursor_rows(cursor, sql, sqlite3.Error)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self._connection.in_transaction:
                self._connection.rollback()  # end the read transaction; nothing was written
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()


def connect_read_only(uri: str, statement_timeout: float | None = None) -> sqlite3.Connection:
    """A connection to a `file:` URI that cannot write: `mode=ro` in the URI, and query_only on top."""
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA query_only = ON")
    interruptible(connection, statement_timeout)
    register_sqlite_functions(connection)
    return connection


def open_sqlite_file(path: Path, statement_timeout: float | None = None) -> SqliteSource:
    """A SQLite copy of Familia, opened read-only: no journal or WAL file is created, nothing is written."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror})") from None
    if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise SourceError(f"{path}: not a SQLite database (and not a folder of CSV files)")
    uri = path.resolve().as_uri() + "?mode=ro"
    if header[18:20] == b"\x02\x02" and not Path(f"{path}-wal").exists():
        # A copy left in WAL mode: reading it normally creates -wal and -shm files beside it. With no -wal
        # file there is nothing outside the main file to read, so it is opened as immutable (no side files).
        uri += "&immutable=1"
    try:
        connection = connect_read_only(uri, statement_timeout)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        raise SourceError(f"{path}: not a readable SQLite database ({first_line(error).split(': ', 1)[-1]})") from None
    return SqliteSource(connection, str(path))


def interruptible(connection: sqlite3.Connection, seconds: float | None = None) -> None:
    """Let Ctrl-C and SIGTERM stop a long SQLite statement, and stop any one that runs longer than `seconds`.

    SQLite runs a statement in C, where Python's signal handlers wait until it returns a row: a query that joins
    millions of rows before its first one would ignore Ctrl-C for minutes. The progress handler is Python code run
    every few thousand steps, so a pending handler runs inside it; SQLite then abandons the statement ("interrupted")
    and the guard, which saw the signal, exits 130 or 143. SQLite itself has no statement timeout.
    """
    state: dict[str, float] = {"start": 0.0}

    def on_trace(_: str) -> None:
        state["start"] = time.monotonic()

    def handler() -> int:
        return 1 if seconds and state["start"] and time.monotonic() - state["start"] > seconds else 0

    if seconds:
        connection.set_trace_callback(on_trace)
    connection.set_progress_handler(handler, 100_000)
