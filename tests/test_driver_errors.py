"""The table of driver errors (sources/driver_errors.py): each documented message gives its one line with the fix.

The messages are worded as their vendors document them, with invented names in the placeholders, and framed as the
drivers frame them (pyodbc: `[SQLSTATE] [vendor][driver][SQL Server]text (native) (SQLDriverConnect)`):

- SQL Server's message texts from Microsoft's "Database Engine events and errors" pages
  (https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors-0-to-999
  for 229 and 230, "…-4000-to-4999" for 4060, mssqlserver-18456-database-engine-error for 18456 and its
  "Login failed for user '<domain>\\<username>'" form for Windows logins, and 18452); the named-instance error as the
  SQL Server protocols team documents it ("SQL Network Interfaces, error: 26 - Error Locating Server/Instance
  Specified"); the network error of "A network-related or instance-specific error occurred…" (mssqlserver-1);
  ODBC Driver 18's certificate errors as it reports them on Linux (OpenSSL's "certificate verify failed:self-signed
  certificate") and on Windows ("The certificate chain was issued by an authority that is not trusted").
- PostgreSQL's from its documentation, "Client Authentication Problems"
  (https://www.postgresql.org/docs/current/client-authentication-problems.html) for pg_hba.conf, the password and
  the missing database, the server's "no pg_hba.conf entry … no encryption" form for a hostssl-only entry, libpq's
  "server does not support SSL, but SSL was required", and SQLSTATE 42501 (insufficient_privilege, Appendix A)
  with the server's "permission denied for table …".

The live side (a real server's error through the real driver) is in tests/test_doctor_postgres.py and
tests/test_doctor_freetds.py.
"""

from __future__ import annotations

import pytest

from flytcheck.sources.driver_errors import CASES, Situation, diagnose, driver_records, mssql_records


def pyodbc_message(sqlstate: str, text: str, native: int, driver: str = "ODBC Driver 18 for SQL Server",
                   server: bool = True, function: str = "SQLDriverConnect") -> str:
    """A diagnostic record as pyodbc puts it in the exception's message."""
    origin = f"[Microsoft][{driver}]" + ("[SQL Server]" if server else "")
    return f"[{sqlstate}] {origin}{text} ({native}) ({function})"


class PyodbcError(Exception):
    """pyodbc's exceptions carry (SQLSTATE, message): the shape driver_records reads (no database is involved)."""


SITUATION = Situation(server="sql01", database="Familia", login="flytcheck_reader", grantee="flytcheck_reader",
                      schema="dbo", columns={"FA_KLIENT": ["KLI_LOEPENR", "SBH_INITIALER"]})
SECRET = "Hemmelig-passord-1"  # noqa: S105 - the password the lines must never show

