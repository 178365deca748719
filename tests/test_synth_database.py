"""`flytcheck synth --out URL` loads a synthetic Familia into an empty database on a server, as the SQL Server
workflow does (.github/workflows/mssql.yml); here through the same SQLAlchemy code into the PostgreSQL server of
scripts/test.sh. The loaded database scans to the same whole report as the same profile in SQLite; the loader
refuses a database that already holds Familia tables and never shows the password."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from conftest_pg import PgSchemas
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.sources.databases import open_url
from robustness import invoke
from serverparity import assert_same_report, scanned, sqlite_twin


def test_the_demo_loaded_into_postgres_scans_like_sqlite(pg_url: str, pg_schemas: PgSchemas, tmp_path: Path) -> None:
    schema = pg_schemas.create("fc_synth")
    run = invoke("synth", "--profile", "demo", "--seed", "7", "--out", pg_url, "--schema", schema, "--quiet")
    assert run.code == 0, run.stderr
    assert "Loaded a synthetic Familia (demo, seed 7)" in run.stdout and f"--schema {schema}" in run.stdout
    twin, options = sqlite_twin("demo", 7, tmp_path)
    server = scanned(open_url(pg_url, schema, timeout=15, statement_timeout=None), load_rulebook(), options)
    assert_same_report(server, twin)


def test_a_database_with_familia_tables_is_refused_and_left_alone(pg_url: str, pg_schemas: PgSchemas) -> None:
    schema = pg_schemas.create("fc_synth")
    first = invoke("synth", "--profile", "demo", "--out", pg_url, "--schema", schema, "--quiet")
    assert first.code == 0, first.stderr
    with pg_schemas.engine.connect() as connection:
        before = connection.exec_driver_sql(f'SELECT count(*) FROM "{schema}"."FA_KLIENT"').scalar()
    again = invoke("synth", "--profile", "demo", "--out", pg_url, "--schema", schema, "--quiet")
    assert again.code == 2 and "already has Familia tables" in again.stderr, again.stderr
    with pg_schemas.engine.connect() as connection:
        assert connection.exec_driver_sql(f'SELECT count(*) FROM "{schema}"."FA_KLIENT"').scalar() == before


def test_a_failed_load_drops_what_it_created(
    pg_url: str, pg_schemas: PgSchemas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flytcheck.synth import database_sink

    schema = pg_schemas.create("fc_synth")
    monkeypatch.setattr(database_sink.DatabaseSink, "decimal", lambda self, text: "8,4")  # the server refuses it
    run = invoke("synth", "--profile", "demo", "--out", pg_url, "--schema", schema, "--quiet")
    assert run.code == 2 and run.exception is None, run.stderr
    assert run.stderr.startswith("flytcheck: error: --out: cannot write FA_DBVERSJON to "), run.stderr
    assert inspect(pg_schemas.engine).get_table_names(schema=schema) == []


@pytest.mark.parametrize(
    "url, message",
    [
        ("postgresql+psycopg://flytcheck:hemmelig-passord@127.0.0.1:1/familia", "cannot create the tables in"),
        ("nosuchdb+driver://flytcheck:hemmelig-passord@host/familia", "cannot be used"),
    ],
)
def test_connection_problems_are_one_line_without_the_password(url: str, message: str) -> None:
    run = invoke("synth", "--profile", "demo", "--out", url, "--quiet")
    assert run.code == 2 and run.exception is None, run.escaped()
    assert message in run.stderr and "hemmelig" not in run.stderr + run.stdout, run.stderr


def test_schema_is_only_for_a_database() -> None:
    run = invoke("synth", "--profile", "demo", "--out", "x.sqlite", "--schema", "dbo", "--quiet")
    assert run.code == 2 and "--schema" in run.stderr
