"""Opens database servers read-only through SQLAlchemy: PostgreSQL (psycopg) and SQL Server (pyodbc).

PostgreSQL sessions start with `default_transaction_read_only`; SQL Server connections carry
`ApplicationIntent=ReadOnly`, and no commit is ever sent. SQLAlchemy connects, pools and reflects the catalog; the
rows themselves come from the driver's own cursor (a server-side cursor on PostgreSQL), with no row objects in
between. Connection problems become one-line errors (exit 2) that never show the password.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from flytcheck.errors import SourceError
from flytcheck.sources.base import QueryError, Rows, Source, cursor_rows, first_line
from flytcheck.sql.catalog import Catalog, read_catalog

UNIXODBC_HINT = (
    "Install unixODBC and Microsoft's ODBC driver: Debian/Ubuntu `apt-get install unixodbc msodbcsql18`, "
    "RHEL `dnf install unixODBC msodbcsql18` (both from Microsoft's package repository); on Windows the "
    "driver comes with 'ODBC Driver 18 for SQL Server'."
)


class SqlAlchemySource(Source):
    """A database server reached through a SQLAlchemy engine, read through one connection for the whole scan."""

    def __init__(self, engine: Engine, description: str, schema: str | None = None) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.description = description
        self.schema = schema
        self._connection = engine.connect()
        self._driver_error: type[BaseException] = engine.dialect.loaded_dbapi.Error
        self._cursors = itertools.count(1)

    def catalog(self, wanted: set[str]) -> Catalog:
        return read_catalog(self._connection, self.schema, wanted)

    def query(self, sql: str) -> Rows:
        try:
            driver = self._connection.connection.driver_connection
            if self.dialect == "postgresql":
                # A server-side cursor: PostgreSQL sends the rows as they are fetched, not all at once.
                cursor = driver.cursor(name=f"flytcheck_{next(self._cursors)}")  # type: ignore[union-attr]
            else:
                cursor = driver.cursor()  # type: ignore[union-attr]
        except (SQLAlchemyError, self._driver_error) as error:
            raise QueryError(first_line(getattr(error, "orig", None) or error)) from None
        return cursor_rows(cursor, sql, self._driver_error)

    def close(self) -> None:
        # Best effort: after a lost connection, rollback and close fail too, and must not hide the error (naming the
        # rule that was running) that is on its way up.
        try:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.rollback()  # end the read-only transaction; nothing was written
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()
        finally:
            with contextlib.suppress(SQLAlchemyError):
                self.engine.dispose()


def open_url(
    url_text: str, schema: str | None, timeout: float, statement_timeout: float | None
) -> Source:
    """Any SQLAlchemy URL: sqlite:///, postgresql+psycopg://, mssql+pyodbc://."""
    try:
        url = make_url(url_text)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise SourceError("the source URL cannot be parsed (expected e.g. postgresql+psycopg://user@host/db)") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database:
            raise SourceError("a sqlite:/// URL needs a file path")
        from flytcheck.sources.sqlite import open_sqlite_file

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
