"""`flytcheck doctor` against the test PostgreSQL server, as roles a municipality's DBA might make by mistake.

A role that misses SELECT on one column (doctor names it and prints the GRANT, which then fixes it; the scan's error
gives the GRANT too), a role that can write (a warning with the REVOKE, which then fixes it), a role without USAGE on
the schema, a superuser, a role and a database that do not exist; and that doctor sends only SELECTs and changes no
table. The server runs with trust authentication, so a refused password is tested from PostgreSQL's documented
wording only (tests/test_driver_errors.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
import sqlglot
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlglot import exp
from typer.testing import CliRunner

from conftest_pg import PgSchemas, quote
from flytcheck.cli import app
from flytcheck.commands.scan_settings import load_settings
from flytcheck.doctor import checks
from flytcheck.doctor.model import ORDER, Target
from flytcheck.sources.base import Source
from flytcheck.sources.open import open_source
from flytcheck.sql.ddl import create_familia
from test_postgres_parity import merged_cases

runner = CliRunner()
pytestmark = pytest.mark.postgres
HIDDEN = ("FA_KLIENT", "SBH_INITIALER")
"""The column the DBA forgot: every rule about a child's caseworker reads it."""


@dataclass
class Familia:
    """A schema with Familia's tables and the rule cases' rows, and a way to make login roles for it."""

    schemas: PgSchemas
    schema: str
    pg_url: str
    roles: list[str]

    def admin(self, *statements: str) -> None:
        with self.schemas.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))

    def role(self, *, usage: bool = True, select: bool = True) -> str:
        name = f"fc_role_{uuid.uuid4().hex[:8]}"
        self.roles.append(name)
        statements = [f"CREATE ROLE {name} LOGIN"]
        if usage:
            statements.append(f"GRANT USAGE ON SCHEMA {quote(self.schema)} TO {name}")
        if select:
            statements.append(f"GRANT SELECT ON ALL TABLES IN SCHEMA {quote(self.schema)} TO {name}")
        self.admin(*statements)
        return name

    def url(self, role: str) -> str:
        return make_url(self.pg_url).set(username=role).render_as_string(hide_password=False)

    def table(self, name: str) -> str:
        return f"{quote(self.schema)}.{quote(name)}"


@pytest.fixture
def familia(pg_url: str, pg_schemas: PgSchemas) -> Iterator[Familia]:
    schema = pg_schemas.create("fc_doc")
    create_familia(pg_schemas.engine, merged_cases(), schema=schema)
    made = Familia(pg_schemas, schema, pg_url, [])
    try:
        yield made
    finally:
        for role in made.roles:
            made.admin(f"DROP OWNED BY {role}", f"DROP ROLE {role}")


def doctor(url: str, schema: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["doctor", url, "--schema", schema, "--lang", "en", "--min-familia-version", "8.0",
                                 *args])
    return result.exit_code, result.output


