"""Opens SQL Server read-only through SQLAlchemy (pyodbc); PostgreSQL URLs go to sources/postgres.py (psycopg alone).

SQL Server connections carry `ApplicationIntent=ReadOnly`, and no commit is ever sent. SQLAlchemy connects and
reflects the catalog; the rows themselves come from the driver's own cursor, with no row objects in between.
A connection string or URL that names no ODBC driver gets the best one installed (sources/odbc.py), and says so.
Connection problems become one-line errors (exit 2) that never show the password, with the fix of a known case
(sources/driver_errors.py) on the line below; so does a query refused a table or column, with its GRANT line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from flytcheck.errors import SourceError
from flytcheck.sources import odbc
from flytcheck.sources.base import (
    PASSWORD_OPTIONS,
    QueryError,
    Rows,
    Source,
    connection_reason,
    cursor_rows,
    first_line,
)
from flytcheck.sources.driver_errors import Situation, diagnose, driver_records
from flytcheck.sources.session import (
    APPLICATION_NAME,
    MSSQL_ISOLATION_QUERY,
    mssql_consistency,
    mssql_session,
)
from flytcheck.sql.catalog import Catalog, read_catalog

LOCK_TIMEOUT = 10.0
"""Seconds a SQL Server query may wait for a caseworker's lock before the scan stops (--lock-timeout)."""
UNIXODBC_HINT = (
    "Install unixODBC and Microsoft's ODBC driver: Debian/Ubuntu `apt-get install unixodbc msodbcsql18`, "
    "RHEL `dnf install unixODBC msodbcsql18` (both from Microsoft's package repository); on Windows the "
    "driver comes with 'ODBC Driver 18 for SQL Server'."
)


