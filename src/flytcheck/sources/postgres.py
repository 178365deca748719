"""A PostgreSQL copy of Familia, read through psycopg alone, as a SQLite file is read through sqlite3 alone.

SQLAlchemy added about 0.35 s to every PostgreSQL scan and nothing a scan needs: 0.2 s to import, and its
first-connect dialect set-up (docs/benchmarks.md). Reading a PostgreSQL database takes one connection, one
transaction, a look at the system catalog and server-side cursors; psycopg does all of it. SQL Server keeps its
SQLAlchemy source (sources/databases.py).

The session is the scan's (sources/session.py): every transaction of the connection is read-only
(`default_transaction_read_only`), JIT compilation is off for the session, the scan's one transaction starts with
`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`, and the connection is named `flytcheck` unless the
URL names it. The catalog is read
from `pg_catalog` with SELECTs; nothing is written. A connection or query error that is a known case
(sources/driver_errors.py: a refused password, no pg_hba.conf line, SSL, a table the role may not read) gets its
fix on the line below the driver's message.
"""

from __future__ import annotations

import contextlib
import itertools
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import psycopg

from flytcheck.errors import SourceError
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
from flytcheck.sources.session import APPLICATION_NAME, POSTGRES_BEGIN, POSTGRES_SESSION, SNAPSHOT
from flytcheck.sql.catalog import Catalog, Declared, actual_schema

CATALOG_SQL = """
SELECT c.relname, a.attname, t.typname, t.typcategory
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type declared ON declared.oid = a.atttypid
JOIN pg_catalog.pg_type t ON t.oid = CASE WHEN declared.typtype = 'd' THEN declared.typbasetype ELSE declared.oid END
WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY c.relkind IN ('v', 'm'), c.relname, a.attnum
"""
"""Every column of every table and view of a schema, with its type (a domain as its base type)."""


def declared(type_name: str, category: str) -> Declared:
    """How a column is declared, from its type's name and pg_type.typcategory."""
    if category == "B":
        return Declared.BOOLEAN
    if category == "N" and type_name != "money":
        return Declared.NUMBER
    if category in ("S", "E"):  # text, varchar, char, name, citext; enums hold labels
        return Declared.TEXT
    if type_name in ("date", "timestamp", "timestamptz"):
        return Declared.DATE
    return Declared.OTHER  # time of day, intervals, bytea, uuid, json, arrays, money


class PostgresSource(Source):
    """A PostgreSQL database, read through one psycopg connection in one read-only snapshot for the whole scan."""

    dialect = "postgresql"

    def __init__(self, connection: psycopg.Connection[Any], description: str, schema: str | None) -> None:
        self._connection = connection
        self.description = description
        self.schema = schema
        self._cursors = itertools.count(1)
        self.looked_in: str | None = schema
        """The schema the tables were looked for in (the session's current schema when none was given)."""
        self.session_statements: list[str] = []
        """What the session was told before the first query (for the report and the tests)."""
        if connection.info.server_version >= 110000:  # JIT arrived in PostgreSQL 11
            connection.autocommit = True  # session settings, outside the scan's transaction
            try:
                self._send(list(POSTGRES_SESSION))
            finally:
                connection.autocommit = False
        self._send([POSTGRES_BEGIN])  # the first statement of the scan's one transaction
        self.consistency = SNAPSHOT

    def _send(self, statements: list[str]) -> None:
        try:
            with self._connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                    self.session_statements.append(statement)
        except psycopg.Error as error:
            reason = first_line(error)
            raise SourceError(f"{self.description}: cannot set up the read-only session ({reason})") from None

    def catalog(self, wanted: set[str]) -> Catalog:
        try:
            with self._connection.cursor() as cursor:
                schema = self.schema
                if schema is not None:
                    cursor.execute("SELECT nspname FROM pg_catalog.pg_namespace")
                    schema = actual_schema(schema, [row[0] for row in cursor.fetchall()])
                    looked_in = schema
                else:
                    looked_in = (cursor.execute("SELECT current_schema()").fetchone() or [None])[0]
                self.looked_in = looked_in
                rows = cursor.execute(CATALOG_SQL, (looked_in,)).fetchall() if looked_in is not None else []
        except psycopg.Error as error:
            raise SourceError(f"cannot read the table list of the source: {type(error).__name__}") from None
        tables: dict[str, str] = {}
        columns: dict[str, dict[str, str]] = {}
        types: dict[str, dict[str, Declared]] = {}
        for table, column, type_name, category in rows:
            canonical = table.upper()
            if canonical not in wanted or tables.setdefault(canonical, table) != table:
                continue  # not Familia's, or a second table whose name differs only in case: the first one counts
            columns.setdefault(canonical, {})[column.upper()] = column
            types.setdefault(canonical, {})[column.upper()] = declared(type_name, category)
        return Catalog(schema, tables, columns, types)

    def query(self, sql: str) -> Rows:
        try:
            # A server-side cursor: PostgreSQL sends the rows as they are fetched, not all at once.
            cursor = self._connection.cursor(name=f"flytcheck_{next(self._cursors)}")
        except psycopg.Error as error:
            raise QueryError(first_line(error)) from None
        return cursor_rows(cursor, sql, psycopg.Error, self.explain)

    def explain(self, error: BaseException) -> str | None:
        """The fix of a query error that is a known case (a table the role may not read: its GRANT line)."""
        catalog = self.prepared
        columns = {
            table: [catalog.column_name(table, c) for c in sorted(cols) if catalog.has_column(table, c)]
            for table, cols in self.read_columns.items()
        } if catalog is not None else {}
        info = self._connection.info
        situation = Situation(
            server=f"{info.host}:{info.port}", database=info.dbname, login=info.user, grantee=info.user,
            schema=self.looked_in, columns=columns,
        )
        found = diagnose(self.dialect, driver_records(self.dialect, error), situation)
        return found.line() if found else None

    def close(self) -> None:
        # Best effort: after a lost connection, rollback and close fail too, and must not hide the error (naming the
        # rule that was running) that is on its way up.
        with contextlib.suppress(psycopg.Error):
            self._connection.rollback()  # end the read-only transaction; nothing was written
        with contextlib.suppress(psycopg.Error):
            self._connection.close()


