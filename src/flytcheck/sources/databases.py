"""Opens database sources read-only: SQLite files, PostgreSQL and SQL Server (pyodbc) through SQLAlchemy.

SQLite is opened with `mode=ro` and `query_only`; PostgreSQL sessions with `default_transaction_read_only`;
SQL Server with `ApplicationIntent=ReadOnly`, and no commit is ever sent. Connection problems become one-line
errors (exit 2) that never show the password.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from flytcheck.errors import SourceError
from flytcheck.sources.base import SqlAlchemySource

SQLITE_MAGIC = b"SQLite format 3\x00"
UNIXODBC_HINT = (
    "Install unixODBC and Microsoft's ODBC driver: Debian/Ubuntu `apt-get install unixodbc msodbcsql18`, "
    "RHEL `dnf install unixODBC msodbcsql18` (both from Microsoft's package repository); on Windows the "
    "driver comes with 'ODBC Driver 18 for SQL Server'."
)


def open_sqlite_file(path: Path, statement_timeout: float | None = None) -> SqlAlchemySource:
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

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        connection.execute("PRAGMA query_only = ON")
        interruptible(connection, statement_timeout)
        return connection

    engine = create_engine("sqlite://", creator=connect)
    source = _connect(engine, str(path), None)
    try:
        list(source.stream("SELECT count(*) AS n FROM sqlite_master"))
    except SQLAlchemyError as error:
        source.close()
        raise SourceError(f"{path}: not a readable SQLite database ({_reason(error)})") from None
    return source


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


def open_url(
    url_text: str, schema: str | None, timeout: float, statement_timeout: float | None
) -> SqlAlchemySource:
    """Any SQLAlchemy URL: sqlite:///, postgresql+psycopg://, mssql+pyodbc://."""
    try:
        url = make_url(url_text)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise SourceError("the source URL cannot be parsed (expected e.g. postgresql+psycopg://user@host/db)") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database:
            raise SourceError("a sqlite:/// URL needs a file path")
        return open_sqlite_file(Path(url.database), statement_timeout)
    if backend == "postgresql":
        options = "-c default_transaction_read_only=on"
        if statement_timeout:
            options += f" -c statement_timeout={max(1, round(statement_timeout * 1000))}"  # 0 would mean none
        args: dict[str, Any] = {"options": options, "connect_timeout": max(1, int(timeout))}
        return _connect(_engine(url, connect_args=args), _safe(url), schema)
    if backend == "mssql" and isinstance(url.query.get("odbc_connect"), str):
        # SQLAlchemy ignores every other URL option next to odbc_connect, so the read-only intent goes inside it.
        return open_odbc(str(url.query["odbc_connect"]), schema, timeout, statement_timeout)
    if backend == "mssql":
        return _open_mssql(url.update_query_dict({"ApplicationIntent": "ReadOnly"}), schema, timeout, statement_timeout)
    raise SourceError(f"unsupported database type {backend!r} (use sqlite, postgresql+psycopg or mssql+pyodbc)")


def open_odbc(
    connection_string: str, schema: str | None, timeout: float, statement_timeout: float | None
) -> SqlAlchemySource:
    """An ODBC connection string for SQL Server (DRIVER=…;SERVER=…;DATABASE=…), read-only intent added."""
    text = connection_string.strip().rstrip(";")
    if not re.search(r"(?i)\bApplicationIntent\s*=", text):
        text += ";ApplicationIntent=ReadOnly"
    url = URL.create("mssql+pyodbc", query={"odbc_connect": text})
    driver = re.search(r"(?i)\bDRIVER\s*=\s*\{?([^;}]+)\}?", text)
    description = "mssql+pyodbc: " + _ODBC_PASSWORD.sub(r"\1=***", text)
    return _open_mssql(url, schema, timeout, statement_timeout, driver.group(1) if driver else None, description)


def _open_mssql(
    url: URL,
    schema: str | None,
    timeout: float,
    statement_timeout: float | None,
    driver: str | None = None,
    description: str | None = None,
) -> SqlAlchemySource:
    try:
        import pyodbc
    except ImportError as error:
        raise SourceError(f"pyodbc cannot load unixODBC ({error})", hint=UNIXODBC_HINT) from None
    wanted = driver or url.query.get("driver")
    if isinstance(wanted, str) and wanted not in pyodbc.drivers():
        installed = ", ".join(pyodbc.drivers()) or "none"
        raise SourceError(f"the ODBC driver {wanted!r} is not installed (installed: {installed})", hint=UNIXODBC_HINT)
    engine = _engine(url, connect_args={"timeout": max(1, int(timeout))})
    if statement_timeout:
        @event.listens_for(engine, "connect")
        def _set_timeout(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.timeout = max(1, math.ceil(statement_timeout))  # whole seconds; 0 means none

    return _connect(engine, description or _safe(url), schema)


def _engine(url: URL, **kwargs: Any) -> Engine:
    try:
        return create_engine(url, **kwargs)
    except (NoSuchModuleError, ImportError) as error:
        raise SourceError(f"no driver for {url.drivername}: {error}") from None


_ODBC_PASSWORD = re.compile(r"(?i)\b(PWD|Password)\s*=\s*(?:\{(?:[^}]|\}\})*\}?|[^;]*)")
"""PWD=… in an ODBC connection string, also a {braced;value} (where `}}` is a literal brace)."""
_PASSWORD_OPTIONS = frozenset({"password", "pwd"})


def _safe(url: URL) -> str:
    hidden = {k: "***" for k in url.query if k.lower() in _PASSWORD_OPTIONS}
    return url.update_query_dict(hidden).render_as_string(hide_password=True)


def _secrets(url: URL) -> list[str]:
    values = [url.password, *(v for k, v in url.query.items() if k.lower() in _PASSWORD_OPTIONS)]
    return [str(v) for v in values if isinstance(v, str) and v]


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    lines = str(original).strip().splitlines()
    return (lines[0] if lines else type(original).__name__)[:300]


def _connect(engine: Engine, description: str, schema: str | None) -> SqlAlchemySource:
    try:
        return SqlAlchemySource(engine, description, schema)
    except SQLAlchemyError as error:
        engine.dispose()
        reason = _reason(error)
        for secret in _secrets(engine.url):
            reason = reason.replace(secret, "***")
        raise SourceError(f"cannot connect to {description}: {reason}") from None
