"""Creates empty Familia-shaped tables in a database of our own (test fixtures, the generator, benchmarks).

Never used on a source: flytcheck does not write to what it scans. Names are created upper case and quoted, as
SQL Server has them, or lower case (unquoted style), as some migration tools leave them in PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Engine, MetaData, Numeric, SmallInteger, Table, Text, insert
from sqlalchemy.types import TypeEngine

from flytcheck.sql import familia
from flytcheck.sql.familia import ColumnType

_TYPES: dict[ColumnType, TypeEngine[Any]] = {
    ColumnType.INTEGER: Numeric(12, 0, asdecimal=False),
    ColumnType.DECIMAL: Numeric(5, 3, asdecimal=False),
    ColumnType.TEXT: Text(),
    ColumnType.DATE: DateTime(),
    ColumnType.FLAG: SmallInteger(),
}


def familia_metadata(
    schema: str | None = None, lower_case: bool = False, without: Mapping[str, Iterable[str]] | None = None
) -> MetaData:
    """SQLAlchemy tables for every known Familia table, with every known column but those `without` names."""
    metadata = MetaData(schema=schema)
    for spec in familia.TABLES.values():
        name = spec.name.lower() if lower_case else spec.name
        left_out = set((without or {}).get(spec.name, ()))
        Table(
            name,
            metadata,
            *(Column(c.lower() if lower_case else c, _TYPES[t], key=c)
              for c, t in spec.columns.items() if c not in left_out),
            quote=not lower_case,
        )
    return metadata


def _value(kind: ColumnType, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind is ColumnType.DATE and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind is ColumnType.DATE and isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def create_familia(
    engine: Engine,
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    schema: str | None = None,
    lower_case: bool = False,
    only: Iterable[str] | None = None,
    without: Mapping[str, Iterable[str]] | None = None,
) -> None:
    """Create the Familia tables (all, or `only` these; every column but those `without` names, as an older Familia
    would lack them) and insert `rows` (table -> list of column dicts). An optional table (familia.OPTIONAL_TABLES,
    Familia's own Huskeliste view) is created only when `only` names it or `rows` has rows for it."""
    metadata = familia_metadata(schema, lower_case, without)
    wanted = set(only) if only is not None else set(familia.tables_for(rows))
    by_name = {
        spec.name: metadata.tables[_qualified(spec.name, schema, lower_case)] for spec in familia.TABLES.values()
    }
    tables = [by_name[name] for name in sorted(wanted)]
    with engine.begin() as connection:
        metadata.create_all(connection, tables=tables)
        for name, table_rows in rows.items():
            if name not in wanted or not table_rows:
                continue
            left_out = set((without or {}).get(name, ()))
            kinds = {c: k for c, k in familia.TABLES[name].columns.items() if c not in left_out}
            unknown = {c for row in table_rows for c in row} - set(kinds)
            if unknown:
                raise ValueError(f"{name}: unknown column(s) {sorted(unknown)}")
            values = [{c: _value(kinds[c], row.get(c)) for c in kinds} for row in table_rows]
            connection.execute(insert(by_name[name]), values)


def _qualified(name: str, schema: str | None, lower_case: bool) -> str:
    table = name.lower() if lower_case else name
    return f"{schema}.{table}" if schema else table
