"""ODBC connection strings for SQL Server: their keys, the server they name, and the driver they use.

A connection string or `mssql+pyodbc` URL that names no driver gets the best SQL Server driver installed, in the
order of DRIVER_PREFERENCE, and the choice is reported (never a silent guess). The legacy "SQL Server" driver that
comes with Windows works, but lacks what the scan relies on; `LEGACY_LACKS` says what, so the user can install a
better one. Nothing here imports pyodbc: the installed drivers are passed in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DRIVER_PREFERENCE = (
    "ODBC Driver 18 for SQL Server",
    "ODBC Driver 17 for SQL Server",
    "ODBC Driver 13 for SQL Server",
    "SQL Server Native Client 11.0",
    "SQL Server",
    "FreeTDS",
)
"""Microsoft's current drivers first, then the older ones, then Windows' own, then FreeTDS (Linux, macOS)."""

LEGACY_DRIVER = "SQL Server"
LEGACY_LACKS = (
    "«SQL Server»-driveren som følger med Windows er fra SQL Server 2000-tiden: den kan ikke be om en skrivebeskyttet "
    "tilkobling (ApplicationIntent=ReadOnly), leser date-, time- og datetime2-kolonner som tekst, og krypterer med "
    "TLS 1.2 bare på oppdatert Windows. Installer «ODBC Driver 18 for SQL Server» fra Microsoft",
    "the \"SQL Server\" driver that comes with Windows dates from SQL Server 2000: it cannot ask for a read-only "
    "connection (ApplicationIntent=ReadOnly), reads date, time and datetime2 columns as text, and encrypts with "
    "TLS 1.2 only on an updated Windows. Install Microsoft's \"ODBC Driver 18 for SQL Server\"",
)
"""(bokmål, English): what the legacy driver lacks, said whenever it is the one used."""

_PAIR = re.compile(r"\s*([^=;]+?)\s*=\s*(\{(?:[^}]|\}\})*\}?|[^;]*)\s*(?:;|$)")
"""KEY=value or KEY={value; with }} as a literal brace}; keys are case-insensitive."""


def parse(connection_string: str) -> dict[str, str]:
    """The keys (lower case) and values of an ODBC connection string; a {braced} value loses its braces."""
    pairs: dict[str, str] = {}
    for match in _PAIR.finditer(connection_string):
        key, value = match.group(1).strip().lower(), match.group(2).strip()
        if value.startswith("{"):
            value = value[1:-1] if value.endswith("}") else value[1:]
            value = value.replace("}}", "}")
        if key:
            pairs.setdefault(key, value)
    return pairs


def named_driver(connection_string: str) -> str | None:
    """The DRIVER= of a connection string, or None."""
    return parse(connection_string).get("driver") or None


def names_dsn(connection_string: str) -> bool:
    """Whether the string names a data source (DSN= or FILEDSN=), whose definition names the driver."""
    keys = parse(connection_string)
    return bool(keys.get("dsn") or keys.get("filedsn"))


def choose(installed: Sequence[str]) -> str | None:
    """The best SQL Server driver among the installed ones (DRIVER_PREFERENCE), or None."""
    by_name = {name.lower(): name for name in installed}
    for wanted in DRIVER_PREFERENCE:
        if wanted.lower() in by_name:
            return by_name[wanted.lower()]
    return None


def with_driver(connection_string: str, driver: str) -> str:
    """The string with DRIVER={driver} in front."""
    braced = "{" + driver.replace("}", "}}") + "}"
    return f"DRIVER={braced};{connection_string.strip().lstrip(';')}"


def chosen_note(driver: str) -> tuple[str, str]:
    """(bokmål, English): the report of a driver flytcheck picked because none was named."""
    return (
        f"ingen ODBC-driver oppgitt: bruker «{driver}», den beste som er installert",
        f"no ODBC driver named: using \"{driver}\", the best one installed",
    )


@dataclass(frozen=True)
class Server:
    """Where a SERVER= value points: host, TCP port (when given) and instance name (when named)."""

    host: str
    port: int | None = None
    instance: str | None = None

    def __str__(self) -> str:
        if self.port is not None:
            return f"{self.host},{self.port}"
        return f"{self.host}\\{self.instance}" if self.instance else self.host


_LOCAL = {".", "(local)", "(localdb)", "localhost"}


def server_of(keys: dict[str, str]) -> Server | None:
    """The server of a parsed connection string: `tcp:host,port`, `host\\INSTANCE`, `host,port`, FreeTDS' PORT=."""
    text = keys.get("server") or keys.get("address") or keys.get("addr") or ""
    text = re.sub(r"(?i)^(tcp|np|lpc|admin):", "", text.strip())
    if not text:
        return None
    port: int | None = None
    host, comma, rest = text.partition(",")
    if comma and rest.strip().isdigit():
        port = int(rest.strip())
    host, backslash, instance = host.partition("\\")
    if port is None and (keys.get("port") or "").strip().isdigit():
        port = int(keys["port"].strip())
    host = host.strip()
    if host.lower() in _LOCAL:
        host = "127.0.0.1"
    return Server(host, port, (instance.strip() or None) if backslash else None)
