"""flytcheck never writes to what it scans: by construction (only checked SELECTs, read-only sessions) and by test.

(a) a rule, set or preview that is not one read-only SELECT is refused when the rules load, naming file and rule;
(b) a SQLite file is byte-identical after a scan, no -journal/-wal/-shm file appears, and the source's own
    connection cannot write (tests run as root, for whom file permissions prove nothing);
(c) a PostgreSQL session is read-only, and the tables are unchanged after a scan;
(d) every statement sent while scanning is a SELECT (or one of the session's own settings: a read transaction).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlglot
from sqlalchemy import Engine, create_engine, text
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from conftest_pg import PgSchemas
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import builtin_rules_dir
from flytcheck.engine import scan
from flytcheck.errors import RuleFileError
from flytcheck.model import Report
from flytcheck.settings import ScanOptions
from flytcheck.sources.base import Rows, Source
from flytcheck.sources.databases import open_url
from flytcheck.sources.postgres import PostgresSource
from flytcheck.sources.sqlite import SqliteSource, open_sqlite_file
from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.compiler import DIALECTS
from flytcheck.sql.ddl import create_familia
from rulecases import DEFAULT_CUTOVER
from test_postgres_parity import merged_cases

OPTIONS = ScanOptions(
    cutover=DEFAULT_CUTOVER,
    min_familia_version=Decimal("9.9"),  # every rule runs
    now=datetime(2026, 5, 1, tzinfo=UTC),
)
FLYTCHECK = Path(sys.executable).with_name("flytcheck")

# --- (a) rule files that are not one read-only SELECT are refused at load ----------------------------------------

GOOD_SQL = "SELECT h.HUS_LOEPENR AS record_key FROM FA_HUSKELAPP h WHERE h.HUS_OPPFYLTDATO IS NULL"
BAD_SQL = {
    "insert": "INSERT INTO FA_HUSKELAPP (HUS_LOEPENR) VALUES (1)",
    "insert-select": "INSERT INTO FA_HUSKELAPP (HUS_LOEPENR) SELECT h.HUS_LOEPENR FROM FA_HUSKELAPP h",
    "update": "UPDATE FA_HUSKELAPP SET HUS_OPPFYLTDATO = CURRENT_TIMESTAMP",
    "delete": "DELETE FROM FA_HUSKELAPP",
    "delete-in-cte": (
        "WITH d AS (DELETE FROM FA_HUSKELAPP RETURNING HUS_LOEPENR) SELECT d.HUS_LOEPENR AS record_key FROM d"
    ),
    "drop": "DROP TABLE FA_HUSKELAPP",
    "exec": "EXEC sp_who",
    "execute-procedure": "EXECUTE xp_cmdshell 'dir'",
    "select-into": "SELECT h.HUS_LOEPENR AS record_key INTO kopi FROM FA_HUSKELAPP h",
    "two-statements": f"{GOOD_SQL}; DELETE FROM FA_HUSKELAPP",
    "two-selects": f"{GOOD_SQL}; {GOOD_SQL}",
    "merge": (
        "MERGE INTO FA_HUSKELAPP t USING FA_KLIENT s ON t.KLI_LOEPENR = s.KLI_LOEPENR "
        "WHEN MATCHED THEN DELETE"
    ),
    "truncate": "TRUNCATE TABLE FA_HUSKELAPP",
    "create-table": "CREATE TABLE kopi (a INT)",
    "create-view": f"CREATE VIEW kopi AS {GOOD_SQL}",
    "alter": "ALTER TABLE FA_HUSKELAPP ADD x INT",
    "grant": "GRANT SELECT ON FA_KLIENT TO public",
    "set": "SET default_transaction_read_only = off",
    "begin": "BEGIN",
    "pragma": "PRAGMA query_only = OFF",
    "attach": "ATTACH DATABASE '/tmp/x.sqlite' AS x",
    "copy": "COPY FA_KLIENT TO '/tmp/x.csv'",
}
LOCKING_SQL = {
    "set-config": "SELECT set_config('default_transaction_read_only', 'off', false) AS record_key",
    "nextval": "SELECT nextval('x') AS record_key",
    # Locks are not writes, but they block Familia's users while the scan runs: sqlcheck refuses them.
    # On PostgreSQL the read-only session would refuse FOR UPDATE at run time; SQL Server would take the locks.
    "for-update": f"{GOOD_SQL} FOR UPDATE",
    "table-hint-updlock": "SELECT h.HUS_LOEPENR AS record_key FROM FA_HUSKELAPP h WITH (UPDLOCK)",
}

RULE_TOML = """id = "bad-rule"
severity = "blocker"
category = "reminders"
title = {{ nb = "Ond regel", en = "Evil rule" }}
why = {{ nb = "Prøver å skrive", en = "Tries to write" }}
fix = {{ nb = "Fjern den", en = "Remove it" }}
message = {{ nb = "Funnet", en = "Found" }}

