"""The doctor's questions to PostgreSQL: pg_catalog and the privilege functions, inside the scan's read-only snapshot.

Every question is a SELECT sent in the scan's own `REPEATABLE READ, READ ONLY` transaction; none of them reads a
Familia table (has_column_privilege and has_table_privilege answer from the catalog), so a missing privilege is
reported rather than tripped over.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flytcheck.doctor.backend import Access, Backend, Privileges, listing
from flytcheck.doctor.model import Check, Status, Text
from flytcheck.sources.postgres import PostgresSource
from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog
from flytcheck.sql.grants import grant_schema_usage, grant_select, quote

SERVER_QUERY = "SELECT version(), current_database(), current_user, current_schema()"
SESSION_QUERY = "SELECT current_setting('transaction_read_only'), current_setting('transaction_isolation')"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def schema_usage_query(schema: str) -> str:
    return (
        "SELECT has_schema_privilege(n.oid, 'USAGE') FROM pg_catalog.pg_namespace n "
        f"WHERE n.nspname = {_literal(schema)}"
    )


def column_privileges_query(schema: str) -> str:
    """Whether the current role may SELECT each column of each table of the schema."""
    return (
        "SELECT c.relname, a.attname, has_column_privilege(c.oid, a.attnum, 'SELECT') "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        f"WHERE n.nspname = {_literal(schema)} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
    )


def table_privileges_query(schema: str) -> str:
    """For each table of the schema: whether the current role owns it (or is in its owner role), and can write it."""
    writes = ", ".join(f"has_table_privilege(c.oid, '{p}')" for p in ("INSERT", "UPDATE", "DELETE", "TRUNCATE"))
    return (
        f"SELECT c.relname, pg_has_role(c.relowner, 'MEMBER'), {writes} "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE n.nspname = {_literal(schema)} AND c.relkind IN ('r', 'p')"
    )


SUPERUSER_QUERY = "SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user"


def row_counts_query(schema: str) -> str:
    """Rows of each table: the planner's estimate (pg_class.reltuples), or, for a table never analysed (reltuples
    -1), the live rows the statistics collector counted (pg_stat_user_tables.n_live_tup)."""
    return (
        "SELECT c.relname, CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE s.n_live_tup END "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid "
        f"WHERE n.nspname = {_literal(schema)} AND c.relkind IN ('r', 'p')"
    )


class PostgresBackend(Backend):
    """A PostgreSQL database reached through psycopg."""

    kind = "postgresql"

    def __init__(self, source: PostgresSource) -> None:
        super().__init__(source)
        self.pg_source = source
        rows = self.rows(SERVER_QUERY)
        self.version, self.database, self.role, current = (str(v) for v in rows[0])
        self.schema_name = source.looked_in or current

    def server(self) -> tuple[Text, tuple[Text, ...]]:
        product = self.version.split(" on ", 1)[0].split(",", 1)[0]
        return (
            f"{product}, database {self.database}, rolle {self.role}",
            f"{product}, database {self.database}, role {self.role}",
        ), ()

    def access(self, catalog: Catalog, columns: Mapping[str, set[str]]) -> Access:
        schema = self.schema_name
        usage = self.rows(schema_usage_query(schema))
        if not usage or usage[0][0] is not True:
            denied = tuple((catalog.table_name(t), catalog.column_name(t, c)) for t in sorted(columns)
                           for c in sorted(columns[t]))
            return Access(denied, (grant_schema_usage(schema, self.role),))
        allowed = {(str(t), str(c)): bool(ok) for t, c, ok in self.rows(column_privileges_query(schema))}
        denied_by_table: dict[str, list[str]] = {}
        for table in sorted(columns):
            actual = catalog.table_name(table)
            for column in sorted(columns[table]):
                name = catalog.column_name(table, column)
                if not allowed.get((actual, name), False):
                    denied_by_table.setdefault(actual, []).append(name)
        denied = tuple((t, c) for t, cols in denied_by_table.items() for c in cols)
        grants = tuple(grant_select("postgresql", t, cols, self.role, schema)
                       for t, cols in sorted(denied_by_table.items()))
        return Access(denied, grants)

    def snapshot(self) -> Check:
        rows = self.rows(SESSION_QUERY)
        read_only, isolation = (str(v) for v in rows[0]) if rows else ("?", "?")
        if read_only == "on" and isolation == "repeatable read":
            return Check("snapshot", Status.OK, (
                "én transaksjon, REPEATABLE READ, READ ONLY: hele skanningen leser ett øyeblikk, og serveren nekter "
                "enhver skriving",
                "one transaction, REPEATABLE READ, READ ONLY: the whole scan reads one moment, and the server refuses "
                "any write",
            ))
        return Check("snapshot", Status.FAILED, (
            f"transaksjonen er {isolation}, transaction_read_only = {read_only}",
            f"the transaction is {isolation}, transaction_read_only = {read_only}",
        ), (
            "en mellomtjener (pgbouncer i transaksjonsmodus?) holder ikke på skanningens transaksjon: koble direkte "
            "til serveren",
            "something in between (pgbouncer in transaction mode?) does not keep the scan's transaction: connect to "
            "the server directly",
        ))

    def privileges(self, catalog: Catalog) -> Privileges:
        schema = self.schema_name
        role = quote(self.role, "postgresql")
        problems: list[Text] = []
        revokes: list[str] = []
        superuser = self.rows(SUPERUSER_QUERY)
        if superuser and superuser[0][0] is True:  # may do anything to every table: nothing more to list
            problem = ("rollen er superbruker", "the role is a superuser")
            return Privileges((problem,), (f"ALTER ROLE {role} NOSUPERUSER;",))
        owned, writable = [], []
        for table, owner, *rights in self.rows(table_privileges_query(schema)):
            if str(table).upper() not in familia.TABLES:
                continue
            if owner is True:
                owned.append(str(table))
                continue  # an owner may grant itself anything: a REVOKE would not hold
            granted = [p for p, right in zip(("INSERT", "UPDATE", "DELETE", "TRUNCATE"), rights, strict=True) if right]
            if granted:
                writable.append(str(table))
                target = f"{quote(schema, 'postgresql')}.{quote(str(table), 'postgresql')}"
                revokes.append(f"REVOKE {', '.join(granted)} ON {target} FROM {role};")
        if owned:
            listed = listing(owned)
            problems.append((
                f"rollen eier (eller er medlem av eieren av) {len(owned)} Familia-tabell(er): {listed}; koble til "
                "med en egen leserolle",
                f"the role owns (or is a member of the owner of) {len(owned)} Familia table(s): {listed}; connect "
                "with a reader role of its own",
            ))
        if writable:
            listed = listing(writable)
            problems.append((
                f"rollen kan skrive til {len(writable)} Familia-tabell(er): {listed}",
                f"the role can write to {len(writable)} Familia table(s): {listed}",
            ))
        return Privileges(tuple(problems), tuple(sorted(revokes)))

    def sizes(self, catalog: Catalog, tables: Sequence[str]) -> dict[str, float | None]:
        counts = {str(name).upper(): (float(n) if n is not None else None)
                  for name, n in self.rows(row_counts_query(self.schema_name))}
        return {table: counts.get(table) for table in tables}
