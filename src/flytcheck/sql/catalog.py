"""Finds the Familia tables and columns in a source, whatever their case, and reports every missing one at once.

The catalog also records how the source declares each column (integer, text, boolean, …): a copy built from CSV
exports keeps every column as text, a pgloader copy turns SQL Server's bit into boolean, and the compiler reads
such columns as their Familia type. The catalog only reads the database's own metadata; it never reads or writes
data. SQLAlchemy is imported only by `read_catalog` (PostgreSQL and SQL Server); SQLite sources describe
themselves with plain sqlite3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flytcheck.errors import SchemaError, SourceError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


class Declared(StrEnum):
    """How a source declares a column's type, in the terms that decide how it must be read."""

    NUMBER = "number"
    """Integer, numeric, decimal or real: compares as a number."""
    TEXT = "text"
    """Character data, or no type at all (SQLite's untyped columns hold what was inserted: text, from an import)."""
    BOOLEAN = "boolean"
    """A boolean (pgloader's copy of bit, SQLite's BOOLEAN/BIT): compared as 0/1 only after a cast."""
    DATE = "date"
    """date, datetime, timestamp."""
    OTHER = "other"
    """Anything else (binary, uuid, …): read as stored."""


@dataclass(frozen=True)
class Catalog:
    """Canonical (upper-case) Familia names mapped to the names the source actually uses, and their types."""

    schema: str | None
    tables: dict[str, str]
    columns: dict[str, dict[str, str]]
    declared: dict[str, dict[str, Declared]] = field(default_factory=dict)
    """Canonical table -> canonical column -> how the source declares it (absent: as Familia declares it)."""

    def has_table(self, table: str) -> bool:
        return table in self.tables

    def has_column(self, table: str, column: str) -> bool:
        return column in self.columns.get(table, {})

    def table_name(self, table: str) -> str:
        return self.tables[table]

    def column_name(self, table: str, column: str) -> str:
        return self.columns[table][column]

    def declared_as(self, table: str, column: str) -> Declared | None:
        return self.declared.get(table, {}).get(column)

    def fingerprint(self) -> tuple[Any, ...]:
        """Everything compiled SQL depends on, as a hashable value (the compile cache's key)."""
        return (
            self.schema,
            tuple(sorted(self.tables.items())),
            tuple((t, tuple(sorted(c.items()))) for t, c in sorted(self.columns.items())),
            tuple((t, tuple(sorted(d.items()))) for t, d in sorted(self.declared.items())),
        )


def sqlite_declared(type_name: str) -> Declared:
    """SQLite's column affinity rules (in their order), with BOOLEAN/BIT and DATE/TIME told apart."""
    name = type_name.upper()
    if "INT" in name:
        return Declared.NUMBER
    if any(word in name for word in ("CHAR", "CLOB", "TEXT")) or not name.strip() or "BLOB" in name:
        return Declared.TEXT
    if "BOOL" in name or name.strip() == "BIT":
        return Declared.BOOLEAN
    if "DATE" in name or "TIME" in name:
        return Declared.DATE
    return Declared.NUMBER  # REAL, FLOAT, DOUBLE, NUMERIC, DECIMAL


def _sqlalchemy_declared(column_type: Any) -> Declared:
    from sqlalchemy import types

    if isinstance(column_type, types.Boolean):
        return Declared.BOOLEAN
    if isinstance(column_type, types.Integer | types.Numeric | types.Float):
        return Declared.NUMBER
    if isinstance(column_type, types.String | types.Text):
        return Declared.TEXT
    if isinstance(column_type, types.Date | types.DateTime):
        return Declared.DATE
    return Declared.OTHER


def read_catalog(connection: Connection, schema: str | None, wanted: set[str]) -> Catalog:
    """Look up the wanted Familia tables (case-insensitively), their columns and types, through SQLAlchemy."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    try:
        inspector = inspect(connection)
        if schema is not None:
            schema = actual_schema(schema, inspector.get_schema_names())
        names = inspector.get_table_names(schema=schema) + inspector.get_view_names(schema=schema)
        tables: dict[str, str] = {}
        for name in names:
            if name.upper() in wanted:
                tables.setdefault(name.upper(), name)
        described = {canonical: inspector.get_columns(actual, schema=schema) for canonical, actual in tables.items()}
    except SQLAlchemyError as error:
        raise SourceError(f"cannot read the table list of the source: {type(error).__name__}") from None
    columns = {table: {c["name"].upper(): c["name"] for c in found} for table, found in described.items()}
    declared = {
        table: {c["name"].upper(): _sqlalchemy_declared(c["type"]) for c in found} for table, found in described.items()
    }
    return Catalog(schema, tables, columns, declared)


def actual_schema(schema: str, present: list[str]) -> str:
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