[[queries]]
table = "FA_HUSKELAPP"
sql = '''{good}'''

[[queries]]
table = "FA_HUSKELAPP"
sql = '''{bad}'''
"""


def rules_with(tmp_path: Path, bad_sql: str) -> tuple[Path, Path]:
    folder = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), folder)
    path = folder / "bad-rule.toml"
    path.write_text(RULE_TOML.format(good=GOOD_SQL, bad=bad_sql), encoding="utf-8")
    return folder, path


def test_the_copied_rules_load_with_a_good_extra_rule(tmp_path: Path) -> None:
    folder, _ = rules_with(tmp_path, GOOD_SQL)
    assert "bad-rule" in load_rulebook(folder).rules


@pytest.mark.parametrize("kind", BAD_SQL)
def test_a_rule_that_is_not_one_select_is_refused_at_load(kind: str, tmp_path: Path) -> None:
    folder, path = rules_with(tmp_path, BAD_SQL[kind])
    with pytest.raises(RuleFileError) as refused:
        load_rulebook(folder)
    message = str(refused.value)
    assert str(path) in message and "rule bad-rule" in message and "queries[1].sql" in message, message


@pytest.mark.parametrize("kind", LOCKING_SQL)
def test_a_rule_that_locks_rows_is_refused_at_load(kind: str, tmp_path: Path) -> None:
    folder, _ = rules_with(tmp_path, LOCKING_SQL[kind])
    with pytest.raises(RuleFileError):
        load_rulebook(folder)


SETS_EDITS = {
    "set archive_start": ("SELECT CAST(MIN(e.ARK_FRADATO) AS DATE) AS fradato FROM FA_EIER e", "DELETE FROM FA_EIER"),
    "preview organisations": ('sql = "SELECT * FROM active_organisations"', 'sql = "DROP TABLE FA_EIER"'),
}


@pytest.mark.parametrize("where", SETS_EDITS)
def test_a_derived_set_or_preview_that_writes_is_refused_at_load(where: str, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), folder)
    sets = folder / "sets.toml"
    original, bad = SETS_EDITS[where]
    content = sets.read_text(encoding="utf-8")
    assert content.count(original) == 1, "sets.toml changed: update this test"
    sets.write_text(content.replace(original, bad), encoding="utf-8")
    with pytest.raises(RuleFileError) as refused:
        load_rulebook(folder)
    message = str(refused.value)
    # A set's error names the set ("sets.archive_start") but not yet the file; the preview's names both.
    assert where.split()[-1] in message and "sets" in message and "only SELECT" in message, message


# --- (b) SQLite: the file is untouched and the connection cannot write -------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_sqlite(folder: Path, *, wal: bool = False) -> Path:
    folder.mkdir()
    database = folder / "familia.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    create_familia(engine, merged_cases())
    engine.dispose()
    if wal:  # a copy left in WAL mode by the tool that made it (the mode is stored in the file)
        connection = sqlite3.connect(database)
        assert connection.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
        connection.close()
    assert sorted(p.name for p in folder.iterdir()) == ["familia.sqlite"]
    return database


def full_scan(database: Path) -> Report:
    source = open_sqlite_file(database)
    try:
        return scan(source, load_rulebook(), OPTIONS)
    finally:
        source.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal-mode"])
def test_sqlite_file_is_byte_identical_after_a_scan(wal: bool, tmp_path: Path) -> None:
    database = make_sqlite(tmp_path / "copy", wal=wal)
    before = sha256(database)
    report = full_scan(database)
    assert report.findings and all(o.status.value == "ran" for o in report.rules)
    result = subprocess.run(
        [str(FLYTCHECK), "scan", str(database), "--quiet", "--format", "json", "--cutover", "2026-05-22"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr  # blockers found, nothing went wrong
    assert sha256(database) == before
    assert sorted(p.name for p in database.parent.iterdir()) == ["familia.sqlite"], "journal, WAL or SHM file"


def test_sqlite_file_and_folder_read_only(tmp_path: Path) -> None:
    database = make_sqlite(tmp_path / "copy")
    before = sha256(database)
    database.chmod(0o444)
    database.parent.chmod(0o555)
    try:
        report = full_scan(database)
        assert report.findings
        assert sha256(database) == before
        assert sorted(p.name for p in database.parent.iterdir()) == ["familia.sqlite"]
    finally:
        database.parent.chmod(0o755)
        database.chmod(0o644)


WRITES_THROUGH_THE_CONNECTION = [
    "DELETE FROM FA_KLIENT",
    "UPDATE FA_HUSKELAPP SET HUS_OPPFYLTDATO = '2026-01-01'",
    "INSERT INTO FA_KLIENT (KLI_LOEPENR) VALUES (999999)",
    "CREATE TABLE kopi (a INTEGER)",
    "DROP TABLE FA_KLIENT",
    "PRAGMA user_version = 7",
]


@pytest.mark.parametrize("statement", WRITES_THROUGH_THE_CONNECTION)
def test_sqlite_source_connection_cannot_write(statement: str, tmp_path: Path) -> None:
    # Root ignores file permissions: the connection itself must refuse (mode=ro and query_only).
    database = make_sqlite(tmp_path / "copy")
    before = sha256(database)
    source = open_sqlite_file(database)
    try:
        connection = source._connection
        with pytest.raises(sqlite3.Error, match=r"readonly|read-only|query_only"):
            connection.execute(statement)
        # Even with query_only switched off, the file was opened read-only (mode=ro).
        connection.execute("PRAGMA query_only = OFF")
        with pytest.raises(sqlite3.Error, match=r"readonly|read-only"):
            connection.execute(statement)
    finally:
        source.close()
    assert sha256(database) == before
    assert sorted(p.name for p in database.parent.iterdir()) == ["familia.sqlite"]


# --- (c) PostgreSQL: a read-only session, tables unchanged ---------------------------------------------------------


def table_digests(engine: Engine, schema: str) -> dict[str, tuple[int, str]]:
    """Row count and an md5 of every row of every Familia table in the schema."""
    digests = {}
    with engine.connect() as connection:
        for name in familia.CORE_TABLES:
            row = connection.execute(
                text(
                    f'SELECT count(*), coalesce(md5(string_agg(t::text, \'|\' ORDER BY t::text)), \'\') '
                    f'FROM "{schema}"."{name}" t'
                )
            ).one()
            digests[name] = (row[0], row[1])
    return digests


@pytest.mark.postgres
def test_postgres_session_is_read_only_and_tables_unchanged(pg_url: str, pg_schemas: PgSchemas) -> None:
    schema = pg_schemas.create("FC_RO")
    create_familia(pg_schemas.engine, merged_cases(), schema=schema)
    before = table_digests(pg_schemas.engine, schema)
    assert sum(count for count, _ in before.values()) > 0
    source = open_url(pg_url, schema, timeout=15, statement_timeout=None)
    try:
        connection = source._connection
        assert isinstance(source, PostgresSource)
        assert (connection.execute("SHOW transaction_read_only").fetchone() or [None])[0] == "on"
        for statement in (
            f'DELETE FROM "{schema}"."FA_KLIENT"',
            f'UPDATE "{schema}"."FA_HUSKELAPP" SET "HUS_OPPFYLTDATO" = now()',
            f'INSERT INTO "{schema}"."FA_KLIENT" ("KLI_LOEPENR") VALUES (999999)',
            f'CREATE TABLE "{schema}".kopi (a int)',
            f'DROP TABLE "{schema}"."FA_KLIENT"',
            f'SELECT h."HUS_LOEPENR" FROM "{schema}"."FA_HUSKELAPP" h FOR UPDATE',
        ):
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction, match="read-only transaction"):
                connection.execute(statement)
            connection.rollback()  # the next transaction is read-only by the session default too
        report = scan(source, load_rulebook(), OPTIONS)
        assert report.findings and all(o.status.value == "ran" for o in report.rules)
        # After the scan (whose streams use server-side cursors) the open transaction is still read-only.
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            connection.execute(f'DELETE FROM "{schema}"."FA_KLIENT"')
    finally:
        source.close()
    assert table_digests(pg_schemas.engine, schema) == before


# --- (d) every statement sent while scanning is a SELECT ------------------------------------------------------------

WRITES = (
    exp.Insert, exp.Update, exp.Delete, exp.Drop, exp.Create, exp.Alter, exp.Merge, exp.Command, exp.Into,
    exp.TruncateTable, exp.Use, exp.Set, exp.Transaction, exp.Commit, exp.Rollback, exp.Pragma, exp.Copy,
    exp.Grant, exp.Execute, exp.Lock,
)
SESSION_STATEMENTS = frozenset({"BEGIN", "ROLLBACK"})
"""Not SELECTs, and not writes: SQLite's read transaction around the whole scan."""


