"""SQLite sources through the plain sqlite3 driver: a copy of Familia (opened read-only), and the scratch database a
CSV folder is loaded into.

No SQLAlchemy on this path: the driver's cursor is the fastest way to the rows, and a scan of a file starts without
importing it. The file is opened with `mode=ro` and `PRAGMA query_only`, so neither flytcheck nor anything else in
the process can write through the connection, and the whole scan runs in one read transaction (a writer in WAL
mode cannot change what the scan sees). The catalog is read with `pragma_table_info`, a SELECT.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

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

    def __init__(
        self, connection: sqlite3.Connection, description: str, scratch: Path | None = None,
        statement_timeout: float | None = None,
    ) -> None:
        self.description = description
        self._connection = connection
        self._statement_timeout = statement_timeout
        self._reopen: tuple[str, int] | None = None  # (URI, size) of a file: a second connection can be made to it
        self._scratch = scratch  # a private copy of a WAL file and its -wal (see _wal_aware), removed on close

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
        try:
            rows = cursor_rows(cursor, sql, sqlite3.Error)
        except QueryError as error:
            raise self._why(error) from None
        return Rows(rows.columns, self._explained(rows.batches))

    def _explained(self, batches: Iterator[Sequence[tuple[Any, ...]]]) -> Iterator[Sequence[tuple[Any, ...]]]:
        try:
            yield from batches
        except QueryError as error:
            raise self._why(error) from None

    def _why(self, error: QueryError) -> QueryError:
        """"interrupted" said plainly when it was the time limit (a Ctrl-C is reported by the guard, which saw it)."""
        if self._statement_timeout and error.message.endswith("interrupted"):
            return QueryError(
                f"{error.message}: the query ran longer than the statement time limit of "
                f"{self._statement_timeout:g} s (--statement-timeout)"
            )
        return error

    def side_reader(self) -> SqliteSource | None:
        """Another read-only connection to the same file (None for the copy of a CSV folder: it is checked already).
        It does not map the file: its check reads each table once, so a map saves it little, and a second map made
        the scan's resident size count the file's pages twice (`mid`: 349 MB against 232 MB, docs/benchmarks.md)."""
        if self._reopen is None:
            return None
        uri, _ = self._reopen
        try:
            connection = connect_read_only(uri, self._statement_timeout)
        except sqlite3.Error:
            return None  # then the check runs on this connection instead
        return SqliteSource(connection, self.description, None, self._statement_timeout)

    def interrupt(self) -> None:
        self._connection.interrupt()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self._connection.in_transaction:
                self._connection.rollback()  # end the read transaction; nothing was written
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


MMAP_LIMIT = 256 << 20
"""A file up to this size is read through a memory map: a scan reads the big tables several times, and a mapped page
costs no read() and no copy (about a tenth off a `mid` scan, docs/benchmarks.md). A bigger file is read the usual
way, so that the mapped pages do not count against the scan's memory."""


def connect_read_only(uri: str, statement_timeout: float | None = None, size: int = 0) -> sqlite3.Connection:
    """A connection to a `file:` URI that cannot write: `mode=ro` in the URI, and query_only on top. `size` (bytes)
    of a file small enough is mapped into memory (MMAP_LIMIT)."""
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA query_only = ON")
    if 0 < size <= MMAP_LIMIT:
        connection.execute(f"PRAGMA mmap_size = {size}")
    interruptible(connection, statement_timeout)
    register_sqlite_functions(connection)
    return connection


def open_sqlite_file(path: Path, statement_timeout: float | None = None) -> SqliteSource:
    """A SQLite copy of Familia, opened read-only: no journal, WAL or -shm file is created beside it, nothing is
    written (a copy in WAL mode: see _wal_aware)."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror})") from None
    if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise SourceError(f"{path}: not a SQLite database (and not a folder of CSV files)")
    scratch: Path | None = None
    try:
        opened, scratch, immutable = _wal_aware(path, header)
        uri = opened.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        try:
            connection = connect_read_only(uri, statement_timeout, opened.stat().st_size)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as error:
            reason = first_line(error).split(": ", 1)[-1]
            raise SourceError(f"{path}: not a readable SQLite database ({reason})") from None
    except BaseException:  # an error or an interrupt while opening: the private copy goes too
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    source = SqliteSource(connection, str(path), scratch, statement_timeout)
    source._reopen = (uri, opened.stat().st_size)
    return source


def _wal_aware(path: Path, header: bytes) -> tuple[Path, Path | None, bool]:
    """The file to open, the private folder holding it when it is a copy (else None), and whether it is immutable.

    A file in WAL mode is read with its -wal file, and SQLite reads a -wal file only through a -shm index beside
    it, which it creates when missing: a file beside the source, and no reading at all in a read-only folder. A
    live database has its -shm already (every open connection keeps one), and is read as it is, -wal and all. A
    copy with a -wal but no -shm (copied while open, or left by a crash) is copied with its -wal into a private
    temporary folder (0700) and read there; the folder goes when the scan ends. A -wal that is missing or empty
    holds nothing: the main file alone is read, as immutable (no side files)."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if header[18:20] != b"\x02\x02":
        return path, None, False
    if not wal.is_file() or wal.stat().st_size == 0:
        return path, None, True
    if shm.exists():
        return path, None, False
    scratch = Path(tempfile.mkdtemp(prefix="flytcheck-wal-"))
    try:
        copy = scratch / "familia.sqlite"
        for source, target in ((path, copy), (wal, Path(f"{copy}-wal"))):
            shutil.copyfile(source, target)
            os.chmod(target, 0o600)
    except OSError as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise SourceError(f"{path}: cannot be read with its -wal file ({error.strerror})") from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return copy, scratch, False


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