def open_postgres(url_text: str, schema: str | None, timeout: float, statement_timeout: float | None) -> Source:
    """Connect to a postgresql:// or postgresql+psycopg:// URL; the URL's own options (sslmode, …) go to libpq."""
    try:
        parts = urlsplit(url_text)
        parts.port  # noqa: B018 - a port that is not a number raises here
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
    except ValueError:
        raise SourceError("the source URL cannot be parsed (expected e.g. postgresql+psycopg://user@host/db)") from None
    description = _safe(url_text)
    options = "-c default_transaction_read_only=on"
    if statement_timeout:
        options += f" -c statement_timeout={max(1, round(statement_timeout * 1000))}"  # 0 would mean none
    settings: dict[str, Any] = {"options": options, "connect_timeout": max(1, int(timeout))}
    if "application_name" not in query:
        settings["application_name"] = APPLICATION_NAME
    conninfo = urlunsplit(("postgresql", *parts[1:]))
    try:
        connection = psycopg.connect(conninfo, **settings)
    except psycopg.Error as error:
        reason = connection_reason(error)
        situation = Situation(
            server=f"{parts.hostname or 'localhost'}:{parts.port or 5432}",
            database=unquote(parts.path.lstrip("/")) or "?", login=unquote(parts.username or "") or "?",
        )
        secrets = _secrets(url_text)
        for secret in secrets:
            reason = reason.replace(secret, "***")
        found = diagnose("postgresql", driver_records("postgresql", error), situation)
        found = found.without(secrets) if found else None
        failure = SourceError(f"cannot connect to {description}: {reason}", hint=found.line() if found else None)
        failure.diagnosis = found
        raise failure from None
    try:
        return PostgresSource(connection, description, schema)
    except BaseException:
        connection.close()
        raise


def _safe(url_text: str) -> str:
    """The URL as given, with its password (in the user part or as a query option) shown as ***."""
    parts = urlsplit(url_text)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:***@{host}"
    query = "&".join(
        f"{key}=***" if key.lower() in PASSWORD_OPTIONS else part
        for part in parts.query.split("&") if part
        for key in [unquote(part.partition("=")[0])]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _secrets(url_text: str) -> list[str]:
    parts = urlsplit(url_text)
    values = [unquote(parts.password) if parts.password else None]
    values += [v for k, v in parse_qsl(parts.query) if k.lower() in PASSWORD_OPTIONS]
    return [v for v in values if v]