class RecordingSource(Source):
    """A real source that writes down every statement its driver is given (a test double, not a mock).

    SQLite: the connection's trace callback. PostgreSQL: recording cursor classes on the psycopg connection, for its
    client-side cursors (the catalog) and its server-side ones (the rule queries).
    """

    def __init__(self, inner: SqliteSource | PostgresSource) -> None:
        self.inner = inner
        self.dialect = inner.dialect
        self.description = inner.description
        self.streamed: list[str] = []
        self.sent: list[str] = []
        if isinstance(inner, SqliteSource):
            inner._connection.set_trace_callback(self.sent.append)
        else:
            sent = self.sent

            class Recording(psycopg.Cursor):  # type: ignore[type-arg]
                def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
                    sent.append(str(query))
                    return super().execute(query, *args, **kwargs)

            class RecordingServer(psycopg.ServerCursor):  # type: ignore[type-arg]
                def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
                    sent.append(str(query))
                    return super().execute(query, *args, **kwargs)

            inner._connection.cursor_factory = Recording
            inner._connection.server_cursor_factory = RecordingServer

    def catalog(self, wanted: set[str]) -> Catalog:
        return self.inner.catalog(wanted)

    def query(self, sql: str) -> Rows:
        self.streamed.append(sql)
        return self.inner.query(sql)

    def close(self) -> None:
        self.inner.close()


