"""The doctor's questions to SQL Server, in T-SQL that SQL Server 2012 runs (tests/test_tsql_2012.py holds it).

Permissions come from HAS_PERMS_BY_NAME, IS_ROLEMEMBER and IS_SRVROLEMEMBER, row counts from sys.partitions, the
snapshot from what the session found in sys.databases (sources/session.py): SELECTs on the server's own catalog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flytcheck.doctor.backend import Access, Backend, Privileges, listing
from flytcheck.doctor.model import Check, Status, Text
from flytcheck.sources.databases import SqlAlchemySource
from flytcheck.sources.session import MSSQL_READ_COMMITTED_SNAPSHOT, SNAPSHOT
from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.grants import grant_select, quote

RELEASES = {10: "2008", 11: "2012", 12: "2014", 13: "2016", 14: "2017", 15: "2019", 16: "2022", 17: "2025"}
"""Major version -> the SQL Server release's name (10 is 2008 and 2008 R2)."""
OLDEST = 11

SERVER_QUERY = (
    "SELECT CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)) AS product_version, "
    "CAST(SERVERPROPERTY('Edition') AS NVARCHAR(128)) AS edition, DB_NAME() AS database_name, "
    "SUSER_SNAME() AS login_name, USER_NAME() AS user_name, SCHEMA_NAME() AS default_schema"
)
ROLES_QUERY = (
    "SELECT IS_SRVROLEMEMBER(N'sysadmin') AS sysadmin, IS_ROLEMEMBER(N'db_owner') AS db_owner, "
    "IS_ROLEMEMBER(N'db_datawriter') AS db_datawriter, IS_ROLEMEMBER(N'db_ddladmin') AS db_ddladmin"
)


def _n(text: str) -> str:
    return "N'" + text.replace("'", "''") + "'"


def _object(schema: str | None, table_expression: str) -> str:
    owner = f"QUOTENAME({_n(schema)})" if schema else "QUOTENAME(SCHEMA_NAME())"
    return f"{owner} + N'.' + QUOTENAME({table_expression})"


def column_permissions_query(schema: str | None, columns: Sequence[tuple[str, str]]) -> str:
    """Whether the login may SELECT each (table, column): 1, 0, or NULL when it cannot see the table."""
    values = ", ".join(f"({_n(t)}, {_n(c)})" for t, c in columns)
    return (
        f"SELECT v.t, v.c, HAS_PERMS_BY_NAME({_object(schema, 'v.t')}, N'OBJECT', N'SELECT', v.c, N'COLUMN') "
        f"AS allowed FROM (VALUES {values}) AS v(t, c)"
    )


def write_permissions_query(schema: str | None, tables: Sequence[str]) -> str:
    """Whether the login may INSERT, UPDATE, DELETE or ALTER each table."""
    values = ", ".join(f"({_n(t)})" for t in tables)
    checks = ", ".join(
        f"HAS_PERMS_BY_NAME({_object(schema, 'v.t')}, N'OBJECT', N'{p}') AS can_{p.lower()}"
        for p in ("INSERT", "UPDATE", "DELETE", "ALTER")
    )
    return f"SELECT v.t, {checks} FROM (VALUES {values}) AS v(t)"


def row_counts_query(schema: str | None) -> str:
    """Rows of every table of the schema, from sys.partitions (the heap or clustered index of each)."""
    owner = f"SCHEMA_ID({_n(schema)})" if schema else "SCHEMA_ID()"
    return (
        "SELECT t.name, SUM(p.rows) AS row_count FROM sys.tables AS t JOIN sys.partitions AS p "
        f"ON p.object_id = t.object_id AND p.index_id IN (0, 1) WHERE t.schema_id = {owner} GROUP BY t.name"
    )


def release(version: str) -> tuple[str, int | None]:
    """`SQL Server 2019` and 15 for `15.0.4345.5`."""
    major = version.split(".", 1)[0]
    if not major.isdigit():
        return "SQL Server", None
    number = int(major)
    return f"SQL Server {RELEASES.get(number, version)}", number


