"""The PostgreSQL source reads through psycopg alone: what it makes of types and URLs, and what it does not load."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest_pg import PgSchemas
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.engine import scan
from flytcheck.errors import SourceError
from flytcheck.reporters.json_report import report_dict
from flytcheck.sources.databases import open_url
from flytcheck.sources.open import open_source
from flytcheck.sources.postgres import PostgresSource, _safe, declared
from flytcheck.sources.session import POSTGRES_BEGIN, POSTGRES_SESSION
from flytcheck.sources.urls import is_postgres_url
from flytcheck.sql.catalog import Declared
from flytcheck.sql.ddl import create_familia
from test_postgres_parity import merged_cases
from test_readonly import OPTIONS


@pytest.mark.parametrize(("type_name", "category", "expected"), [
    ("int4", "N", Declared.NUMBER), ("numeric", "N", Declared.NUMBER), ("float8", "N", Declared.NUMBER),
    ("money", "N", Declared.OTHER), ("bool", "B", Declared.BOOLEAN), ("text", "S", Declared.TEXT),
    ("varchar", "S", Declared.TEXT), ("bpchar", "S", Declared.TEXT), ("citext", "S", Declared.TEXT),
    ("rolle", "E", Declared.TEXT), ("date", "D", Declared.DATE), ("timestamp", "D", Declared.DATE),
    ("timestamptz", "D", Declared.DATE), ("time", "D", Declared.OTHER), ("bytea", "U", Declared.OTHER),
    ("_int4", "A", Declared.OTHER),
])
def test_declared_types_read_as_the_compiler_needs_them(type_name: str, category: str, expected: Declared) -> None:
    assert declared(type_name, category) is expected


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://reader:hemmelig@db:5432/familia", "postgresql+psycopg://reader:***@db:5432/familia"),
    ("postgresql://reader@db/familia?password=hemmelig&sslmode=require",
     "postgresql://reader@db/familia?password=***&sslmode=require"),
    ("postgresql://reader:p%40ss@db/familia?PWD=x", "postgresql://reader:***@db/familia?PWD=***"),
    ("postgresql://db/familia", "postgresql://db/familia"),
])
def test_a_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert _safe(url) == shown


def test_which_urls_the_postgres_source_reads() -> None:
    assert is_postgres_url("postgresql+psycopg://u@h/d") and is_postgres_url("POSTGRESQL://u@h/d")
    assert is_postgres_url("postgres://u@h/d")
    assert not is_postgres_url("postgresql+psycopg2://u@h/d")  # SQLAlchemy's, which names the missing driver
    assert not is_postgres_url("mssql+pyodbc://u@dsn") and not is_postgres_url("familia.sqlite")


@pytest.mark.postgres
def test_a_plain_postgresql_url_scans_like_the_psycopg_one(pg_url: str, pg_schemas: PgSchemas) -> None:
    schema = pg_schemas.create("fc_plain")
    create_familia(pg_schemas.engine, merged_cases(), schema=schema)
    reports = []
    for url in (pg_url, pg_url.replace("postgresql+psycopg://", "postgresql://")):
        with open_source(url, schema=schema) as source:
            report = report_dict(scan(source, load_rulebook(), OPTIONS), "nb")
        del report["source"]
        reports.append(report)
    assert reports[0] == reports[1] and reports[0]["findings"]


@pytest.mark.postgres
def test_a_postgres_scan_loads_no_sqlalchemy(pg_url: str, pg_schemas: PgSchemas) -> None:
    schema = pg_schemas.create("fc_light")
    create_familia(pg_schemas.engine, merged_cases(), schema=schema)
    program = (
        "import sys; from flytcheck.cli import main; sys.argv = ['flytcheck', 'scan', sys.argv[1], '--schema', "
        "sys.argv[2], '--format', 'json', '--quiet', '--cutover', '2027-05-22']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('sqlalchemy' in sys.modules, 'sqlglot' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", program, pg_url, schema], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "False False", done.stderr



def test_another_postgresql_driver_is_refused_naming_the_one_to_use() -> None:
    with pytest.raises(SourceError, match=r"driver 'psycopg2' is not supported: use postgresql\+psycopg://"):
        open_url("postgresql+psycopg2://reader@127.0.0.1:1/familia", None, timeout=1, statement_timeout=None)


@pytest.mark.postgres
def test_the_session_has_jit_off_and_its_transaction_is_the_read_only_snapshot(pg_url: str) -> None:
    with open_source(pg_url) as source:
        assert isinstance(source, PostgresSource)
        assert source.session_statements == [*POSTGRES_SESSION, POSTGRES_BEGIN]
        connection = source._connection
        assert (connection.execute("SHOW jit").fetchone() or [None])[0] == "off"
        assert (connection.execute("SHOW transaction_isolation").fetchone() or [None])[0] == "repeatable read"
        assert (connection.execute("SHOW transaction_read_only").fetchone() or [None])[0] == "on"
