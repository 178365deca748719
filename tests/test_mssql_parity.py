"""SQL Server answers exactly as SQLite does: the `mid` profile loaded into a real SQL Server by `flytcheck synth
--out mssql+pyodbc://…` scans, through a SQLAlchemy URL and through `--odbc`, to the same whole report as the same
profile and seed in SQLite.

Runs where a SQL Server is at hand: .github/workflows/mssql.yml starts one in a service container, loads the
profile and sets FLYTCHECK_TEST_MSSQL_URL (the mssql+pyodbc URL of that database) and FLYTCHECK_TEST_MSSQL_ODBC (an
ODBC connection string for it); FLYTCHECK_TEST_MSSQL_PROFILE and _SEED name what was loaded (default mid, 1).
Without them these tests skip (the machine of scripts/test.sh has no SQL Server).
"""

from __future__ import annotations

import os

import pytest

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.model import Report
from flytcheck.settings import ScanOptions
from flytcheck.sources.databases import open_odbc, open_url
from serverparity import assert_same_report, scanned, sqlite_twin

pytestmark = pytest.mark.mssql
PROFILE = os.environ.get("FLYTCHECK_TEST_MSSQL_PROFILE", "mid")
SEED = int(os.environ.get("FLYTCHECK_TEST_MSSQL_SEED", "1"))


def _needed(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.skip(f"{name} is not set (see .github/workflows/mssql.yml)")
    return value


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, ScanOptions]:
    _needed("FLYTCHECK_TEST_MSSQL_URL")
    return sqlite_twin(PROFILE, SEED, tmp_path_factory.mktemp("twin"))


def test_mssql_pyodbc_url_gives_the_sqlite_report(twin: tuple[Report, ScanOptions]) -> None:
    source = open_url(_needed("FLYTCHECK_TEST_MSSQL_URL"), None, timeout=30, statement_timeout=None)
    assert source.dialect == "mssql"
    report, options = twin
    assert_same_report(scanned(source, load_rulebook(), options), report)


def test_odbc_connection_string_gives_the_sqlite_report(twin: tuple[Report, ScanOptions]) -> None:
    source = open_odbc(_needed("FLYTCHECK_TEST_MSSQL_ODBC"), None, timeout=30, statement_timeout=None)
    report, options = twin
    assert_same_report(scanned(source, load_rulebook(), options), report)


def test_the_cli_scans_sql_server() -> None:
    from robustness import invoke

    url = _needed("FLYTCHECK_TEST_MSSQL_URL")
    run = invoke("scan", url, "--accept-synthetic", "--cutover", "2027-05-22", "--format", "json", "--quiet")
    assert run.code == 1, run.stderr
    assert run.exception is None
