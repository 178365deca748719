"""What a driver's error means and how to fix it: one table of cases, chosen by SQLSTATE, native error and wording.

SQL Server's ODBC drivers (Microsoft's, FreeTDS) report records `[SQLSTATE] [vendor][driver]text (native error)`;
the SQLSTATE and the native error (18456, 4060, 229, 230, …) decide the case, and the wording only where they do not
(a certificate, a named instance). PostgreSQL's libpq gives a connection error no SQLSTATE in psycopg, so its wording
decides (the server's FATAL lines, as PostgreSQL's documentation gives them); a query error carries its SQLSTATE
(42501). `CASES` is ordered: the first case that matches any record of the error wins.

Every case says the problem and its fix in one line, in bokmål and English, built from names only (server,
database, login, table, column) and from the driver's text after the password was removed: never a password.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flytcheck.sql.grants import grant_schema_usage, grant_select


@dataclass(frozen=True)
class Record:
    """One diagnostic record of a driver error."""

    sqlstate: str | None
    native: int | None
    text: str


@dataclass(frozen=True)
class Situation:
    """What the source knows besides the error: names for the message and the GRANT lines (never a password)."""

    server: str = "?"
    database: str = "?"
    login: str = "?"
    grantee: str | None = None
    """The database user a GRANT goes to (SQL Server's USER_NAME(), PostgreSQL's role)."""
    schema: str | None = None
    columns: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Familia table (upper case) -> the columns the scan reads of it, as the source spells them."""


@dataclass(frozen=True)
class Diagnosis:
    """Which case an error is, and its problem and fix in bokmål and English."""

    case: str
    problem: tuple[str, str]
    fix: tuple[str, str]

    def without(self, secrets: Sequence[str]) -> Diagnosis:
        """The diagnosis with every secret (a password) shown as ***, should a driver have quoted one."""
        def clean(pair: tuple[str, str]) -> tuple[str, str]:
            nb, en = pair
            for secret in secrets:
                nb, en = nb.replace(secret, "***"), en.replace(secret, "***")
            return nb, en

        return Diagnosis(self.case, clean(self.problem), clean(self.fix))

    def line(self, lang: str = "en") -> str:
        """`problem. Fix: fix`, one line."""
        index = 1 if lang == "en" else 0
        return f"{self.problem[index]}. {'Fix' if index else 'Løsning'}: {self.fix[index]}"


@dataclass(frozen=True)
class Case:
    """A row of the table: which records it matches, and what it says (templates with {names})."""

    id: str
    dialect: str
    problem: tuple[str, str]
    fix: tuple[str, str]
    sqlstates: frozenset[str] = frozenset()
    natives: frozenset[int] = frozenset()
    wording: re.Pattern[str] | None = None
    """Words the record must contain (its groups give names too)."""
    names: re.Pattern[str] | None = None
    """Where the names are, when the codes alone decide the case (a server may word its messages in Norwegian)."""

    def match(self, record: Record) -> dict[str, str] | None:
        """The names the record gives this case, or None when it is not this case."""
        if self.sqlstates and record.sqlstate not in self.sqlstates:
            return None
        if self.natives and record.native not in self.natives:
            return None
        found: dict[str, str] = {}
        for pattern, required in ((self.wording, True), (self.names, False)):
            hit = pattern.search(record.text) if pattern is not None else None
            if hit is None and required and pattern is not None:
                return None
            if hit is not None:
                found.update({k: v for k, v in hit.groupdict().items() if v is not None})
        return found


def _w(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.DOTALL)


_SERVER_FIX = (
    "sjekk SERVER=: en standardinstans lytter på TCP-port 1433 (skriv vert,port med komma, f.eks. sql01,1433), en "
    "navngitt instans vert\\INSTANS trenger SQL Server Browser på UDP 1434, ellers oppgi instansens port (vert,port); "
    "en brannmur må slippe porten gjennom",
    "check SERVER=: a default instance listens on TCP port 1433 (write host,port with a comma, e.g. sql01,1433), a "
    "named instance host\\INSTANCE needs SQL Server Browser on UDP 1434, otherwise give the instance's port "
    "(host,port); a firewall must let the port through",
)