MSSQL: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    # name: (SQLSTATE, message, expected case, what the line must say)
    "certificate-linux": (
        "08001",
        pyodbc_message("08001", "SSL Provider: [error:0A000086:SSL routines::certificate verify failed:self-signed "
                       "certificate]", -1, server=False)
        + "; " + pyodbc_message("08001", "Client unable to establish connection", -1, server=False, function="x"),
        "mssql-certificate-untrusted", ("TrustServerCertificate=yes", "install the server's certificate"),
    ),
    "certificate-windows": (
        "08001",
        pyodbc_message("08001", "SSL Provider: The certificate chain was issued by an authority that is not "
                       "trusted.\r\n", -2146893019, server=False),
        "mssql-certificate-untrusted", ("TrustServerCertificate=yes", "Driver 18"),
    ),
    "certificate-name": (
        "08001",
        pyodbc_message("08001", "SSL Provider: The target principal name is incorrect.", -2146893022, server=False),
        "mssql-certificate-name", ("HostNameInCertificate", "sql01"),
    ),
    "login-sql": (
        "28000", pyodbc_message("28000", "Login failed for user 'flytcheck_reader'.", 18456),
        "mssql-login-sql", ("flytcheck_reader", "Trusted_Connection=yes", "Windows Authentication mode", "UID="),
    ),
    "login-windows": (
        "28000", pyodbc_message("28000", "Login failed for user 'KOMMUNE\\kari'.", 18456),
        "mssql-login-windows", ("KOMMUNE\\kari", "CREATE LOGIN [KOMMUNE\\kari] FROM WINDOWS", "UID=…;PWD=…"),
    ),
    "login-nameless": (
        "28000", pyodbc_message("28000", "Login failed for user ''.", 18456),
        "mssql-login-nameless", ("UID=…;PWD=…", "Kerberos"),
    ),
    "login-anonymous": (  # Windows authentication that reached the server without the user (a second hop)
        "28000", pyodbc_message("28000", "Login failed for user 'NT AUTHORITY\\ANONYMOUS LOGON'.", 18456),
        "mssql-login-nameless", ("UID=…;PWD=…",),
    ),
    "login-norwegian-server": (  # the login's language decides the wording; the native error still decides
        "28000", pyodbc_message("28000", "Pålogging mislyktes for bruker 'flytcheck_reader'.", 18456),
        "mssql-login-sql", ("Trusted_Connection=yes",),
    ),
    "login-untrusted-domain": (
        "28000",
        pyodbc_message("28000", "Login failed. The login is from an untrusted domain and cannot be used with "
                       "Integrated authentication.", 18452),
        "mssql-untrusted-domain", ("domain", "UID=…;PWD=…"),
    ),
    "database-4060": (
        "42000",
        pyodbc_message("42000", 'Cannot open database "Familia" requested by the login. The login failed.', 4060)
        + "; " + pyodbc_message("28000", "Login failed for user 'flytcheck_reader'.", 18456),
        "mssql-database", ('"Familia"', "DATABASE=", "CREATE USER [flytcheck_reader] FOR LOGIN [flytcheck_reader]"),
    ),
    "select-denied-229": (
        "42000",
        pyodbc_message("42000", "The SELECT permission was denied on the object 'FA_KLIENT', database 'Familia', "
                       "schema 'dbo'.", 229, function="SQLExecDirectW"),
        "mssql-select-denied-table",
        ("FA_KLIENT", "GRANT SELECT ([KLI_LOEPENR], [SBH_INITIALER]) ON [dbo].[FA_KLIENT] TO [flytcheck_reader];"),
    ),
    "select-denied-230": (  # the documented text has a stray double quote after the object's name
        "42000",
        pyodbc_message("42000", "The SELECT permission was denied on the column 'SBH_INITIALER' of the object "
                       "'FA_KLIENT\", database 'Familia', schema 'dbo'.", 230, function="SQLExecDirectW"),
        "mssql-select-denied-column",
        ("FA_KLIENT.SBH_INITIALER", "GRANT SELECT ([SBH_INITIALER]) ON [dbo].[FA_KLIENT] TO [flytcheck_reader];"),
    ),
    "instance-not-found": (
        "08001",
        pyodbc_message("08001", "SQL Server Network Interfaces: Error Locating Server/Instance Specified "
                       "[xFFFFFFFF]. ", -1, driver="ODBC Driver 17 for SQL Server", server=False),
        "mssql-instance", ("SERVER=host,port", "SQL Server Browser", "UDP 1434"),
    ),
    "network-related": (
        "08001",
        pyodbc_message("08001", "A network-related or instance-specific error has occurred while establishing a "
                       "connection to SQL Server. Server is not found or not accessible. Check if instance name is "
                       "correct and if SQL Server is configured to allow remote connections.", 10060, server=False),
        "mssql-unreachable", ("1433", "host,port", "SQL Server Browser"),
    ),
    "tcp-provider": (
        "08001", pyodbc_message("08001", "TCP Provider: Error code 0x2749", 10057, server=False),
        "mssql-unreachable", ("1433", "host,port"),
    ),
    "login-timeout": (
        "HYT00", pyodbc_message("HYT00", "Login timeout expired", 0, server=False),
        "mssql-timeout", ("--timeout", "1433", "UDP 1434"),
    ),
    "freetds-refused": (
        "08S01", "[08S01] [FreeTDS][SQL Server]Unable to connect: Adaptive Server is unavailable or does not exist "
        "(20009) (SQLDriverConnect)",
        "mssql-unreachable", ("1433",),
    ),
    "driver-manager": (
        "01000", "[01000] [unixODBC][Driver Manager]Can't open lib 'ODBC Driver 18 for SQL Server' : file not found "
        "(0) (SQLDriverConnect)",
        "mssql-driver-missing", ("ODBC Driver 18 for SQL Server", "DRIVER="),
    ),
}

