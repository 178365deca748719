"""The first two checks: the driver a source needs is there (and which one is used), and why a connection failed.

For SQL Server: pyodbc loads the ODBC driver manager (unixODBC, or Windows' own), the drivers installed, and the one
the connection uses (named, from a DSN, or the best installed: sources/odbc.py). A failed connection is explained
by the error table (sources/driver_errors.py) and, when the network is the question, by following the path to the
server (doctor/network.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from flytcheck.doctor import network
from flytcheck.doctor.model import Check, Status, Target, Text, same
from flytcheck.errors import SourceError
from flytcheck.sources import odbc
from flytcheck.sources.urls import is_postgres_url

_INSTALL_NB = (
    "Installer unixODBC og Microsofts ODBC-driver: Debian/Ubuntu `apt-get install unixodbc msodbcsql18`, RHEL "
    "`dnf install unixODBC msodbcsql18` (begge fra Microsofts pakkebrønn); på Windows installeres «ODBC Driver 18 for "
    "SQL Server»."
)
_NETWORK_CASES = frozenset({"mssql-timeout", "mssql-unreachable", "mssql-instance"})
_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")
_OPTION_PASSWORD = re.compile(r"(?i)\b(PWD|Password)\s*=\s*(?:\{(?:[^}]|\}\})*\}?|[^;&]*)")


def safe(description: str) -> str:
    """A source as given, with any password shown as ***."""
    return _OPTION_PASSWORD.sub(r"\1=***", _URL_PASSWORD.sub(r"\1***@", description))


def kind_of(source: str | None, demo: bool, odbc_string: str | None) -> str:
    """`csv`, `postgresql`, `mssql`, `sqlite`, or `other` (a URL of a database flytcheck does not read)."""
    if demo or (source and "://" not in source and Path(source).is_dir()):
        return "csv"
    if source and is_postgres_url(source):
        return "postgresql"
    if odbc_string:
        return "mssql"
    if source and "://" in source:
        scheme = source.partition("://")[0].lower()
        return "mssql" if scheme.startswith("mssql") else "sqlite" if scheme.startswith("sqlite") else "other"
    return "sqlite"


def _url_options(source: str) -> dict[str, str]:
    return {k.lower(): v for k, v in parse_qsl(urlsplit(source).query, keep_blank_values=True)}


def _connection_string(source: str | None, odbc_string: str | None) -> str | None:
    """The ODBC connection string a SQL Server source carries (--odbc, or a URL's odbc_connect)."""
    if odbc_string:
        return odbc_string
    return _url_options(source).get("odbc_connect") if source else None


def check(target: Target) -> Check:
    """The driver check for a source."""
    source, odbc_string = target.source, target.odbc
    kind = kind_of(source, target.demo, odbc_string)
    if kind == "mssql":
        return _sql_server(source, odbc_string)
    if kind == "postgresql":
        import psycopg

        libpq = psycopg.pq.version()
        return Check("driver", Status.OK, same(
            f"psycopg {psycopg.__version__} (libpq {libpq // 10000}.{libpq % 10000})"
        ))
    if kind == "other":
        scheme = str(source).partition("://")[0]
        return Check("driver", Status.FAILED, same(f"unsupported database type {scheme!r}"), (
            "bruk en SQLite-fil, en CSV-mappe, postgresql+psycopg:// eller mssql+pyodbc://",
            "use a SQLite file, a CSV folder, postgresql+psycopg:// or mssql+pyodbc://",
        ))
    if kind == "csv":
        return Check("driver", Status.OK, (
            "Pythons csv-modul (ingen databasedriver trengs)", "Python's csv module (no database driver needed)",
        ))
    import sqlite3

    return Check("driver", Status.OK, (
        f"sqlite3 (SQLite {sqlite3.sqlite_version}; ingen ODBC-driver trengs)",
        f"sqlite3 (SQLite {sqlite3.sqlite_version}; no ODBC driver needed)",
    ))


def _sql_server(source: str | None, odbc_string: str | None) -> Check:
    from flytcheck.sources.databases import UNIXODBC_HINT, load_pyodbc

    try:
        pyodbc = load_pyodbc()
    except SourceError as error:
        return Check("driver", Status.FAILED, same(error.message), (_INSTALL_NB, UNIXODBC_HINT))
    installed = list(pyodbc.drivers())
    listed: Text = (
        f"installerte ODBC-drivere: {', '.join(installed) or 'ingen'}",
        f"installed ODBC drivers: {', '.join(installed) or 'none'}",
    )
    windows = sys.platform == "win32"
    loaded = (
        f"pyodbc {pyodbc.version} med {'Windows’ ODBC-driverbehandler' if windows else 'unixODBC'}",
        f"pyodbc {pyodbc.version} with {'the Windows ODBC driver manager' if windows else 'unixODBC'}",
    )
    text = _connection_string(source, odbc_string)
    named = odbc.named_driver(text) if text else (_url_options(source).get("driver") if source else None)
    dsn = bool(text and odbc.names_dsn(text))
    if not named and not text and source:
        host = urlsplit(source).hostname
        dsn = bool(host and host in pyodbc.dataSources())
    if named:
        if named.lower() not in {d.lower() for d in installed}:
            return Check("driver", Status.FAILED, (
                f"ODBC-driveren «{named}» er ikke installert", f"the ODBC driver \"{named}\" is not installed",
            ), (
                f"installer «{odbc.DRIVER_PREFERENCE[0]}» fra Microsoft, eller utelat DRIVER= så velger flytcheck "
                "den beste som er installert",
                f"install Microsoft's \"{odbc.DRIVER_PREFERENCE[0]}\", or leave DRIVER= out and flytcheck picks the "
                "best one installed",
            ), (listed,))
        used, how = named, ("oppgitt i tilkoblingen", "named in the connection")
    elif dsn:
        return Check("driver", Status.OK, (
            f"{loaded[0]}; datakilden (DSN) bestemmer driveren", f"{loaded[1]}; the data source (DSN) names the driver",
        ), details=(listed,))
    else:
        chosen = odbc.choose(installed)
        if chosen is None:
            return Check("driver", Status.FAILED, (
                "ingen SQL Server-driver er installert", "no SQL Server ODBC driver is installed",
            ), (_INSTALL_NB, UNIXODBC_HINT), (listed,))
        used = chosen
        how = ("ingen DRIVER= oppgitt: den beste som er installert", "no DRIVER= given: the best installed")
    details: list[Text] = [listed]
    if used.lower() == odbc.DRIVER_PREFERENCE[0].lower() and not re.search(
        r"(?i)TrustServerCertificate|Encrypt\s*=", text or source or ""
    ):
        details.append((
            "ODBC Driver 18 krypterer og sjekker serverens sertifikat som standard (Encrypt=yes)",
            "ODBC Driver 18 encrypts and checks the server's certificate by default (Encrypt=yes)",
        ))
    summary: Text = (f"{loaded[0]}; bruker «{used}» ({how[0]})", f"{loaded[1]}; uses \"{used}\" ({how[1]})")
    if used.lower() == odbc.LEGACY_DRIVER.lower():
        return Check("driver", Status.WARNING, summary, odbc.LEGACY_LACKS, tuple(details))
    return Check("driver", Status.OK, summary, details=tuple(details))


def connection_failed(error: SourceError, target: Target, timeout: float) -> Check:
    """The connection check of a source that did not open: the known case's problem and fix, and the evidence."""
    source, odbc_string = target.source, target.odbc
    found = error.diagnosis
    details: list[Text] = [same(error.message.splitlines()[0])]
    fix: Text | None
    if found is not None:
        summary, fix = found.problem, found.fix
    else:
        summary = same(error.message.splitlines()[0])
        fix = same(error.hint) if error.hint else None
        details = []
    kind = kind_of(source, target.demo, odbc_string)
    if kind == "mssql" and (found is None or found.case in _NETWORK_CASES):
        server = _server(source, odbc_string)
        if server is not None:
            path = network.probe(server, min(timeout, 5.0))
            if path.answered:
                details.insert(0, path.line)
            else:  # where the path ends says more than the driver's "unable to connect"
                details.insert(0, summary)
                summary = path.line
    return Check("connection", Status.FAILED, summary, fix, tuple(details))


def _server(source: str | None, odbc_string: str | None) -> odbc.Server | None:
    text = _connection_string(source, odbc_string)
    if text:
        return odbc.server_of(odbc.parse(text))
    if not source:
        return None
    parts = urlsplit(source)
    if not parts.netloc:
        return None
    host, _, rest = unquote(parts.netloc.rpartition("@")[2]).partition("\\")
    instance, _, port = rest.partition(":") if rest else ("", "", "")
    if not rest:
        host, _, port = host.partition(":")
    return odbc.Server(host, int(port) if port.isdigit() else None, instance or None)
