"""Scanning a live Familia: every query of a scan reads one snapshot, and the session stays out of the way.

A writer commits between two of the scan's queries (the engine's `between_queries` seam): closing every open
reminder, adding a new one and finalising every note. The report must still be the report of the moment the scan
began: the reminder rule, the record rules and the preview agree with each other. Without a snapshot the later
queries would see the write. PostgreSQL's server log shows the isolation statement and the application name; SQL
Server's session statements are checked where they are built, and parsed with sqlglot's T-SQL dialect.
"""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from sqlalchemy import Engine, create_engine, text
from sqlglot import exp

from conftest_pg import PgSchemas, quote
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.engine import scan
from flytcheck.model import Report
from flytcheck.reporters.json_report import report_dict
from flytcheck.settings import ScanOptions
from flytcheck.sources.base import Source
from flytcheck.sources.databases import odbc_connection_string, open_url
from flytcheck.sources.session import (
    APPLICATION_NAME,
    MSSQL_ISOLATION_QUERY,
    POSTGRES_BEGIN,
    mssql_consistency,
    mssql_session,
)
from flytcheck.sources.sqlite import open_sqlite_file
from flytcheck.sql.ddl import create_familia
from test_reports_fixtures import familia_rows

OPTIONS = ScanOptions(cutover=datetime(2027, 5, 22).date(), min_familia_version=Decimal("9.9"),
                      now=datetime(2027, 5, 1, 8, tzinfo=UTC))
PG_LOG = "FLYTCHECK_TEST_PG_LOG"
LOGGED = re.compile(r"(?:statement|execute [^:]*): (.*)$")


def writes(table: Callable[[str], str]) -> list[str]:
    """What the caseworkers do while the scan runs; every statement changes what some rule finds."""
    return [
        f"UPDATE {table('FA_HUSKELAPP')} SET {q('HUS_OPPFYLTDATO')} = '2027-04-30'"
        f" WHERE {q('HUS_OPPFYLTDATO')} IS NULL",
        f"INSERT INTO {table('FA_HUSKELAPP')} ({q('HUS_LOEPENR')}, {q('SBH_INITIALER')}) VALUES (99, 'AB')",
        f"UPDATE {table('FA_JOURNAL')} SET {q('JOU_FERDIGDATO')} = '2027-04-30' WHERE {q('JOU_FERDIGDATO')} IS NULL",
        f"DELETE FROM {table('FA_KLIENT')} WHERE {q('KLI_LOEPENR')} = 2",
    ]


def q(name: str) -> str:
    return f'"{name}"'


def comparable(report: Report) -> dict[str, Any]:
    data = report_dict(report, "nb")
    del data["source"], data["consistency"]
    return data


def scan_while_writing(open_source: Callable[[], Source], write: Callable[[], None]) -> tuple[Report, list[str]]:
    """Scan, and let the writer commit after the scan's first query."""
    labels: list[str] = []

    def between(label: str) -> None:
        if not labels:
            write()
        labels.append(label)

    source = open_source()
    try:
        report = scan(source, load_rulebook(), OPTIONS, between_queries=between)
    finally:
        source.close()
    assert len(labels) > 5, "the write came between queries, with many queries after it"
    return report, labels


def scan_once(open_source: Callable[[], Source]) -> Report:
    source = open_source()
    try:
        return scan(source, load_rulebook(), OPTIONS)
    finally:
        source.close()


# --- SQLite: one read transaction, a writer in WAL mode ------------------------------------------------------------


def test_a_sqlite_scan_reads_one_snapshot_while_a_wal_writer_commits(tmp_path: Path) -> None:
    database = tmp_path / "familia.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    create_familia(engine, familia_rows())
    engine.dispose()
    writer = sqlite3.connect(database, isolation_level=None)
    assert writer.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)

    def write() -> None:
        with writer:
            writer.execute("BEGIN")
            for statement in writes(q):
                writer.execute(statement)

    before = scan_once(lambda: open_sqlite_file(database))
    during, _ = scan_while_writing(lambda: open_sqlite_file(database), write)
    after = scan_once(lambda: open_sqlite_file(database))
    writer.close()
    assert during.consistency.snapshot and during.consistency.how == "snapshot"
    assert comparable(during) == comparable(before)
    assert comparable(after) != comparable(before), "the write happened, and a new scan sees it"


# --- PostgreSQL: REPEATABLE READ, READ ONLY; application_name ------------------------------------------------------


@pytest.fixture
def pg_familia(pg_schemas: PgSchemas) -> tuple[Engine, str]:
    schema = pg_schemas.create("FC_LIVE")
    create_familia(pg_schemas.engine, familia_rows(), schema=schema)
    return pg_schemas.engine, schema


@pytest.mark.postgres
def test_a_postgres_scan_reads_one_snapshot_while_a_writer_commits(
    pg_url: str, pg_familia: tuple[Engine, str]
) -> None:
    engine, schema = pg_familia

    def write() -> None:
        with engine.begin() as connection:
            for statement in writes(lambda name: f"{quote(schema)}.{q(name)}"):
                connection.execute(text(statement))

    def opened() -> Source:
        return open_url(pg_url, schema, timeout=15, statement_timeout=None)

    before = scan_once(opened)
    during, _ = scan_while_writing(opened, write)
    after = scan_once(opened)
    assert during.consistency.snapshot
    assert comparable(during) == comparable(before)
    assert comparable(after) != comparable(before), "the write happened, and a new scan sees it"