CASES: tuple[Case, ...] = (
    # --- SQL Server ------------------------------------------------------------------------------------------------
    Case(
        "mssql-driver-missing", "mssql",
        ("ODBC-driveren som tilkoblingen oppgir, er ikke installert",
         "the ODBC driver the connection names is not installed"),
        ("installer Microsofts «ODBC Driver 18 for SQL Server», eller utelat DRIVER= så velger flytcheck den beste "
         "som er installert",
         "install Microsoft's \"ODBC Driver 18 for SQL Server\", or leave DRIVER= out and flytcheck picks the best "
         "one installed"),
        wording=_w(r"Can't open lib|Data source name not found|no default driver specified"),
    ),
    Case(
        "mssql-certificate-untrusted", "mssql",
        ("serverens TLS-sertifikat er ikke klarert på denne PC-en (ODBC Driver 18 krypterer og sjekker sertifikatet "
         "som standard; en SQL Server i eget nett har ofte et selvsignert)",
         "the server's TLS certificate is not trusted on this PC (ODBC Driver 18 encrypts and checks the certificate "
         "by default; an on-premises SQL Server often has a self-signed one)"),
        ("installer serverens sertifikat (eller CA-en som utstedte det) blant de klarerte rotsertifikatene på PC-en, "
         "eller legg TrustServerCertificate=yes til tilkoblingsstrengen (fortsatt kryptert, men serveren blir ikke "
         "verifisert)",
         "install the server's certificate (or the CA that issued it) among this PC's trusted root certificates, or "
         "add TrustServerCertificate=yes to the connection string (still encrypted, but the server is not "
         "verified)"),
        wording=_w(r"certificate verify failed|certificate chain was issued by an authority that is not trusted"
                   r"|self[- ]signed certificate|unable to get local issuer certificate"),
    ),
    Case(
        "mssql-certificate-name", "mssql",
        ("serverens sertifikat gjelder et annet navn enn {server}",
         "the server's certificate is for another name than {server}"),
        ("skriv navnet som står i sertifikatet (oftest det fulle DNS-navnet) i SERVER=, eller legg "
         "HostNameInCertificate=navn til tilkoblingsstrengen",
         "write the name on the certificate (usually the full DNS name) in SERVER=, or add "
         "HostNameInCertificate=name to the connection string"),
        wording=_w(r"target principal name is incorrect|certificate.*(?:hostname|host name).*(?:mismatch|match)"),
    ),
    Case(
        "mssql-database", "mssql",
        ("innloggingen kom fram til serveren, men kan ikke åpne databasen «{database}»",
         "the login reached the server, but cannot open the database \"{database}\""),
        ("sjekk DATABASE= (navnet SSMS viser under Databases), at databasen er online, og at DBA-en har laget en "
         "bruker for innloggingen i den: USE [{database}]; CREATE USER [{login}] FOR LOGIN [{login}];",
         "check DATABASE= (the name SSMS shows under Databases), that the database is online, and that the DBA "
         "created a user for the login in it: USE [{database}]; CREATE USER [{login}] FOR LOGIN [{login}];"),
        natives=frozenset({4060}),
        names=_w(r"Cannot open database \"(?P<database>[^\"]*)\""),
    ),
    Case(
        "mssql-untrusted-domain", "mssql",
        ("serveren avviste Windows-pålogging fra denne PC-en (en pålogging fra et domene den ikke stoler på)",
         "the server refused Windows authentication from this PC (a login from a domain it does not trust)"),
        ("kjør flytcheck som en domenebruker på en PC i serverens domene (Trusted_Connection=yes), eller bruk en "
         "SQL-innlogging: UID=…;PWD=…",
         "run flytcheck as a domain user on a PC in the server's domain (Trusted_Connection=yes), or use a SQL "
         "login: UID=…;PWD=…"),
        natives=frozenset({18452}),
    ),
    Case(
        "mssql-login-nameless", "mssql",
        ("serveren fikk ingen Windows-bruker den kjenner (Trusted_Connection=yes uten en Kerberos-billett den godtar, "
         "f.eks. på Linux uten kinit, eller via en mellomliggende maskin)",
         "the server got no Windows user it knows (Trusted_Connection=yes without a Kerberos ticket it accepts, e.g. "
         "on Linux without kinit, or through a machine in between)"),
        ("bruk en SQL-innlogging (UID=…;PWD=…), eller kjør flytcheck på en Windows-PC i domenet",
         "use a SQL login (UID=…;PWD=…), or run flytcheck on a Windows PC in the domain"),
        natives=frozenset({18456}),
        wording=_w(r"Login failed for user '(?:|\(null\)|NT AUTHORITY\\ANONYMOUS LOGON)'"),
    ),
    Case(
        "mssql-login-windows", "mssql",
        ("serveren avviste Windows-innloggingen {login}", "the server refused the Windows login {login}"),
        ("DBA-en må opprette den og en bruker i Familia-databasen: CREATE LOGIN [{login}] FROM WINDOWS; og "
         "CREATE USER [{login}] FOR LOGIN [{login}]; eller bruk en SQL-innlogging (UID=…;PWD=…) i stedet for "
         "Trusted_Connection=yes",
         "the DBA must create it and a user in Familia's database: CREATE LOGIN [{login}] FROM WINDOWS; and "
         "CREATE USER [{login}] FOR LOGIN [{login}]; or use a SQL login (UID=…;PWD=…) instead of "
         "Trusted_Connection=yes"),
        natives=frozenset({18456}),
        wording=_w(r"Login failed for user '(?P<login>[^'\\]+\\[^']+)'"),
    ),
    Case(
        "mssql-login-sql", "mssql",
        ("serveren avviste SQL-innloggingen «{login}» (feil passord, en deaktivert eller manglende innlogging, eller "
         "en server som bare godtar Windows-pålogging)",
         "the server refused the SQL login \"{login}\" (a wrong password, a disabled or missing login, or a server "
         "that accepts Windows authentication only)"),
        ("sjekk UID= og PWD=; godtar serveren bare Windows-pålogging, koble til med Trusted_Connection=yes som en "
         "Windows-bruker som har innlogging, eller be DBA-en slå på «SQL Server and Windows Authentication mode»",
         "check UID= and PWD=; if the server accepts Windows authentication only, connect with "
         "Trusted_Connection=yes as a Windows user that has a login, or ask the DBA to turn on \"SQL Server and "
         "Windows Authentication mode\""),
        natives=frozenset({18456}),
        names=_w(r"Login failed for user '(?P<login>[^']*)'"),
    ),
    Case(
        "mssql-select-denied-column", "mssql",
        ("innloggingen får ikke lese {table}.{column}", "the login may not read {table}.{column}"),
        ("DBA-en kjører: {grant} (`flytcheck requirements --grants BRUKER` gir alle kolonnene)",
         "the DBA runs: {grant} (`flytcheck requirements --grants USER` gives every column)"),
        natives=frozenset({230}),
        names=_w(r"permission was denied on the column '(?P<column>[^']*)' of the object '(?P<table>[^'\"]*)['\"]"
                   r"(?:, database '(?P<database>[^']*)')?(?:, schema '(?P<schema>[^']*)')?"),
    ),
    Case(
        "mssql-select-denied-table", "mssql",
        ("innloggingen får ikke lese {table}", "the login may not read {table}"),
        ("DBA-en kjører: {grant} (`flytcheck requirements --grants BRUKER` gir alle kolonnene)",
         "the DBA runs: {grant} (`flytcheck requirements --grants USER` gives every column)"),
        natives=frozenset({229}),
        names=_w(r"permission was denied on the object '(?P<table>[^']*)'(?:, database '(?P<database>[^']*)')?"
                   r"(?:, schema '(?P<schema>[^']*)')?"),
    ),
    Case(
        "mssql-instance", "mssql",
        ("den navngitte instansen i SERVER={server} ble ikke funnet (SQL Server Browser på UDP-port 1434 svarte ikke)",
         "the named instance in SERVER={server} could not be found (SQL Server Browser on UDP port 1434 did not "
         "answer)"),
        ("oppgi instansens TCP-port i stedet: SERVER=vert,port (SQL Server Configuration Manager → Protocols → TCP/IP "
         "→ IPAll viser den), eller be IT starte SQL Server Browser og åpne UDP 1434",
         "give the instance's TCP port instead: SERVER=host,port (SQL Server Configuration Manager → Protocols → "
         "TCP/IP → IPAll shows it), or ask IT to start SQL Server Browser and open UDP 1434"),
        wording=_w(r"Error Locating Server/Instance Specified"),
    ),
    Case(
        "mssql-timeout", "mssql",
        ("serveren {server} svarte ikke innen --timeout", "the server {server} did not answer within --timeout"),
        (_SERVER_FIX[0] + "; eller gi den lengre tid med --timeout",
         _SERVER_FIX[1] + "; or give it longer with --timeout"),
        sqlstates=frozenset({"HYT00", "HYT01"}),
    ),
    Case(
        "mssql-unreachable", "mssql",
        ("ingenting på {server} svarte som en SQL Server", "nothing at {server} answered as SQL Server"),
        _SERVER_FIX,
        sqlstates=frozenset({"08001", "08S01"}),
        wording=_w(r"TCP Provider|network-related|not found or (?:was )?not accessible|Adaptive Server is unavailable"
                   r"|Unable to connect|No such host|does not exist or access denied|Named Pipes Provider"
                   r"|Could not open a connection|Timeout expired"),
    ),
    # --- PostgreSQL ------------------------------------------------------------------------------------------------
    Case(
        "postgres-permission-schema", "postgresql",
        ("rollen får ikke se inn i skjemaet {schema}", "the role may not look into the schema {schema}"),
        ("DBA-en kjører: {grant_usage}", "the DBA runs: {grant_usage}"),
        sqlstates=frozenset({"42501"}),
        wording=_w(r"permission denied for schema (?P<schema>\S+)"),
    ),
    Case(
        "postgres-permission", "postgresql",
        ("rollen får ikke lese {table}", "the role may not read {table}"),
        ("DBA-en kjører: {grant} (`flytcheck doctor` viser hvilke kolonner som mangler)",
         "the DBA runs: {grant} (`flytcheck doctor` shows which columns are missing)"),
        sqlstates=frozenset({"42501"}),
        names=_w(r"permission denied for (?:table|relation|view|materialized view) (?P<table>\S+)"),
    ),
    Case(
        "postgres-ssl-required", "postgresql",
        ("serveren godtar {login} bare over en kryptert (SSL-)tilkobling",
         "the server accepts {login} only over an encrypted (SSL) connection"),
        ("legg ?sslmode=require til URL-en (sslmode=verify-full med sslrootcert=… sjekker også at det er riktig "
         "server)",
         "add ?sslmode=require to the URL (sslmode=verify-full with sslrootcert=… also checks that it is the right "
         "server)"),
        wording=_w(r"no pg_hba\.conf entry for host \"(?P<host>[^\"]*)\", user \"(?P<login>[^\"]*)\", "
                   r"database \"(?P<database>[^\"]*)\", (?:no encryption|SSL off)"),
    ),
    Case(
        "postgres-hba", "postgresql",
        ("serveren har ingen linje i pg_hba.conf som lar {login} koble til {database} fra {host}",
         "the server has no pg_hba.conf line that lets {login} connect to {database} from {host}"),
        ("DBA-en legger til en, f.eks. `hostssl {database} {login} {host}/32 scram-sha-256`, og laster inn "
         "oppsettet på nytt (SELECT pg_reload_conf())",
         "the DBA adds one, e.g. `hostssl {database} {login} {host}/32 scram-sha-256`, and reloads the configuration "
         "(SELECT pg_reload_conf())"),
        wording=_w(r"no pg_hba\.conf entry for host \"(?P<host>[^\"]*)\", user \"(?P<login>[^\"]*)\", "
                   r"database \"(?P<database>[^\"]*)\""),
    ),
    Case(
        "postgres-password", "postgresql",
        ("serveren avviste passordet til {login}", "the server refused the password of {login}"),
        ("sjekk passordet; i en URL må tegn som @ : / ? # % skrives prosentkodet (@ som %40), eller la passordet stå "
         "i pgpass-filen (%APPDATA%\\postgresql\\pgpass.conf på Windows, ~/.pgpass ellers) i stedet for i URL-en",
         "check the password; in a URL, characters such as @ : / ? # % must be percent-encoded (@ as %40), or keep "
         "the password in the pgpass file (%APPDATA%\\postgresql\\pgpass.conf on Windows, ~/.pgpass elsewhere) "
         "instead of the URL"),
        wording=_w(r"password authentication failed for user \"(?P<login>[^\"]*)\""),
    ),
    Case(
        "postgres-ssl-unsupported", "postgresql",
        ("URL-en krever SSL (sslmode=require eller strengere), men serveren har SSL slått av",
         "the URL asks for SSL (sslmode=require or stricter), but the server has SSL turned off"),
        ("be DBA-en slå på SSL (ssl = on i postgresql.conf); bare i et nett du stoler på: fjern sslmode fra URL-en",
         "ask the DBA to turn SSL on (ssl = on in postgresql.conf); only on a network you trust: remove sslmode "
         "from the URL"),
        wording=_w(r"server does not support SSL, but SSL was required"),
    ),
    Case(
        "postgres-role", "postgresql",
        ("rollen {login} finnes ikke på serveren", "the role {login} does not exist on the server"),
        ("sjekk brukernavnet i URL-en (delen før @), eller be DBA-en opprette rollen: CREATE ROLE {login} LOGIN;",
         "check the user name in the URL (the part before @), or ask the DBA to create the role: "
         "CREATE ROLE {login} LOGIN;"),
        wording=_w(r"(?:role|user) \"(?P<login>[^\"]*)\" does not exist"),
    ),
    Case(
        "postgres-database", "postgresql",
        ("databasen «{database}» finnes ikke på serveren", "the database \"{database}\" does not exist on the server"),
        ("sjekk databasenavnet i URL-en (delen etter siste /)",
         "check the database name in the URL (the part after the last /)"),
        wording=_w(r"database \"(?P<database>[^\"]*)\" does not exist"),
    ),
    Case(
        "postgres-unreachable", "postgresql",
        ("ingenting på {server} svarte som en PostgreSQL-server",
         "nothing at {server} answered as a PostgreSQL server"),
        ("sjekk vert og port i URL-en (PostgreSQL lytter på 5432 om ikke annet er satt), at serveren lytter på nettet "
         "(listen_addresses), og at en brannmur slipper porten gjennom; --timeout sier hvor lenge det ventes",
         "check host and port in the URL (PostgreSQL listens on 5432 unless told otherwise), that the server listens "
         "on the network (listen_addresses), and that a firewall lets the port through; --timeout says how long to "
         "wait"),
        wording=_w(r"Connection refused|could not translate host name|timeout expired|No route to host"
                   r"|Network is unreachable|Connection timed out|server closed the connection unexpectedly"),
    ),
)