def scan(url: str, schema: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", url, "--schema", schema, "--quiet", "--cutover", "2026-05-22"])
    return result.exit_code, result.output


def line(output: str, check: str) -> str:
    found = [row for row in output.splitlines() if row[:1] in "✓!✗–"]
    assert len(found) == len(ORDER), output
    return found[ORDER.index(check)]


def test_a_reader_with_every_grant_passes(familia: Familia) -> None:
    role = familia.role()
    familia.admin(f"ANALYZE {familia.table('FA_KLIENT')}")
    code, output = doctor(familia.url(role), familia.schema)
    assert code == 0, output
    assert "PostgreSQL " in line(output, "connection") and f"role {role}" in line(output, "connection")
    assert line(output, "snapshot").startswith("✓ Snapshot: one transaction, REPEATABLE READ, READ ONLY")
    assert line(output, "privileges").startswith("✓ Least privilege: the login can only read")
    assert "FA_KLIENT" in line(output, "scan_time") and "mid from PostgreSQL" in output


def test_a_role_missing_one_column_is_told_the_column_and_the_grant(familia: Familia) -> None:
    role = familia.role()
    table, hidden = HIDDEN
    familia.admin(f"REVOKE SELECT ON {familia.table(table)} FROM {role}")
    with familia.schemas.engine.connect() as connection:
        columns = [row[0] for row in connection.execute(text(
            "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 "
            "AND NOT a.attisdropped"), {"t": familia.table(table)})]
    kept = ", ".join(quote(c) for c in columns if c != hidden)
    familia.admin(f"GRANT SELECT ({kept}) ON {familia.table(table)} TO {role}")

    code, output = doctor(familia.url(role), familia.schema)
    assert code == 2, output
    assert line(output, "columns").startswith("✗ Tables and columns: the login may not read 1 of ")
    assert line(output, "columns").endswith(f"columns: {table}.{hidden}")
    grant = f'GRANT SELECT ("{hidden}") ON {familia.table(table)} TO "{role}";'
    assert f"    {grant}" in output.splitlines()
    assert line(output, "familia_version").startswith("✓ "), "the other reads went on after the refused one"

    code, output = scan(familia.url(role), familia.schema)
    assert code == 2 and "permission denied for table FA_KLIENT" in output, output
    fix = next(row for row in output.splitlines() if "Fix: the DBA runs: GRANT SELECT" in row)
    assert f'"{hidden}"' in fix and f"ON {familia.table(table)} TO \"{role}\";" in fix

    familia.admin(grant)  # the line doctor printed is the one that fixes it
    code, output = doctor(familia.url(role), familia.schema)
    assert code == 0, output


def test_a_role_without_usage_on_the_schema_is_told_the_usage_grant(familia: Familia) -> None:
    role = familia.role(usage=False)
    code, output = doctor(familia.url(role), familia.schema)
    assert code == 2, output
    assert line(output, "columns").startswith("✗ ")
    assert f'    GRANT USAGE ON SCHEMA "{familia.schema}" TO "{role}";' in output.splitlines()


def test_a_role_that_can_write_is_warned_with_the_revoke(familia: Familia) -> None:
    role = familia.role()
    familia.admin(f"GRANT INSERT, UPDATE ON {familia.table('FA_HUSKELAPP')} TO {role}")
    code, output = doctor(familia.url(role), familia.schema)
    assert code == 1, output
    warning = line(output, "privileges")
    assert warning.startswith("! Least privilege: the role can write to 1 Familia table(s): FA_HUSKELAPP")
    assert "risk if its password leaks" in warning
    revoke = f'REVOKE INSERT, UPDATE ON {familia.table("FA_HUSKELAPP")} FROM "{role}";'
    assert f"    {revoke}" in output.splitlines()
    familia.admin(revoke)
    assert doctor(familia.url(role), familia.schema)[0] == 0


def test_a_table_owner_and_a_superuser_are_warned(familia: Familia) -> None:
    owner = familia.role()
    familia.admin(f"ALTER TABLE {familia.table('FA_JOURNAL')} OWNER TO {owner}")
    code, output = doctor(familia.url(owner), familia.schema)
    assert code == 1 and "the role owns (or is a member of the owner of) 1 Familia table(s): FA_JOURNAL" in output
    familia.admin(f"ALTER TABLE {familia.table('FA_JOURNAL')} OWNER TO CURRENT_USER")
    code, output = doctor(familia.pg_url, familia.schema)  # the tests' own role: the cluster's superuser
    assert code == 1 and line(output, "privileges").startswith("! Least privilege: the role is a superuser")


def test_a_role_or_database_that_does_not_exist_gets_its_fix(familia: Familia) -> None:
    code, output = doctor(familia.url("fc_nobody"), familia.schema)
    assert code == 2 and line(output, "connection").startswith(
        "✗ Connection: the role fc_nobody does not exist on the server"
    ), output
    assert "CREATE ROLE fc_nobody LOGIN" in output
    missing = make_url(familia.pg_url).set(database="fc_no_such_db").render_as_string(hide_password=False)
    code, output = doctor(missing, familia.schema)
    assert code == 2 and '"fc_no_such_db" does not exist on the server' in output
    code, output = scan(missing, familia.schema)
    assert code == 2 and "Fix: check the database name in the URL" in output


# --- doctor sends only SELECTs and changes nothing -----------------------------------------------------------------


def table_digests(familia: Familia) -> dict[str, tuple[int, str]]:
    """Row count and an md5 of every row of every table of the schema."""
    with familia.schemas.engine.connect() as connection:
        names = [row[0] for row in connection.execute(
            text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"), {"s": familia.schema}
        )]
        assert len(names) > 10
        return {
            name: tuple(connection.execute(text(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                f"FROM {familia.table(name)} t"
            )).one())
            for name in names
        }


WRITES = (
    exp.Insert, exp.Update, exp.Delete, exp.Drop, exp.Create, exp.Alter, exp.Merge, exp.Command, exp.Into,
    exp.TruncateTable, exp.Use, exp.Set, exp.Transaction, exp.Commit, exp.Rollback, exp.Copy, exp.Grant,
    exp.Execute, exp.Lock,
)


def test_doctor_sends_only_selects_and_changes_no_table(familia: Familia) -> None:
    role = familia.role()
    familia.admin(f"GRANT INSERT ON {familia.table('FA_HUSKELAPP')} TO {role}")  # it could write: it must not
    before = table_digests(familia)
    sent: list[str] = []
    session: list[str] = []

    class Recording(psycopg.Cursor):  # type: ignore[type-arg]
        def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
            sent.append(str(query))
            return super().execute(query, *args, **kwargs)

    class RecordingServer(psycopg.ServerCursor):  # type: ignore[type-arg]
        def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
            sent.append(str(query))
            return super().execute(query, *args, **kwargs)

    @contextmanager
    def recording(*args: Any, **kwargs: Any) -> Iterator[Source]:
        with open_source(*args, **kwargs) as source:
            session.extend(source.session_statements)  # type: ignore[attr-defined]
            connection = source._connection  # type: ignore[attr-defined]
            connection.cursor_factory = Recording
            connection.server_cursor_factory = RecordingServer
            yield source

    settings = load_settings({"schema": familia.schema, "min_familia_version": "8.0"})
    report = checks.run(Target(familia.url(role)), settings, recording)
    assert report.exit_code == 1, report  # the INSERT grant: a warning, and nothing else
    assert session == ["SET jit = off", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"]
    assert len(sent) > 5
    for sql in sent:
        statements = [s for s in sqlglot.parse(sql, read="postgres") if s is not None]
        assert len(statements) == 1 and isinstance(statements[0], exp.Select), sql
        assert not [n for n in statements[0].walk() if isinstance(n, WRITES)], sql
    assert table_digests(familia) == before