class SqlAlchemySource(Source):
    """A database server reached through a SQLAlchemy engine, read through one connection for the whole scan.

    The session is set up for the scan before anything else is read (sources/session.py): one snapshot where the
    backend allows it, and out of the caseworkers' way.
    """

    def __init__(
        self,
        engine: Engine,
        description: str,
        schema: str | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
        situation: Situation | None = None,
    ) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.description = description
        self.schema = schema
        self.situation = situation or Situation()
        self._grantee: str | None = None
        self._connection = engine.connect()
        self._driver_error: type[BaseException] = engine.dialect.loaded_dbapi.Error
        self.session_statements: list[str] = []
        """What the session was told before the first query (for the report and the tests)."""
        self._set_up_session(lock_timeout)

    def _set_up_session(self, lock_timeout: float) -> None:
        if self.dialect == "mssql":
            try:
                rows = [row for batch in self.query(MSSQL_ISOLATION_QUERY).batches for row in batch]
            except QueryError as error:
                where = f"{self.description}: cannot read the database's isolation settings"
                raise SourceError(f"{where} ({error})") from None
            snapshot_allowed = bool(rows) and rows[0][0] == 1
            read_committed_snapshot = bool(rows) and bool(rows[0][1])
            self._send(mssql_session(lock_timeout, snapshot_allowed=snapshot_allowed))
            self.consistency = mssql_consistency(snapshot_allowed, read_committed_snapshot)

    def _send(self, statements: list[str]) -> None:
        try:
            cursor = self._connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            for statement in statements:
                cursor.execute(statement)
                self.session_statements.append(statement)
            cursor.close()
        except (SQLAlchemyError, self._driver_error) as error:
            reason = first_line(getattr(error, "orig", None) or error)
            raise SourceError(f"{self.description}: cannot set up the read-only session ({reason})") from None

    def catalog(self, wanted: set[str]) -> Catalog:
        return read_catalog(self._connection, self.schema, wanted)

    def query(self, sql: str) -> Rows:
        try:
            cursor = self._connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        except (SQLAlchemyError, self._driver_error) as error:
            raise QueryError(first_line(getattr(error, "orig", None) or error)) from None
        return cursor_rows(cursor, sql, self._driver_error, self.explain)

    def explain(self, error: BaseException) -> str | None:
        """The fix of a query error that is a known case (a refused table or column: its GRANT line)."""
        records = driver_records(self.dialect, error)
        if any(r.native in (229, 230) for r in records):
            self._grantee = self._grantee or self._database_user()
        catalog = self.prepared
        columns = {
            table: [catalog.column_name(table, c) for c in sorted(cols) if catalog.has_column(table, c)]
            for table, cols in self.read_columns.items()
        } if catalog is not None else {}
        situation = dataclasses.replace(self.situation, grantee=self._grantee, columns=columns)
        found = diagnose(self.dialect, records, situation)
        return found.line() if found else None

    def _database_user(self) -> str | None:
        """USER_NAME(): whom a GRANT goes to (a statement error leaves the session usable)."""
        try:
            cursor = self._connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            row = cursor.execute("SELECT USER_NAME()").fetchone()
            cursor.close()
        except (SQLAlchemyError, self._driver_error):
            return None
        return str(row[0]) if row and row[0] else None

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
    url_text: str,
    schema: str | None,
    timeout: float,
    statement_timeout: float | None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> Source:
    """Any SQLAlchemy URL: sqlite:///, postgresql+psycopg://, mssql+pyodbc://."""
    from flytcheck.sources.postgres import open_postgres
    from flytcheck.sources.urls import is_postgres_url

    if is_postgres_url(url_text):  # psycopg alone: see sources/postgres.py
        return open_postgres(url_text, schema, timeout, statement_timeout)
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
    if backend == "postgresql":  # postgresql:// and postgresql+psycopg:// were taken above
        raise SourceError(
            f"the PostgreSQL driver {url.get_driver_name()!r} is not supported: use postgresql+psycopg://user@host/db"
        )
    if backend == "mssql" and isinstance(url.query.get("odbc_connect"), str):
        # SQLAlchemy ignores every other URL option next to odbc_connect, so the read-only intent goes inside it.
        return open_odbc(str(url.query["odbc_connect"]), schema, timeout, statement_timeout, lock_timeout)
    if backend == "mssql":
        extra = {"ApplicationIntent": "ReadOnly"}
        if not any(key.lower() == "app" for key in url.query):
            extra["APP"] = APPLICATION_NAME
        notes: tuple[tuple[str, str], ...] = ()
        if not any(key.lower() == "driver" for key in url.query) and url.host:
            pyodbc = load_pyodbc()
            if url.host not in pyodbc.dataSources():  # without a driver SQLAlchemy takes the host for a DSN name
                extra["driver"] = _best_driver(list(pyodbc.drivers()))
                notes = (odbc.chosen_note(extra["driver"]),)
        situation = Situation(
            server=f"{url.host},{url.port}" if url.port else str(url.host or "?"),
            database=url.database or "?", login=url.username or "?",
        )
        return _open_mssql(
            url.update_query_dict(extra), schema, timeout, statement_timeout, lock_timeout,
            situation=situation, notes=notes,
        )
    raise SourceError(f"unsupported database type {backend!r} (use sqlite, postgresql+psycopg or mssql+pyodbc)")


def odbc_connection_string(connection_string: str) -> str:
    """The string as given, with the read-only intent and the application name added unless it sets them."""
    text = connection_string.strip().rstrip(";")
    if not re.search(r"(?i)\bApplicationIntent\s*=", text):
        text += ";ApplicationIntent=ReadOnly"
    if not re.search(r"(?i)(?:^|;)\s*APP\s*=", text):
        text += f";APP={APPLICATION_NAME}"
    return text


def load_pyodbc() -> Any:
    """The pyodbc module, or a SourceError saying how to install unixODBC and a driver."""
    try:
        import pyodbc
    except ImportError as error:
        raise SourceError(f"pyodbc cannot load unixODBC ({error})", hint=UNIXODBC_HINT) from None
    return pyodbc


def _best_driver(installed: list[str]) -> str:
    chosen = odbc.choose(installed)
    if chosen is None:
        listed = ", ".join(installed) or "none"
        raise SourceError(
            f"no ODBC driver is named, and no SQL Server driver is installed (installed: {listed})", hint=UNIXODBC_HINT
        )
    return chosen


