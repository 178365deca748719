"""SQL Server without a SQL Server: the driver choice, and doctor and scan against ports that are not SQL Server.

What runs here: unixODBC with drivers registered under Microsoft's names (an odbcinst.ini of our own through
ODBCSYSINI, each name backed by FreeTDS, Debian's `tdsodbc`), so the real driver manager lists them and the real
driver connects; FreeTDS against a closed port and against a local TCP listener that is not SQL Server. What cannot
run here: a login, a permission, a snapshot setting or a row count of a real SQL Server; doctor's T-SQL for those is
checked as SQL (only SELECTs, SQL Server 2012's functions: here and in tests/test_tsql_2012.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from flytcheck.doctor import mssql as doctor_mssql
from flytcheck.sources import odbc
from test_doctor import closed_port, listener
from test_mssql_errors import require_freetds

FLYTCHECK = Path(sys.executable).with_name("flytcheck")
SECRET = "Hemmelig-1"  # noqa: S105 - a password that must never be printed
LEGACY = odbc.LEGACY_DRIVER
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="unixODBC's ODBCSYSINI (Windows has its own manager)")


def registered(tmp_path: Path, names: Sequence[str]) -> dict[str, str]:
    """An environment whose unixODBC knows exactly these driver names, each one FreeTDS underneath."""
    require_freetds()
    folder = tmp_path / "odbc"
    folder.mkdir(exist_ok=True)
    (folder / "odbcinst.ini").write_text(
        "".join(f"[{name}]\nDescription=FreeTDS under another name\nDriver=libtdsodbc.so\n\n" for name in names),
        encoding="utf-8",
    )
    (folder / "odbc.ini").write_text("", encoding="utf-8")
    return {**os.environ, "ODBCSYSINI": str(folder), "ODBCINI": str(folder / "odbc.ini")}


def flytcheck(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, str, float]:
    start = time.monotonic()
    english = {**(os.environ if env is None else env), "FLYTCHECK_LANG": "en"}  # these tests read English words
    result = subprocess.run([str(FLYTCHECK), *args], capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL, env=english)
    output = result.stdout + result.stderr
    assert SECRET not in output, output
    assert "Traceback" not in output, output
    return result.returncode, output, time.monotonic() - start


# --- the driver a connection without one gets ------------------------------------------------------------------------


def test_the_best_driver_installed_is_chosen_in_the_documented_order() -> None:
    preference = odbc.DRIVER_PREFERENCE
    assert preference == (
        "ODBC Driver 18 for SQL Server", "ODBC Driver 17 for SQL Server", "ODBC Driver 13 for SQL Server",
        "SQL Server Native Client 11.0", "SQL Server", "FreeTDS",
    )
    others = ["PostgreSQL Unicode", "MySQL ODBC 8.0 Driver"]
    for index, best in enumerate(preference):
        installed = [*others, *reversed(preference[index:])]
        assert odbc.choose(installed) == best
        assert odbc.choose([name.lower() for name in installed]) == best.lower()  # as the manager spells it
    assert odbc.choose(others) is None


def test_connection_strings_are_read_as_odbc_reads_them() -> None:
    keys = odbc.parse("Driver={ODBC Driver 18 for SQL Server};Server=tcp:sql01,1433;PWD={a;b}}c};UID=u")
    assert keys == {"driver": "ODBC Driver 18 for SQL Server", "server": "tcp:sql01,1433", "pwd": "a;b}c", "uid": "u"}
    assert odbc.server_of(keys) == odbc.Server("sql01", 1433)
    assert odbc.server_of(odbc.parse("SERVER=sql01\\FAMILIA")) == odbc.Server("sql01", None, "FAMILIA")
    assert odbc.server_of(odbc.parse("SERVER=(local)")) == odbc.Server("127.0.0.1")
    assert odbc.server_of(odbc.parse("SERVER=10.0.0.5;PORT=1500")) == odbc.Server("10.0.0.5", 1500)
    chosen = odbc.with_driver("SERVER=sql01;UID=u", "ODBC Driver 17 for SQL Server")
    assert chosen == "DRIVER={ODBC Driver 17 for SQL Server};SERVER=sql01;UID=u"
    assert odbc.named_driver(chosen) == "ODBC Driver 17 for SQL Server"
    assert odbc.names_dsn("DSN=Familia;UID=u") and not odbc.names_dsn("SERVER=x")


ODBC_WITHOUT_DRIVER = f"SERVER=127.0.0.1,{{port}};DATABASE=Familia;UID=u;PWD={SECRET};TDS_Version=7.4"


@pytest.mark.parametrize("form", ["odbc", "url"])
def test_a_connection_without_a_driver_gets_the_best_installed_and_says_which(form: str, tmp_path: Path) -> None:
    env = registered(tmp_path, [LEGACY, "FreeTDS", "ODBC Driver 17 for SQL Server"])
    port = closed_port()
    source = (["--odbc", ODBC_WITHOUT_DRIVER.format(port=port)] if form == "odbc"
              else [f"mssql+pyodbc://u:{SECRET}@127.0.0.1:{port}/Familia?TDS_Version=7.4"])
    code, output, _ = flytcheck("doctor", *source, "--lang", "en", "--timeout", "2", env=env)
    assert code == 2, output
    assert '✓ Driver: pyodbc 5' in output and 'with unixODBC' in output
    assert 'uses "ODBC Driver 17 for SQL Server" (no DRIVER= given: the best installed)' in output
    assert f"installed ODBC drivers: {LEGACY}, FreeTDS, ODBC Driver 17 for SQL Server" in output
    code, output, _ = flytcheck("scan", *source, "--quiet", "--timeout", "2", env=env)
    assert code == 2, output
    assert "DRIVER={ODBC Driver 17 for SQL Server}" in output or "driver=ODBC+Driver+17+for+SQL+Server" in output


def test_the_legacy_driver_is_used_with_a_warning_saying_what_it_lacks(tmp_path: Path) -> None:
    env = registered(tmp_path, [LEGACY])
    code, output, _ = flytcheck("doctor", "--odbc", ODBC_WITHOUT_DRIVER.format(port=closed_port()), "--lang", "en",
                                "--timeout", "2", env=env)
    assert code == 2, output  # the connection fails (nothing listens); the driver line is the warning
    assert '! Driver: pyodbc 5' in output and f'uses "{LEGACY}"' in output
    for lacks in ("ApplicationIntent=ReadOnly", "datetime2", "TLS 1.2", "ODBC Driver 18 for SQL Server"):
        assert lacks in output, lacks


def test_no_sql_server_driver_at_all_stops_with_the_install_hint(tmp_path: Path) -> None:
    env = registered(tmp_path, ["PostgreSQL Unicode"])
    code, output, _ = flytcheck("scan", "--odbc", ODBC_WITHOUT_DRIVER.format(port=1), "--quiet", env=env)
    assert code == 2 and "no ODBC driver is named, and no SQL Server driver is installed" in output, output
    assert "msodbcsql18" in output
    code, output, _ = flytcheck("doctor", "--odbc", ODBC_WITHOUT_DRIVER.format(port=1), "--lang", "en", env=env)
    assert code == 2 and "✗ Driver: no SQL Server ODBC driver is installed" in output
    assert "– Connection: not checked: the driver is missing" in output


def test_a_named_driver_that_is_missing_is_named_with_the_installed_ones(tmp_path: Path) -> None:
    env = registered(tmp_path, ["FreeTDS"])
    source = "DRIVER={ODBC Driver 18 for SQL Server};" + ODBC_WITHOUT_DRIVER.format(port=1)
    code, output, _ = flytcheck("doctor", "--odbc", source, "--lang", "en", env=env)
    assert code == 2 and '✗ Driver: the ODBC driver "ODBC Driver 18 for SQL Server" is not installed' in output
    assert "installed ODBC drivers: FreeTDS" in output and "leave DRIVER= out" in output


# --- a port that is not SQL Server -----------------------------------------------------------------------------------


def test_a_closed_port_gets_the_fix_from_doctor_and_scan() -> None:
    require_freetds()
    port = closed_port()
    source = f"DRIVER={{FreeTDS}};SERVER=127.0.0.1;PORT={port};DATABASE=Familia;UID=u;PWD={SECRET};TDS_Version=7.4"
    code, output, seconds = flytcheck("doctor", "--odbc", source, "--lang", "en", "--timeout", "2")
    assert code == 2 and seconds < 30, output
    assert f"✗ Connection: nothing listens on 127.0.0.1:{port} (connection refused)" in output
    assert "Fix: check SERVER=: a default instance listens on TCP port 1433" in output
    assert "SQL Server Browser on UDP 1434" in output and "host,port" in output
    assert "PWD=***" in output
    code, output, _ = flytcheck("scan", "--odbc", source, "--quiet", "--timeout", "2")
    assert code == 2 and "cannot connect to mssql+pyodbc" in output
    assert "Fix: check SERVER=: a default instance listens on TCP port 1433" in output


def test_a_listener_that_is_not_sql_server_gets_the_fix_from_doctor_and_scan() -> None:
    require_freetds()
    with listener(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n") as port:
        source = f"mssql+pyodbc://u:{SECRET}@127.0.0.1:{port}/Familia?driver=FreeTDS&TDS_Version=7.4"
        code, output, seconds = flytcheck("doctor", source, "--lang", "en", "--timeout", "2")
        assert code == 2 and seconds < 30, output
        assert (f"✗ Connection: 127.0.0.1:{port} accepts connections but does not answer as SQL Server: the port "
                "belongs to another service (SQL Server's default port is 1433)") in output
        assert "nothing at 127.0.0.1," in output  # the table's own line, kept below
        code, output, _ = flytcheck("scan", source, "--quiet", "--timeout", "2")
    assert code == 2 and f"nothing at 127.0.0.1,{port} answered as SQL Server. Fix: check SERVER=" in output, output


# --- what doctor would send a SQL Server -----------------------------------------------------------------------------


def doctor_queries() -> list[str]:
    pairs = [("FA_KLIENT", "KLI_LOEPENR"), ("FA_KLIENT", "SBH_INITIALER"), ("FA_JOURNAL", "JOU_LOEPENR")]
    return [
        doctor_mssql.SERVER_QUERY, doctor_mssql.ROLES_QUERY,
        doctor_mssql.column_permissions_query("dbo", pairs), doctor_mssql.column_permissions_query(None, pairs),
        doctor_mssql.write_permissions_query("dbo", ["FA_KLIENT", "FA_JOURNAL"]),
        doctor_mssql.row_counts_query("dbo"), doctor_mssql.row_counts_query("O'Brien"),
    ]


@pytest.mark.parametrize("index", range(len(doctor_queries())))
def test_every_query_doctor_sends_a_sql_server_is_one_select(index: int) -> None:
    sql = doctor_queries()[index]
    statements = [s for s in sqlglot.parse(sql, read="tsql") if s is not None]
    assert len(statements) == 1 and isinstance(statements[0], exp.Select), sql
    writes = (exp.Insert, exp.Update, exp.Delete, exp.Drop, exp.Create, exp.Alter, exp.Merge, exp.Command,
              exp.Into, exp.Set, exp.Transaction, exp.Grant, exp.Execute, exp.Lock, exp.WithTableHint)
    assert not [n for n in statements[0].walk() if isinstance(n, writes)], sql
    assert "O''Brien" in sql or "O'Brien" not in sql  # a name is a literal, quoted


def test_sql_server_releases_are_named() -> None:
    assert doctor_mssql.release("11.0.7001.0") == ("SQL Server 2012", 11)
    assert doctor_mssql.release("15.0.4345.5") == ("SQL Server 2019", 15)
    assert doctor_mssql.release("10.50.6000.34") == ("SQL Server 2008", 10)


def test_a_silent_port_fails_within_the_timeout() -> None:
    require_freetds()
    with listener(None) as port:
        source = f"DRIVER={{FreeTDS}};SERVER=127.0.0.1,{port};DATABASE=Familia;UID=u;PWD={SECRET};TDS_Version=7.4"
        code, output, seconds = flytcheck("doctor", "--odbc", source, "--lang", "en", "--timeout", "2")
    assert code == 2 and seconds < 15, (seconds, output)
    assert f"✗ Connection: 127.0.0.1:{port} accepts connections but does not answer as SQL Server" in output
    assert "Timeout expired" in output  # the driver's own line, kept below


def test_without_unixodbc_the_driver_line_says_what_to_install() -> None:
    code = "import sys; sys.modules['pyodbc'] = None; from flytcheck.cli import main; main()"
    source = f"DRIVER={{ODBC Driver 18 for SQL Server}};SERVER=sql01;UID=u;PWD={SECRET}"
    result = subprocess.run([sys.executable, "-c", code, "doctor", "--odbc", source, "--lang", "en"],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    output = result.stdout + result.stderr
    assert result.returncode == 2 and SECRET not in output, output
    assert "✗ Driver: pyodbc cannot load unixODBC" in output
    assert "Fix: Install unixODBC and Microsoft's ODBC driver" in output and "msodbcsql18" in output
