"""The GRANT statements that give a login exactly what flytcheck reads: SELECT on named columns, nothing else.

Used by `flytcheck requirements --grants`, by `flytcheck doctor` for what a login cannot read, and by the error
messages of a scan that was refused a table or column. Names are quoted for the server ([…] for SQL Server, "…" for
PostgreSQL), so any spelling survives.
"""

from __future__ import annotations

from collections.abc import Iterable


def quote(name: str, dialect: str) -> str:
    """A name quoted for the server's GRANT: [name] on SQL Server, "name" on PostgreSQL."""
    if dialect == "mssql":
        return "[" + name.replace("]", "]]") + "]"
    return '"' + name.replace('"', '""') + '"'


def grant_select(dialect: str, table: str, columns: Iterable[str], grantee: str, schema: str | None = None) -> str:
    """`GRANT SELECT (col, …) ON schema.table TO grantee;` (on the whole table when no column is given)."""
    listed = ", ".join(quote(c, dialect) for c in sorted(set(columns)))
    target = (quote(schema, dialect) + "." if schema else "") + quote(table, dialect)
    return f"GRANT SELECT{f' ({listed})' if listed else ''} ON {target} TO {quote(grantee, dialect)};"


def grant_schema_usage(schema: str, grantee: str) -> str:
    """PostgreSQL: the right to look inside a schema at all, without which no column of it can be read."""
    return f"GRANT USAGE ON SCHEMA {quote(schema, 'postgresql')} TO {quote(grantee, 'postgresql')};"