def open_odbc(
    connection_string: str,
    schema: str | None,
    timeout: float,
    statement_timeout: float | None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> SqlAlchemySource:
    """An ODBC connection string for SQL Server (DRIVER=…;SERVER=…;DATABASE=…), read-only intent added; without
    DRIVER= (and DSN=), the best SQL Server driver installed."""
    notes: tuple[tuple[str, str], ...] = ()
    if odbc.named_driver(connection_string) is None and not odbc.names_dsn(connection_string):
        chosen = _best_driver(list(load_pyodbc().drivers()))
        connection_string = odbc.with_driver(connection_string, chosen)
        notes = (odbc.chosen_note(chosen),)
    text = odbc_connection_string(connection_string)
    url = URL.create("mssql+pyodbc", query={"odbc_connect": text})
    keys = odbc.parse(text)
    server = odbc.server_of(keys)
    situation = Situation(
        server=str(server) if server else "?", database=keys.get("database") or "?", login=keys.get("uid") or "?"
    )
    description = "mssql+pyodbc: " + _ODBC_PASSWORD.sub(r"\1=***", text)
    return _open_mssql(
        url, schema, timeout, statement_timeout, lock_timeout, keys.get("driver"), description, situation, notes
    )


def _open_mssql(
    url: URL,
    schema: str | None,
    timeout: float,
    statement_timeout: float | None,
    lock_timeout: float,
    driver: str | None = None,
    description: str | None = None,
    situation: Situation | None = None,
    notes: tuple[tuple[str, str], ...] = (),
) -> SqlAlchemySource:
    pyodbc = load_pyodbc()
    wanted = driver or url.query.get("driver")
    if isinstance(wanted, str) and wanted not in pyodbc.drivers():
        installed = ", ".join(pyodbc.drivers()) or "none"
        raise SourceError(f"the ODBC driver {wanted!r} is not installed (installed: {installed})", hint=UNIXODBC_HINT)
    if isinstance(wanted, str) and wanted.lower() == odbc.LEGACY_DRIVER.lower():
        notes = (*notes, odbc.LEGACY_LACKS)
    engine = _engine(url, connect_args={"timeout": max(1, int(timeout))})
    if statement_timeout:
        @event.listens_for(engine, "connect")
        def _set_timeout(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.timeout = max(1, math.ceil(statement_timeout))  # whole seconds; 0 means none

    source = _connect(engine, description or _safe(url), schema, lock_timeout, situation)
    source.notes = notes
    return source


def _engine(url: URL, **kwargs: Any) -> Engine:
    try:
        return create_engine(url, **kwargs)
    except (NoSuchModuleError, ImportError) as error:
        raise SourceError(f"no driver for {url.drivername}: {error}") from None


_ODBC_PASSWORD = re.compile(r"(?i)\b(PWD|Password)\s*=\s*(?:\{(?:[^}]|\}\})*\}?|[^;]*)")
"""PWD=… in an ODBC connection string, also a {braced;value} (where `}}` is a literal brace)."""


def _safe(url: URL) -> str:
    hidden = {k: "***" for k in url.query if k.lower() in PASSWORD_OPTIONS}
    return url.update_query_dict(hidden).render_as_string(hide_password=True)


def _secrets(url: URL) -> list[str]:
    values = [url.password, *(v for k, v in url.query.items() if k.lower() in PASSWORD_OPTIONS)]
    inner = url.query.get("odbc_connect")
    if isinstance(inner, str):  # a connection string's own PWD=…
        values += [v for k, v in odbc.parse(inner).items() if k in PASSWORD_OPTIONS]
    return [str(v) for v in values if isinstance(v, str) and v]


def _connect(
    engine: Engine,
    description: str,
    schema: str | None,
    lock_timeout: float = LOCK_TIMEOUT,
    situation: Situation | None = None,
) -> SqlAlchemySource:
    try:
        return SqlAlchemySource(engine, description, schema, lock_timeout, situation)
    except SourceError:
        engine.dispose()
        raise
    except SQLAlchemyError as error:
        engine.dispose()
        reason = connection_reason(error)
        secrets = _secrets(engine.url)
        for secret in secrets:
            reason = reason.replace(secret, "***")
        original = getattr(error, "orig", None) or error
        found = diagnose(engine.dialect.name, driver_records(engine.dialect.name, original), situation)
        found = found.without(secrets) if found else None
        failure = SourceError(f"cannot connect to {description}: {reason}", hint=found.line() if found else None)
        failure.diagnosis = found
        raise failure from None