class SqlServerBackend(Backend):
    """A SQL Server reached through pyodbc."""

    kind = "mssql"

    def __init__(self, source: SqlAlchemySource) -> None:
        super().__init__(source)
        self.mssql_source = source
        self.info: dict[str, Any] = {}

    def _info(self) -> dict[str, Any]:
        if not self.info:
            rows = self.rows(SERVER_QUERY)
            names = ("product_version", "edition", "database_name", "login_name", "user_name", "default_schema")
            self.info = dict(zip(names, rows[0], strict=True)) if rows else {}
        return self.info

    @property
    def grantee(self) -> str:
        return str(self._info().get("user_name") or "USER")

    def schema(self, catalog: Catalog) -> str:
        return catalog.schema or str(self._info().get("default_schema") or "dbo")

    def server(self) -> tuple[Text, tuple[Text, ...]]:
        info = self._info()
        version = str(info.get("product_version") or "?")
        name, major = release(version)
        edition, database, login = info.get("edition") or "?", info.get("database_name"), info.get("login_name")
        summary = (
            f"{name} ({version}, {edition}), database {database}, innlogging {login}",
            f"{name} ({version}, {edition}), database {database}, login {login}",
        )
        details: tuple[Text, ...] = ()
        if major is not None and major < OLDEST:
            details = ((
                f"{name} er eldre enn SQL Server 2012, den eldste versjonen flytchecks SQL er sjekket mot",
                f"{name} is older than SQL Server 2012, the oldest version flytcheck's SQL is checked against",
            ),)
        return summary, details

    def access(self, catalog: Catalog, columns: Mapping[str, set[str]]) -> Access:
        pairs = [
            (catalog.table_name(t), catalog.column_name(t, c)) for t in sorted(columns) for c in sorted(columns[t])
        ]
        if not pairs:
            return Access()
        schema = self.schema(catalog)
        denied = tuple((str(t), str(c)) for t, c, allowed in self.rows(column_permissions_query(schema, pairs))
                       if allowed != 1)
        by_table: dict[str, list[str]] = {}
        for table, column in denied:
            by_table.setdefault(table, []).append(column)
        grants = tuple(grant_select("mssql", t, cols, self.grantee, schema) for t, cols in sorted(by_table.items()))
        return Access(denied, grants)

    def hidden_grants(self, missing: Mapping[str, set[str]]) -> tuple[str, ...]:
        # SQL Server shows a login only the objects it has some permission on: a table it may not read looks absent.
        schema = self.mssql_source.schema or str(self._info().get("default_schema") or "dbo")
        return tuple(grant_select("mssql", t, cols, self.grantee, schema) for t, cols in sorted(missing.items()))

    def snapshot(self) -> Check:
        consistency = self.source.consistency
        if consistency == SNAPSHOT:
            return Check("snapshot", Status.OK, (
                "databasen tillater SNAPSHOT-isolasjon: hele skanningen leser ett øyeblikk, uten å låse",
                "the database allows SNAPSHOT isolation: the whole scan reads one moment, without locks",
            ))
        database = quote(str(self._info().get("database_name") or "Familia"), "mssql")
        fix = (
            f"ALTER DATABASE {database} SET ALLOW_SNAPSHOT_ISOLATION ON; (DBA), eller skann nattkopien",
            f"ALTER DATABASE {database} SET ALLOW_SNAPSHOT_ISOLATION ON; (DBA), or scan the nightly copy",
        )
        if consistency == MSSQL_READ_COMMITTED_SNAPSHOT:
            return Check("snapshot", Status.WARNING, (
                "snapshot_isolation_state er av, is_read_committed_snapshot_on er på: hver spørring ser sitt eget "
                "øyeblikk (uten låser)",
                "snapshot_isolation_state is off, is_read_committed_snapshot_on is on: each query sees its own "
                "moment (without locks)",
            ), fix)
        return Check("snapshot", Status.WARNING, (
            "snapshot_isolation_state og is_read_committed_snapshot_on er av: hver spørring ser sitt eget øyeblikk, "
            "og READ COMMITTED tar delte låser mens saksbehandlerne skriver",
            "snapshot_isolation_state and is_read_committed_snapshot_on are off: each query sees its own moment, and "
            "READ COMMITTED takes shared locks while caseworkers write",
        ), fix)

    def privileges(self, catalog: Catalog) -> Privileges:
        roles = self.rows(ROLES_QUERY)
        sysadmin, db_owner, writer, ddladmin = (roles[0] if roles else (0, 0, 0, 0))
        login = quote(str(self._info().get("login_name") or "LOGIN"), "mssql")
        user = quote(self.grantee, "mssql")
        problems: list[Text] = []
        revokes: list[str] = []
        if sysadmin == 1:  # may do anything to every table: nothing more to list
            return Privileges(
                (("innloggingen er medlem av sysadmin", "the login is a member of sysadmin"),),
                (f"ALTER SERVER ROLE [sysadmin] DROP MEMBER {login};",),
            )
        for member, role, statement in (
            (db_owner, "db_owner", f"ALTER ROLE [db_owner] DROP MEMBER {user};"),
            (writer, "db_datawriter", f"ALTER ROLE [db_datawriter] DROP MEMBER {user};"),
            (ddladmin, "db_ddladmin", f"ALTER ROLE [db_ddladmin] DROP MEMBER {user};"),
        ):
            if member == 1:
                problems.append((f"innloggingen er medlem av {role}", f"the login is a member of {role}"))
                revokes.append(statement)
        tables = [catalog.table_name(t) for t in sorted(catalog.tables) if t in familia.TABLES]
        if tables:
            schema = self.schema(catalog)
            writable = []
            for table, *rights in self.rows(write_permissions_query(schema, tables)):
                granted = [p for p, right in zip(("INSERT", "UPDATE", "DELETE", "ALTER"), rights, strict=True)
                           if right == 1]
                if granted:
                    writable.append(str(table))
                    target = f"{quote(schema, 'mssql')}.{quote(str(table), 'mssql')}"
                    revokes.append(f"REVOKE {', '.join(granted)} ON {target} FROM {user};")
            if writable:
                listed = listing(writable)
                problems.append((
                    f"innloggingen kan skrive til {len(writable)} Familia-tabell(er): {listed}",
                    f"the login can write to {len(writable)} Familia table(s): {listed}",
                ))
        return Privileges(tuple(problems), tuple(dict.fromkeys(revokes)))

    def sizes(self, catalog: Catalog, tables: Sequence[str]) -> dict[str, float | None]:
        counts = {str(name).upper(): float(rows) for name, rows in self.rows(row_counts_query(self.schema(catalog)))
                  if rows is not None}
        return {table: counts.get(table) for table in tables}