def assert_select(sql: str, dialect: str) -> None:
    statements = [s for s in sqlglot.parse(sql, read=DIALECTS[dialect], error_level=ErrorLevel.RAISE) if s]
    assert len(statements) == 1, sql
    tree = statements[0]
    assert isinstance(tree, exp.Select | exp.Union | exp.Except | exp.Intersect), sql
    assert not [n for n in tree.walk() if isinstance(n, WRITES)], sql


def check_recorded(source: RecordingSource) -> None:
    rulebook = load_rulebook()
    queries = sum(len(r.queries) for r in rulebook.rules.values())
    assert len(source.streamed) >= len(rulebook.sets.preview) + 1
    assert len(source.streamed) <= queries + len(rulebook.sets.preview) + 1
    for sql in source.streamed:
        assert_select(sql, source.dialect)
    assert set(source.streamed) <= set(source.sent), "a streamed query was not sent as given"
    for sql in source.sent:
        if sql.strip().upper() in SESSION_STATEMENTS:
            continue
        if sql.startswith("-- PRAGMA ") and source.dialect == "sqlite":
            # SQLite traces the pragma that its pragma_table_info() function runs inside our SELECT.
            assert re.fullmatch(r"-- PRAGMA table_info='[^']*'", sql), sql
            continue
        assert_select(sql, source.dialect)


def test_every_statement_sent_to_sqlite_is_a_select(tmp_path: Path) -> None:
    database = make_sqlite(tmp_path / "copy")
    source = RecordingSource(open_sqlite_file(database))
    try:
        scan(source, load_rulebook(), OPTIONS)
    finally:
        source.close()
    check_recorded(source)


@pytest.mark.postgres
@pytest.mark.parametrize("lower_case", [False, True], ids=["quoted-upper", "unquoted-lower"])
def test_every_statement_sent_to_postgres_is_a_select(lower_case: bool, pg_url: str, pg_schemas: PgSchemas) -> None:
    schema = pg_schemas.create("fc_rec")
    create_familia(pg_schemas.engine, merged_cases(), schema=schema, lower_case=lower_case)
    source = RecordingSource(open_url(pg_url, schema, timeout=15, statement_timeout=None))
    try:
        scan(source, load_rulebook(), OPTIONS)
    finally:
        source.close()
    check_recorded(source)

