"""Reads every value as its Familia type, whatever type a copy declares for its column.

A copy built from CSV exports (`sqlite3 .import`, DB Browser for SQLite, sqlite-utils, or a PostgreSQL table of
`text` columns) holds every value as text: dates as SQL Server wrote them, flags as `'0'`/`'1'` or
`True`/`False`, NULL as `''` or the word `NULL`. Compared as text, `COALESCE(flag, 0) = 0` and `count > 0` give
wrong answers without an error. A pgloader copy keeps SQL Server's bit as boolean. So, per column whose declared
type differs from Familia's, the compiler wraps each reference in a read: the same meaning as the CSV reader gives
a field (`flytcheck.sources.csv_values`), as SQLite functions registered on our own connections, or as plain SQL on
PostgreSQL. A table with any such text column is a copy of an export, and its text columns read `''` and `NULL`
as NULL too. `unreadable_values` finds the first value that cannot be read, so the scan stops naming the table,
column and row key instead of comparing garbage. SQL Server sources are Familia itself (or a restored backup)
and keep its types: nothing is converted there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flytcheck.sql import familia
from flytcheck.sql.catalog import Catalog, Declared
from flytcheck.sql.familia import ColumnType

CAST_TO_INT = "CAST({} AS INT)"
"""A boolean column (pgloader's copy of bit) read as 0/1: every value is readable."""
ColumnReads = dict[tuple[str, str], str]
"""(table, column) -> SQL with `{}` where the column expression goes, for the columns that need a read."""

_SQLITE_READS = {
    ColumnType.INTEGER: "flytcheck_int({})",
    ColumnType.DECIMAL: "flytcheck_num({})",
    ColumnType.FLAG: "flytcheck_flag({})",
    ColumnType.DATE: "flytcheck_date({})",
    ColumnType.TEXT: "flytcheck_text({})",
}
_PG_VALUE = "NULLIF(NULLIF(BTRIM({}), ''), 'NULL')"
_PG_READS = {
    ColumnType.INTEGER: f"CAST(CAST(REPLACE({_PG_VALUE}, ',', '.') AS NUMERIC) AS BIGINT)",
    ColumnType.DECIMAL: f"CAST(REPLACE({_PG_VALUE}, ',', '.') AS NUMERIC)",
    ColumnType.FLAG: f"(CASE UPPER({_PG_VALUE}) WHEN '1' THEN 1 WHEN '-1' THEN 1 WHEN 'TRUE' THEN 1"
                     " WHEN '0' THEN 0 WHEN 'FALSE' THEN 0 END)",
    ColumnType.DATE: f"CAST(REGEXP_REPLACE({_PG_VALUE}, '^([0-9]{{1,2}})[.]([0-9]{{1,2}})[.]([0-9]{{4}})',"
                     " '\\3-\\2-\\1') AS TIMESTAMP)",
    ColumnType.TEXT: "NULLIF(NULLIF({}, ''), 'NULL')",
}
_PG_PATTERNS = {
    ColumnType.INTEGER: r"^[+-]?0*[0-9]{1,18}([.,]0+)?$",  # 18 digits: every one fits the BIGINT it is cast to
    ColumnType.DECIMAL: r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$",
    ColumnType.FLAG: r"^([01]|-1|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$",
    ColumnType.DATE: r"^([0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?)?"
                     r"|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?)?)$",
}
_PG_ISO = "REGEXP_REPLACE({}, '^([0-9]{{1,2}})[.]([0-9]{{1,2}})[.]([0-9]{{4}})', '\\3-\\2-\\1')"
_PG_CALENDAR = (
    "CROSS JOIN LATERAL (SELECT "
    "CAST(REGEXP_MATCH({iso}, '^([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}})') AS INT[]) AS d, "
    "CAST(REGEXP_MATCH({iso}, '[ T]([0-9]{{1,2}}):([0-9]{{2}})(?::([0-9]{{2}}))?') AS INT[]) AS t) AS parts"
)
"""A date's parts as numbers (only from digits the pattern allows, so no cast can fail)."""
_PG_NO_SUCH_DAY = (
    "NOT (parts.d[1] >= 1 AND parts.d[2] BETWEEN 1 AND 12 AND parts.d[3] >= 1 AND parts.d[3] <= CASE"
    " WHEN parts.d[2] IN (4, 6, 9, 11) THEN 30"
    " WHEN parts.d[2] <> 2 THEN 31"
    " WHEN MOD(parts.d[1], 4) = 0 AND (MOD(parts.d[1], 100) <> 0 OR MOD(parts.d[1], 400) = 0) THEN 29"
    " ELSE 28 END"
    " AND (parts.t IS NULL OR (parts.t[1] <= 23 AND parts.t[2] <= 59 AND COALESCE(parts.t[3], 0) <= 59)))"
)
"""A value of the date pattern that names no real moment (30 February, month 13, 25:00): the cast would fail."""
EXPECTED = {
    ColumnType.INTEGER: "a whole number",
    ColumnType.DECIMAL: "a number (8.5 or 8,5)",
    ColumnType.FLAG: "a flag (0, 1, True or False)",
    ColumnType.DATE: "a date (2024-05-22, 2024-05-22 13:45:00 or 22.05.2024)",
}


def text_copies(catalog: Catalog) -> frozenset[str]:
    """The tables that are copies of text exports: some column Familia types as non-text is declared as text."""
    found = set()
    for table, declared in catalog.declared.items():
        kinds = familia.TABLES[table].columns if table in familia.TABLES else {}
        if any(declared.get(c) is Declared.TEXT for c, kind in kinds.items() if kind is not ColumnType.TEXT):
            found.add(table)
    return frozenset(found)


def needs_read(catalog: Catalog, table: str, column: str, copies: frozenset[str]) -> bool:
    """Whether a column must be read through a conversion (its declared type differs from Familia's)."""
    declared = catalog.declared_as(table, column)
    kind = familia.TABLES[table].columns.get(column) if table in familia.TABLES else None
    if declared is None or kind is None:
        return False
    if kind is ColumnType.TEXT:
        return table in copies and declared is Declared.TEXT
    if declared is Declared.TEXT:
        return True
    return declared is Declared.BOOLEAN and kind in (ColumnType.FLAG, ColumnType.INTEGER)


def column_reads(catalog: Catalog, dialect: str) -> ColumnReads:
    """The read each column of the catalog needs in this dialect (none for SQL Server, and none for most sources)."""
    if dialect == "mssql":
        return {}
    copies = text_copies(catalog)
    reads: ColumnReads = {}
    for table, columns in catalog.columns.items():
        for column in columns:
            if not needs_read(catalog, table, column, copies):
                continue
            kind = familia.TABLES[table].columns[column]
            if catalog.declared_as(table, column) is Declared.BOOLEAN and dialect == "postgresql":
                reads[(table, column)] = CAST_TO_INT
            else:
                reads[(table, column)] = (_SQLITE_READS if dialect == "sqlite" else _PG_READS)[kind]
    return reads


def unreadable_check(catalog: Catalog, dialect: str, table: str, column: str, quote: Callable[[str], str]) -> str:
    """A SELECT of the key of the first row whose value in `column` cannot be read as its Familia type."""
    kind = familia.TABLES[table].columns[column]
    key = familia.TABLES[table].key
    value = quote(catalog.column_name(table, column))
    join = ""
    if dialect == "sqlite":
        bad = f"flytcheck_unreadable('{kind.value}', {value}) = 1"
    else:
        bad = f"{_PG_VALUE.format(value)} !~ '{_PG_PATTERNS[kind]}'"
        if kind is ColumnType.DATE:  # the pattern admits 2024-02-30: check the calendar too, without a cast
            join = " " + _PG_CALENDAR.format(iso=_PG_ISO.format(_PG_VALUE.format(value)))
            bad = f"({bad} OR {_PG_NO_SUCH_DAY})"
    prefix = quote(catalog.schema) + "." if catalog.schema else ""
    keys = ", ".join(quote(catalog.column_name(table, k)) if catalog.has_column(table, k) else "NULL" for k in key)
    keys = keys or "1"  # a table without a key (FA_EIER): the row cannot be named, and its value is never shown
    return f"SELECT {keys} FROM {prefix}{quote(catalog.table_name(table))}{join} WHERE {bad} LIMIT 1"


# --- typed columns of a SQLite copy ----------------------------------------------------------------------------

_SQLITE_NATIVE = {
    ColumnType.INTEGER: "typeof({v}) = 'integer' OR (typeof({v}) = 'real' AND {v} = CAST({v} AS INTEGER))",
    ColumnType.DECIMAL: "typeof({v}) IN ('integer', 'real')",
    ColumnType.FLAG: "{v} IN (0, 1)",
    ColumnType.DATE: "date({v}, '+0 days') IS substr({v}, 1, 10)",
}
"""A value (not NULL) stored as its Familia type in a SQLite column declared with a type: SQLite keeps whatever was
inserted (`25.03.2024 00:00:00` in a DATETIME column, `tolv` in a NUMERIC key), and a rule would compare it as it
is. A date is ISO text naming a real day and time: `date(x, '+0 days')` is NULL for what is no date at all, moves
30 February to 1 March, and turns a number (a Julian day) into a date that its text is not. Each test is true or
false, never NULL, and as cheap as SQLite allows (this check reads every typed value of a copy once: its cost
is in docs/reliability.md)."""
EXPECTED_STORED = {
    ColumnType.INTEGER: "a whole number",
    ColumnType.DECIMAL: "a number",
    ColumnType.FLAG: "a flag (0 or 1)",
    ColumnType.DATE: "a date stored as SQLite stores one (2024-05-22 or 2024-05-22 13:45:00)",
}


def typed_columns(catalog: Catalog, needed: Mapping[str, set[str]], reads: ColumnReads) -> dict[str, list[str]]:
    """Per table, the needed columns of a non-text Familia type that a SQLite copy declares with a type of its own
    (those declared as text are read through `reads`, and checked by `unreadable_check`)."""
    found: dict[str, list[str]] = {}
    for table in sorted(catalog.tables):
        kinds = familia.TABLES[table].columns if table in familia.TABLES else {}
        for column in sorted(needed.get(table, set())):
            kind = kinds.get(column)
            declared = catalog.declared_as(table, column)
            if kind in _SQLITE_NATIVE and declared is not None and declared is not Declared.TEXT and (
                (table, column) not in reads
            ):
                found.setdefault(table, []).append(column)
    return found


def stored_check(catalog: Catalog, table: str, columns: Sequence[str], quote: Callable[[str], str]) -> str:
    """A SELECT of the key of the first row of `table` with a value not stored as its Familia type in one of
    `columns` (SQLite), and that column's name: one pass over the table, in SQLite's own code."""
    kinds = familia.TABLES[table].columns
    fine = {
        column: f"({v} IS NULL OR {_SQLITE_NATIVE[kinds[column]].format(v=v)})"
        for column in columns
        for v in (quote(catalog.column_name(table, column)),)
    }
    which = " ".join(f"WHEN NOT {test} THEN '{column}'" for column, test in fine.items())
    key = familia.TABLES[table].key
    keys = ", ".join(quote(catalog.column_name(table, k)) if catalog.has_column(table, k) else "NULL" for k in key)
    where = " OR ".join(f"NOT {test}" for test in fine.values())
    selected = f"{keys}, " if keys else ""
    return f"SELECT {selected}CASE {which} END FROM {quote(catalog.table_name(table))} WHERE {where} LIMIT 1"


# --- the SQLite functions (our own connections only) -----------------------------------------------------------


def _reader(kind: ColumnType) -> Callable[[Any], Any]:
    from flytcheck.sources.csv_values import to_date, to_decimal, to_flag, to_int, to_text

    def read_int(value: Any) -> Any:
        if isinstance(value, str):
            return to_int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def read_flag(value: Any) -> Any:
        if isinstance(value, str):
            return to_flag(value)
        return None if value is None else int(bool(value))

    def read_num(value: Any) -> Any:
        return to_decimal(value) if isinstance(value, str) else value

    def read_date(value: Any) -> Any:
        return to_date(value) if isinstance(value, str) else value

    def read_text(value: Any) -> Any:
        return to_text(value) if isinstance(value, str) else value

    return {
        ColumnType.INTEGER: read_int, ColumnType.FLAG: read_flag, ColumnType.DECIMAL: read_num,
        ColumnType.DATE: read_date, ColumnType.TEXT: read_text,
    }[kind]


def register_sqlite_functions(connection: sqlite3.Connection) -> None:
    """The reads of `_SQLITE_READS`, and `flytcheck_unreadable(kind, value)` for the check before the scan."""
    readers = {kind: _reader(kind) for kind in ColumnType}
    for kind, call in _SQLITE_READS.items():
        connection.create_function(call.split("(")[0], 1, readers[kind], deterministic=True)

    def unreadable(kind: str, value: Any) -> int:
        try:
            readers[ColumnType(kind)](value)
        except (ValueError, TypeError):
            return 1
        return 0

    connection.create_function("flytcheck_unreadable", 2, unreadable, deterministic=True)