POSTGRES: dict[str, tuple[str | None, str, str, tuple[str, ...]]] = {
    "pg-hba": (
        None, 'FATAL:  no pg_hba.conf entry for host "123.123.123.123", user "andym", database "testdb"',
        "postgres-hba", ("pg_hba.conf", "hostssl testdb andym 123.123.123.123/32", "pg_reload_conf"),
    ),
    "pg-hba-ssl-required": (
        None, 'FATAL:  no pg_hba.conf entry for host "10.0.0.7", user "flytcheck", database "familia", no encryption',
        "postgres-ssl-required", ("sslmode=require", "flytcheck"),
    ),
    "pg-hba-ssl-off": (  # PostgreSQL before 14 says "SSL off"
        None, 'FATAL:  no pg_hba.conf entry for host "10.0.0.7", user "flytcheck", database "familia", SSL off',
        "postgres-ssl-required", ("sslmode=require",),
    ),
    "pg-password": (
        None, 'FATAL:  password authentication failed for user "andym"',
        "postgres-password", ("andym", "percent-encoded", "pgpass"),
    ),
    "pg-ssl-unsupported": (
        None, 'connection to server at "10.0.0.7", port 5432 failed: server does not support SSL, but SSL was required',
        "postgres-ssl-unsupported", ("sslmode", "ssl = on"),
    ),
    "pg-no-database": (
        None, 'FATAL:  database "testdb" does not exist', "postgres-database", ('"testdb"', "URL"),
    ),
    "pg-no-role": (
        None, 'FATAL:  role "andym" does not exist', "postgres-role", ("andym", "CREATE ROLE andym LOGIN"),
    ),
    "pg-refused": (
        None, 'connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server running on '
        "that host and accepting TCP/IP connections?", "postgres-unreachable", ("5432", "listen_addresses"),
    ),
    "pg-42501-table": (
        "42501", "permission denied for table FA_KLIENT", "postgres-permission",
        ('GRANT SELECT ("KLI_LOEPENR", "SBH_INITIALER") ON "dbo"."FA_KLIENT" TO "flytcheck_reader";',),
    ),
    "pg-42501-schema": (
        "42501", "permission denied for schema familia", "postgres-permission-schema",
        ('GRANT USAGE ON SCHEMA "familia" TO "flytcheck_reader";',),
    ),
}


@pytest.mark.parametrize("name", MSSQL)
def test_sql_server_messages_give_their_fix(name: str) -> None:
    sqlstate, message, case, says = MSSQL[name]
    found = diagnose("mssql", driver_records("mssql", PyodbcError(sqlstate, message)), SITUATION)
    assert found is not None and found.case == case, found
    line = found.line("en")
    for words in says:
        assert words in line, f"{words!r} not in {line!r}"
    assert "\n" not in line and "{" not in line.replace("{…}", "")


class PsycopgError(Exception):
    """psycopg's exceptions carry `sqlstate` (None for a failed connection) and the server's text."""

    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize("name", POSTGRES)
def test_postgres_messages_give_their_fix(name: str) -> None:
    sqlstate, message, case, says = POSTGRES[name]
    found = diagnose("postgresql", driver_records("postgresql", PsycopgError(message, sqlstate)), SITUATION)
    assert found is not None and found.case == case, found
    line = found.line("en")
    for words in says:
        assert words in line, f"{words!r} not in {line!r}"


def test_every_case_of_the_table_is_met_by_a_documented_message() -> None:
    met = {entry[2] for entry in (*MSSQL.values(), *POSTGRES.values())}
    assert {case.id for case in CASES} == met


def test_every_case_says_its_problem_and_fix_in_both_languages() -> None:
    for case in CASES:
        assert case.sqlstates or case.natives or case.wording, f"{case.id} matches everything"
        for pair in (case.problem, case.fix):
            bokmal, english = pair
            assert bokmal.strip() and english.strip() and bokmal != english, case.id


def test_the_lines_never_show_the_password() -> None:
    # A driver that quoted the connection string would carry the password; the line is built from names only, and
    # what remains is scrubbed as every error of flytcheck is.
    message = pyodbc_message("28000", f"Login failed for user 'flytcheck_reader'. PWD={SECRET}", 18456)
    found = diagnose("mssql", mssql_records(message, "28000"), SITUATION)
    assert found is not None
    assert SECRET not in found.line("en") and SECRET not in found.line("nb")
    assert SECRET not in found.without([SECRET]).line("en")


def test_records_are_read_one_by_one_and_an_unknown_error_is_left_alone() -> None:
    records = mssql_records(MSSQL["database-4060"][1], "42000")
    assert [(r.sqlstate, r.native) for r in records] == [("42000", 4060), ("28000", 18456)]
    assert records[0].text.startswith("Cannot open database")  # the [vendor][driver] prefixes are gone
    unknown = pyodbc_message("22003", "Arithmetic overflow error converting expression to data type int.", 8115)
    assert diagnose("mssql", mssql_records(unknown, "22003"), SITUATION) is None


def test_the_bokmal_line_says_losning() -> None:
    found = diagnose("postgresql", driver_records("postgresql", PsycopgError(POSTGRES["pg-password"][1], None)))
    assert found is not None and ". Løsning: " in found.line("nb") and ". Fix: " in found.line("en")
