"""A scan cannot hang forever: every query has a time limit (600 s unless --statement-timeout says otherwise).

A view named like a Familia table that never ends (a recursive one) hung the scan: SQLite has no statement timeout
of its own, and flytcheck set none unless asked (issue 22, point 14). Now the default applies to every backend
(SQLite through flytcheck's progress handler, PostgreSQL's statement_timeout, SQL Server's ODBC query timeout;
the server cases are in tests/test_mssql_errors.py), and the message says it was the time limit.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from flytcheck.settings import DEFAULT_STATEMENT_TIMEOUT, build_options
from flytcheck.sources.open import open_source
from robustness import Sandbox, assert_refused, familia_csv, familia_sqlite, invoke, sandbox, scan_args, write_folder
from test_reports_fixtures import familia_rows

__all__ = ["sandbox"]


def test_every_scan_has_a_statement_time_limit_by_default() -> None:
    assert build_options({}, None).statement_timeout == DEFAULT_STATEMENT_TIMEOUT == 600
    assert build_options({"statement_timeout": 30}, None).statement_timeout == 30
    assert build_options({"statement_timeout": 30}, None, statement_timeout=5.0).statement_timeout == 5


def _never_ending(path: Path) -> Path:
    """FA_EIER as a recursive view that never ends (every other table as usual)."""
    familia_sqlite(path, familia_rows())
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE FA_EIER RENAME TO FA_EIER_DATA")
        connection.execute(
            "CREATE VIEW FA_EIER AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT e.KOM_KOMMUNENR, e.ARK_AKTIVERT, e.ARK_FRADATO FROM FA_EIER_DATA e CROSS JOIN n"
        )
    connection.close()
    return path


def test_a_view_that_never_ends_stops_the_scan_at_the_time_limit(sandbox: Sandbox) -> None:
    database = _never_ending(sandbox.source / "copy.sqlite")
    started = time.monotonic()
    run = invoke(*scan_args(str(database), "--statement-timeout", "1", *sandbox.outputs()))
    first = assert_refused(run, "statement time limit of 1 s", "--statement-timeout")
    assert "interrupted" in first and time.monotonic() - started < 30
    assert sandbox.leftovers() == []


def test_the_limit_reaches_every_sqlite_source(sandbox: Sandbox) -> None:
    """The copy of a CSV folder is queried with the same limit as a SQLite file (both through SqliteSource)."""
    folder = write_folder(sandbox.source / "export", familia_csv(familia_rows()))
    with open_source(str(folder), statement_timeout=7.0) as source:
        assert source.statement_timeout == 7.0  # type: ignore[attr-defined]
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    with open_source(str(database), statement_timeout=7.0) as source:
        assert source._statement_timeout == 7.0  # type: ignore[attr-defined]
