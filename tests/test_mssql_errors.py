"""Database sources that cannot be reached or read fail with exit 2 and one clear line, never with a password.

SQL Server without a server: unixODBC missing, Microsoft's driver missing (the installed drivers are listed), and,
through FreeTDS (Debian's `tdsodbc`, a real SQL Server ODBC driver), a server that refuses or never answers.
Not testable without a SQL Server: a failed login, a missing database, missing permissions (those messages come
from the server through the driver, and pass through the same one-line, password-free path tested here; the fix
each one gets is tested from Microsoft's documented wording in tests/test_driver_errors.py).
PostgreSQL (the test server): refused and silent ports, a wrong database, a missing schema. Last, the statement
timeout: a query that runs too long stops the scan with exit 2 naming the rule, on PostgreSQL and on SQLite.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from conftest_pg import PgSchemas, running_under_ci
from flytcheck.errors import SourceError
from flytcheck.sources.databases import UNIXODBC_HINT, open_odbc, open_url
from flytcheck.sql.ddl import create_familia

FLYTCHECK = Path(sys.executable).with_name("flytcheck")
MS_DRIVER = "ODBC Driver 18 for SQL Server"
ODBC = f"DRIVER={{{MS_DRIVER}}};SERVER=127.0.0.1,1;DATABASE=x;UID=u;PWD=secret"
PG_PASSWORD = "secretpw"  # noqa: S105 - a password that must never be printed
SECRETS = ("secret", PG_PASSWORD, "se;cr")


def flytcheck(*args: str, timeout: float = 60, prefix: tuple[str, ...] | None = None) -> tuple[int, str, float]:
    """Run the installed command (or `prefix`) as a user would; exit code, stdout+stderr and seconds taken."""
    command = [*(prefix or (str(FLYTCHECK),)), "scan", *args, "--quiet", "--cutover", "2026-05-22", "--lang", "en"]
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    for secret in SECRETS:
        assert secret not in output, f"the password was printed: {output}"
    assert "Traceback" not in output, output
    return result.returncode, output, time.monotonic() - start


def odbc_drivers() -> list[str] | None:
    """The installed ODBC drivers, or None when pyodbc cannot load unixODBC."""
    try:
        import pyodbc
    except ImportError:
        return None
    return list(pyodbc.drivers())


def require_freetds() -> None:
    drivers = odbc_drivers()
    if drivers is None or "FreeTDS" not in drivers:
        message = "FreeTDS ODBC driver not installed (Debian: tdsodbc; scripts/test.sh installs it)"
        if running_under_ci():
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word: only a timeout ends a login there."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


# --- SQL Server, no server needed ------------------------------------------------------------------------------------


def test_unixodbc_missing_is_a_source_error_with_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyodbc", None)  # `import pyodbc` now fails, as without libodbc.so.2
    with pytest.raises(SourceError) as failed:
        open_odbc(ODBC, None, timeout=2, statement_timeout=None)
    assert "unixODBC" in failed.value.message
    assert failed.value.hint == UNIXODBC_HINT and "msodbcsql18" in str(failed.value)
    assert "secret" not in str(failed.value)


def test_unixodbc_missing_exits_2_through_the_command_line() -> None:
    code = "import sys; sys.modules['pyodbc'] = None; from flytcheck.cli import main; main()"
    status, output, _ = flytcheck("--odbc", ODBC, prefix=(sys.executable, "-c", code))
    assert status == 2, output
    assert "pyodbc cannot load unixODBC" in output and "apt-get install unixodbc msodbcsql18" in output


@pytest.mark.parametrize(
    "source",
    [
        ("--odbc", ODBC),
        ("--odbc", f"Driver={{{MS_DRIVER}}};Server=127.0.0.1,1;Uid=u;Pwd={{se;cret}}"),
        (f"mssql+pyodbc://u:secret@127.0.0.1:1/x?driver={MS_DRIVER.replace(' ', '+')}",),
    ],
    ids=["odbc", "odbc-braced-password", "url"],
)
def test_missing_driver_is_named_with_the_installed_ones(source: tuple[str, ...]) -> None:
    drivers = odbc_drivers()
    if drivers is not None and MS_DRIVER in drivers:
        pytest.skip(f"{MS_DRIVER} is installed here")
    status, output, _ = flytcheck(*source, "--timeout", "2")
    assert status == 2, output
    if drivers is None:
        assert "pyodbc cannot load unixODBC" in output
    else:
        assert f"the ODBC driver {MS_DRIVER!r} is not installed" in output
        assert f"(installed: {', '.join(drivers) or 'none'})" in output
    assert "msodbcsql18" in output


def test_unreachable_sql_server_exits_2_quickly() -> None:
    require_freetds()
    status, output, _ = flytcheck(
        "--odbc", "DRIVER={FreeTDS};SERVER=127.0.0.1;PORT=1;DATABASE=x;UID=u;PWD=secret;TDS_Version=7.4",
        "--timeout", "2",
    )
    assert status == 2, output
    assert "cannot connect to mssql+pyodbc" in output and "PWD=***" in output
    assert "ApplicationIntent=ReadOnly" in output  # the read-only intent is always added


@pytest.mark.parametrize("form", ["odbc", "url", "url-odbc-connect"])
def test_silent_sql_server_times_out_after_timeout_seconds(form: str, silent_port: int) -> None:
    require_freetds()
    odbc = f"DRIVER={{FreeTDS}};SERVER=127.0.0.1;PORT={silent_port};DATABASE=x;UID=u;PWD={{se;cret}};TDS_Version=7.4"
    source = {
        "odbc": ("--odbc", odbc),
        "url": (f"mssql+pyodbc://u:secret@127.0.0.1:{silent_port}/x?driver=FreeTDS&TDS_Version=7.4",),
        "url-odbc-connect": (make_url("mssql+pyodbc://").update_query_dict({"odbc_connect": odbc}).render_as_string(),),
    }[form]
    status, output, seconds = flytcheck(*source, "--timeout", "2")
    assert status == 2, output
    assert "cannot connect" in output and "Timeout expired" in output
    assert "ApplicationIntent=ReadOnly" in output
    assert 1.5 < seconds < 15, seconds


# --- PostgreSQL -----------------------------------------------------------------------------------------------------


def pg_url_with(pg_url: str, **parts: object) -> str:
    return make_url(pg_url).set(**parts).render_as_string(hide_password=False)  # type: ignore[arg-type]


@pytest.mark.postgres
def test_postgres_refused_port_exits_2(pg_url: str) -> None:
    status, output, seconds = flytcheck("postgresql+psycopg://postgres:secretpw@127.0.0.1:1/x", "--timeout", "2")
    assert status == 2, output
    assert "cannot connect to postgresql+psycopg://postgres:***@127.0.0.1:1/x" in output
    assert seconds < 15


@pytest.mark.postgres
def test_postgres_silent_port_exits_2_within_the_timeout(pg_url: str, silent_port: int) -> None:
    status, output, seconds = flytcheck(
        f"postgresql+psycopg://postgres:secretpw@127.0.0.1:{silent_port}/x?password=secretpw", "--timeout", "2"
    )
    assert status == 2, output
    assert "cannot connect" in output and "timeout" in output.lower()
    assert 1.5 < seconds < 15, seconds


@pytest.mark.postgres
def test_postgres_wrong_database_exits_2(pg_url: str) -> None:
    status, output, _ = flytcheck(pg_url_with(pg_url, database="no_such_db", password=PG_PASSWORD), "--timeout", "5")
    assert status == 2, output
    assert "no_such_db" in output and "does not exist" in output and "postgres:***@" in output


@pytest.mark.postgres
def test_postgres_missing_schema_exits_2_naming_it(pg_url: str) -> None:
    status, output, _ = flytcheck(pg_url_with(pg_url, password=PG_PASSWORD), "--schema", "no_such_schema")
    assert status == 2, output
    assert "schema 'no_such_schema' does not exist" in output


@pytest.mark.postgres
def test_postgres_missing_tables_exit_2_naming_them(pg_url: str, pg_schemas: PgSchemas) -> None:
    schema = pg_schemas.create("fc_empty")
    status, output, _ = flytcheck(pg_url, "--schema", schema)
    assert status == 2, output
    assert "table FA_KLIENT is missing" in output and "table FA_HUSKELAPP is missing" in output


# --- the statement timeout ------------------------------------------------------------------------------------------

TIES = 300_000
"""Persons with an active tie to child 1, of whom there are CHILDREN rows (a copy gone wrong): the network query
joins them into 300 million rows before it can return one, far more than the timeout allows. The rules before it
(archive-error, child-*) read only the small tables, so connection-invalid-id is the one that times out."""
CHILDREN = 1_000


@pytest.mark.postgres
def test_postgres_statement_timeout_stops_the_scan_naming_the_rule(pg_url: str, pg_schemas: PgSchemas) -> None:
    schema = pg_schemas.create("fc_big")
    engine = pg_schemas.engine
    create_familia(engine, {}, schema=schema)
    with engine.begin() as connection:
        connection.execute(
            text(
                f'INSERT INTO "{schema}"."FA_KLIENT" ("KLI_LOEPENR", "KOM_KOMMUNENR", "SBH_INITIALER") '
                f"SELECT 1, 1860, 'AB' FROM generate_series(1, {CHILDREN})"
            )
        )
        connection.execute(
            text(
                f'INSERT INTO "{schema}"."FA_KLIENTTILKNYTNING" '
                f'("KLI_LOEPENR", "KTK_LOEPENR", "FOR_LOEPENR", "KTK_ROLLE") '
                f"SELECT 1, g, g, 'MOR' FROM generate_series(1, {TIES}) g"
            )
        )
        connection.execute(
            text(f'INSERT INTO "{schema}"."FA_FORBINDELSER" ("FOR_LOEPENR") SELECT g FROM generate_series(1, {TIES}) g')
        )
        connection.execute(text(f'ANALYZE "{schema}"."FA_KLIENTTILKNYTNING", "{schema}"."FA_FORBINDELSER"'))
    status, output, seconds = flytcheck(pg_url, "--schema", schema, "--statement-timeout", "0.5", timeout=180)
    assert status == 2, output
    assert "rule connection-invalid-id" in output and "statement timeout" in output, output
    assert seconds < 60


def test_sqlite_statement_timeout_stops_the_scan_naming_the_rule(tmp_path: Path) -> None:
    database = tmp_path / "big.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    create_familia(engine, {})
    engine.dispose()
    connection = sqlite3.connect(database)
    with connection:
        connection.executemany(
            "INSERT INTO FA_KLIENT (KLI_LOEPENR, KOM_KOMMUNENR, SBH_INITIALER) VALUES (1, 1860, 'AB')",
            ([] for _ in range(CHILDREN)),
        )
        connection.executemany(
            "INSERT INTO FA_KLIENTTILKNYTNING (KLI_LOEPENR, KTK_LOEPENR, FOR_LOEPENR, KTK_ROLLE) "
            "VALUES (1, ?, ?, 'MOR')",
            ((i, i) for i in range(1, TIES + 1)),
        )
        connection.executemany(
            "INSERT INTO FA_FORBINDELSER (FOR_LOEPENR) VALUES (?)", ((i,) for i in range(1, TIES + 1))
        )
    connection.close()
    status, output, seconds = flytcheck(str(database), "--statement-timeout", "0.5", timeout=180)
    assert status == 2, output
    assert "rule connection-invalid-id" in output and "interrupted" in output, output
    assert seconds < 60


def test_statement_timeout_leaves_other_sources_alone(tmp_path: Path) -> None:
    # A generous timeout does not stop an ordinary scan.
    database = tmp_path / "small.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    create_familia(engine, {"FA_KLIENT": [{"KLI_LOEPENR": 1, "SBH_INITIALER": "AB"}]})
    engine.dispose()
    status, output, _ = flytcheck(str(database), "--statement-timeout", "30")
    assert status in (0, 1), output


def test_open_url_refuses_unknown_databases_without_a_traceback() -> None:
    with pytest.raises(SourceError, match="unsupported database type 'mysql'"):
        open_url("mysql://u:secret@127.0.0.1/x", None, timeout=2, statement_timeout=None)
