"""Finds the Familia tables and columns in a source, whatever their case, and reports every missing one at once.

The catalog only reads the database's own metadata; it never reads or writes data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Boolean, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from flytcheck.errors import SchemaError, SourceError


@dataclass(frozen=True)
class Catalog:
    """Canonical (upper-case) Familia names mapped to the names the source actually uses."""

    schema: str | None
    tables: dict[str, str]
    columns: dict[str, dict[str, str]]
    boolean_columns: frozenset[tuple[str, str]] = frozenset()
    """(table, column) pairs a copy keeps as boolean (pgloader turns SQL Server's bit into boolean)."""

    def has_table(self, table: str) -> bool:
        return table in self.tables

    def table_name(self, table: str) -> str:
        return self.tables[table]

    def column_name(self, table: str, column: str) -> str:
        return self.columns[table][column]


def read_catalog(connection: Connection, schema: str | None, wanted: set[str]) -> Catalog:
    """Look up the wanted Familia tables (case-insensitively) and their columns."""
    try:
        inspector = inspect(connection)
        if schema is not None:
            schema = _actual_schema(schema, inspector.get_schema_names())
        names = inspector.get_table_names(schema=schema) + inspector.get_view_names(schema=schema)
        tables: dict[str, str] = {}
        for name in names:
            if name.upper() in wanted:
                tables.setdefault(name.upper(), name)
        described = {canonical: inspector.get_columns(actual, schema=schema) for canonical, actual in tables.items()}
    except SQLAlchemyError as error:
        raise SourceError(f"cannot read the table list of the source: {type(error).__name__}") from None
    columns = {table: {c["name"].upper(): c["name"] for c in found} for table, found in described.items()}
    booleans = frozenset(
        (table, c["name"].upper())
        for table, found in described.items()
        for c in found
        if isinstance(c["type"], Boolean)
    )
    return Catalog(schema, tables, columns, booleans)


def _actual_schema(schema: str, present: list[str]) -> str:
    """The schema as the source spells it: `--schema dbo` finds "DBO" (an exact match wins)."""
    if schema in present:
        return schema
    for name in present:
        if name.lower() == schema.lower():
            return name
    raise SourceError(f"schema {schema!r} does not exist in the source")


def check_requirements(
    present: Mapping[str, Mapping[str, str]],
    needed: Mapping[str, set[str]],
    needed_by: Mapping[str, set[str]],
    *,
    where: str,
) -> None:
    """Raise one SchemaError listing every missing table and column, and the rules that need each."""
    problems: list[str] = []
    for table in sorted(needed):
        rules = ", ".join(sorted(needed_by.get(table, set()))) or "the migration preview"
        if table not in present:
            problems.append(f"table {table} is missing (needed by {rules})")
            continue
        missing = sorted(needed[table] - set(present[table]))
        if missing:
            problems.append(f"table {table} lacks column(s) {', '.join(missing)} (needed by {rules})")
    if problems:
        count = len(problems)
        raise SchemaError(
            f"{where}: {count} problem(s) with the Familia tables:\n  - " + "\n  - ".join(problems),
            hint="Names match case-insensitively; use --schema if the tables live in a schema.",
        )