_RECORD = re.compile(
    r"\[(?P<state>[0-9A-Z]{5})\]\s*(?P<text>.*?)\s*\((?P<native>-?\d+)\)(?:\s*\([A-Za-z]+\))?\s*(?:;\s*(?=\[)|$)",
    re.DOTALL,
)
_VENDOR = re.compile(r"^(?:\[[^\]]*\])+\s*")


def mssql_records(message: str, sqlstate: str | None = None) -> tuple[Record, ...]:
    """The records of a pyodbc error message (`[28000] [Microsoft][…][SQL Server]Login failed … (18456) (SQL…)`)."""
    found = [
        Record(m.group("state"), int(m.group("native")), _VENDOR.sub("", m.group("text")).strip())
        for m in _RECORD.finditer(message)
    ]
    return tuple(found) or (Record(sqlstate, None, message.strip()),)


def driver_records(dialect: str, error: BaseException) -> tuple[Record, ...]:
    """The records of a driver's exception: pyodbc's (SQLSTATE, message) or psycopg's sqlstate and text."""
    if dialect == "mssql":
        args: tuple[object, ...] = tuple(getattr(error, "args", ()))
        if len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
            return mssql_records(args[1], args[0])
        return mssql_records(str(error))
    return (Record(getattr(error, "sqlstate", None), None, str(error)),)