@pytest.mark.postgres
def test_the_postgres_log_shows_the_isolation_statement_and_the_application_name(
    pg_url: str, pg_familia: tuple[Engine, str]
) -> None:
    engine, schema = pg_familia
    log = os.environ.get(PG_LOG, "")
    if not log:
        pytest.skip(f"{PG_LOG} is not set (scripts/test.sh sets it)")
    marker = f"flytcheck-log-{uuid.uuid4().hex[:8]}"
    database = engine.url.database
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ALTER SYSTEM SET log_line_prefix = '%m [%p] app=%a '"))
        connection.execute(text(f'ALTER DATABASE "{database}" SET log_statement = \'all\''))
        connection.execute(text("SELECT pg_reload_conf()"))
    try:
        start = Path(log).stat().st_size
        with engine.connect() as connection:
            connection.execute(text(f"SELECT '{marker}'"))  # a line of our own: where this test's part begins
        report = scan_once(lambda: open_url(pg_url, schema, timeout=15, statement_timeout=None))
        assert report.findings
        lines = Path(log).read_text(encoding="utf-8", errors="replace")[start:].splitlines()
    finally:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'ALTER DATABASE "{database}" RESET log_statement'))
            connection.execute(text("ALTER SYSTEM RESET log_line_prefix"))
            connection.execute(text("SELECT pg_reload_conf()"))
    # Simple-protocol lines say "statement: …", extended-protocol ones "execute <name>: …".
    logged = [LOGGED.search(line) for line in lines if f"app={APPLICATION_NAME} " in line]
    statements = [m.group(1).strip() for m in logged if m]
    assert POSTGRES_BEGIN in statements, "\n".join(lines[-20:])
    start = statements.index(POSTGRES_BEGIN)
    assert statements[start - 1] == "BEGIN", "SET TRANSACTION is the first statement of its transaction"
    scan_part = statements[start + 1:]
    queries = [s for s in scan_part if s.upper().startswith(("DECLARE", "SELECT", "WITH", "FETCH"))]
    assert len(queries) > 20, scan_part[:5]
    ends = [s for s in scan_part if s.upper() in ("BEGIN", "COMMIT", "ROLLBACK")]
    assert ends in ([], ["ROLLBACK"]), "one transaction for the whole scan, never committed"
    assert all(not s.upper().startswith(("INSERT", "UPDATE", "DELETE", "SET ")) for s in scan_part)


# --- SQL Server: what the session is told, checked where it is built ------------------------------------------------


@pytest.mark.parametrize("allowed", [True, False])
def test_sql_server_session_statements(allowed: bool) -> None:
    statements = mssql_session(2.5, snapshot_allowed=allowed)
    assert statements == [
        "SET DEADLOCK_PRIORITY LOW",
        "SET LOCK_TIMEOUT 2500",
        f"SET TRANSACTION ISOLATION LEVEL {'SNAPSHOT' if allowed else 'READ COMMITTED'}",
    ]
    for statement in statements:
        if statement.endswith("SNAPSHOT"):
            # sqlglot's T-SQL parser does not know SNAPSHOT isolation (it does READ COMMITTED, SERIALIZABLE, …):
            # check it tokenizes as exactly the words of its READ COMMITTED sibling, which does parse.
            words = [token.text for token in sqlglot.tokenize(statement, read="tsql")]
            assert words == ["SET", "TRANSACTION", "ISOLATION", "LEVEL", "SNAPSHOT"], words
            continue
        parsed = sqlglot.parse_one(statement, read="tsql")
        assert isinstance(parsed, exp.Set), statement
        assert parsed.sql(dialect="tsql") == statement
    isolation = sqlglot.parse_one(MSSQL_ISOLATION_QUERY, read="tsql")
    assert isinstance(isolation, exp.Select) and not list(isolation.find_all(exp.Set))


def test_sql_server_lock_timeout_is_whole_milliseconds_and_never_zero() -> None:
    assert mssql_session(0.0001, snapshot_allowed=True)[1] == "SET LOCK_TIMEOUT 1"
    assert mssql_session(10, snapshot_allowed=True)[1] == "SET LOCK_TIMEOUT 10000"


@pytest.mark.parametrize(("allowed", "rcsi", "snapshot", "how"), [
    (True, False, True, "snapshot"),
    (True, True, True, "snapshot"),
    (False, True, False, "read-committed-snapshot"),
    (False, False, False, "read-committed-locks"),
])
def test_sql_server_consistency_says_what_the_database_allows(allowed: bool, rcsi: bool, snapshot: bool,
                                                                how: str) -> None:
    consistency = mssql_consistency(allowed, rcsi)
    assert (consistency.snapshot, consistency.how) == (snapshot, how)


def test_sql_server_connections_carry_the_application_name_and_read_only_intent() -> None:
    text_ = odbc_connection_string("DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql01;DATABASE=Familia")
    assert text_.endswith(";ApplicationIntent=ReadOnly;APP=flytcheck")
    own = odbc_connection_string("DRIVER={X};SERVER=s;App=Nattjobb;ApplicationIntent=ReadWrite")
    assert own == "DRIVER={X};SERVER=s;App=Nattjobb;ApplicationIntent=ReadWrite", "what the string sets, it keeps"


def test_lock_timeout_is_an_option_with_limits() -> None:
    assert ScanOptions().lock_timeout == 10.0
    with pytest.raises(ValueError, match="lock_timeout"):
        ScanOptions(lock_timeout=0)