def diagnose(dialect: str, records: Sequence[Record], situation: Situation | None = None) -> Diagnosis | None:
    """The first case of CASES that matches a record of the error, filled in; None when no case applies."""
    situation = situation or Situation()
    for case in CASES:
        if case.dialect != dialect:
            continue
        for record in records:
            names = case.match(record)
            if names is not None:
                return _fill(case, names, dialect, situation)
    return None


class _Names(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _fill(case: Case, found: dict[str, str], dialect: str, situation: Situation) -> Diagnosis:
    names = _Names(server=situation.server, database=situation.database, login=situation.login)
    names.update({k: v for k, v in found.items() if v})
    table = _unquote(found.get("table", ""))
    schema = _unquote(found.get("schema", "")) or situation.schema
    grantee = situation.grantee or (situation.login if situation.login != "?" else "USER")
    names["table"] = table or "?"
    if table:
        columns = [found["column"]] if found.get("column") else list(situation.columns.get(table.upper(), ()))
        names["grant"] = grant_select(dialect, table, columns, grantee, schema)
    if schema:
        names["schema"] = schema
        names["grant_usage"] = grant_schema_usage(schema, grantee)
    return Diagnosis(
        case.id,
        (case.problem[0].format_map(names), case.problem[1].format_map(names)),
        (case.fix[0].format_map(names), case.fix[1].format_map(names)),
    )


def _unquote(name: str) -> str:
    name = name.strip()
    if len(name) > 1 and name[0] == name[-1] == '"':
        return name[1:-1].replace('""', '"')
    return name.rstrip(".")
