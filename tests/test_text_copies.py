"""Copies built from CSV exports read exactly like the database they came from.

A superuser who gets CSV files often loads them into SQLite (`sqlite3 .import`, DB Browser for SQLite,
sqlite-utils) or into PostgreSQL `text` columns: every value is then text, NULL is `''` or the word `NULL`,
datetimes are SQL Server's strings (or Excel's `22.05.2024`), flags are `0`/`1` or `True`/`False`. Every rule case,
copied that way, must give the same report as the typed database; a value that cannot be read as its Familia type
stops the scan naming the table, column and row key, never the value.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from conftest_pg import PgSchemas
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.engine import scan
from flytcheck.errors import SourceError
from flytcheck.model import Report
from flytcheck.reporters.json_report import report_dict
from flytcheck.sources.databases import open_url
from flytcheck.sources.sqlite import open_sqlite_file
from flytcheck.sql import familia
from flytcheck.sql.familia import ColumnType
from rulecases import RuleCase, build, load_cases, options_for, scan_sqlite

CASES = load_cases()
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


Style = dict[ColumnType, Callable[[Any], str]]
STYLES: dict[str, tuple[str, Style]] = {
    # sqlite3 .import of SSMS "Save Results As" files: NULL is the word, datetimes with milliseconds.
    "import-ssms": ("NULL", {
        ColumnType.DATE: lambda v: _moment(v).strftime("%Y-%m-%d %H:%M:%S.000"),
        ColumnType.FLAG: lambda v: str(int(v)),
        ColumnType.DECIMAL: lambda v: f"{float(v):.3f}",
    }),
    # DB Browser / sqlite-utils of PowerShell 7 files with -UseCulture off: empty NULL, booleans as words.
    "import-words": ("", {
        ColumnType.DATE: lambda v: _moment(v).isoformat(sep=" "),
        ColumnType.FLAG: lambda v: "True" if int(v) else "False",
        ColumnType.DECIMAL: lambda v: str(float(v)),
    }),
    # A spreadsheet round trip: Norwegian dates and decimal commas, NULL empty.
    "excel": ("", {
        ColumnType.DATE: lambda v: _moment(v).strftime("%d.%m.%Y"),
        ColumnType.FLAG: lambda v: str(int(v)),
        ColumnType.DECIMAL: lambda v: str(float(v)).replace(".", ","),
    }),
}


def as_export_text(kind: ColumnType, value: Any, style: str) -> str:
    null, formats = STYLES[style]
    if value is None:
        return null
    if kind in formats:
        return formats[kind](value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def text_copy(case: RuleCase, database: Path, style: str) -> Path:
    """The case's tables with every column TEXT and every value as an export tool wrote it."""
    connection = sqlite3.connect(database)
    with connection:
        for name in familia.tables_for(case.data):
            spec = familia.TABLES[name]
            if name in case.drop_tables:
                continue
            columns = list(spec.columns)
            connection.execute(f'CREATE TABLE "{name}" ({", ".join(f"{chr(34)}{c}{chr(34)} TEXT" for c in columns)})')
            rows = [
                tuple(as_export_text(spec.columns[c], row.get(c), style) for c in columns)
                for row in case.data.get(name, [])
            ]
            marks = ", ".join("?" * len(columns))
            connection.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    connection.close()
    return database


def comparable(report: Report) -> dict[str, Any]:
    data = report_dict(report, "nb")
    del data["source"], data["scanned_at"]
    return data


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


def scan_file(case: RuleCase, database: Path, rulebook: Rulebook) -> Report:
    source = open_sqlite_file(database)
    try:
        return scan(source, rulebook, options_for(case).model_copy(update={"now": NOW}))
    finally:
        source.close()


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_an_all_text_copy_of_each_case_gives_the_same_report(
    case: RuleCase, style: str, rulebook: Rulebook, tmp_path: Path
) -> None:
    typed_folder, text_folder = tmp_path / "typed", tmp_path / "text"
    typed_folder.mkdir()
    text_folder.mkdir()
    typed = scan_sqlite(case, rulebook, typed_folder)
    copied = scan_file(case, text_copy(case, text_folder / "copy.sqlite", style), rulebook)
    assert comparable(copied) == comparable(typed)


UNREADABLE = {
    "a date that is not one": ("FA_JOURNAL", "JOU_FERDIGDATO", "i går"),
    "an impossible day": ("FA_JOURNAL", "JOU_FERDIGDATO", "2024-02-30 00:00:00.000"),
    "a flag in words": ("FA_JOURNAL", "JOU_SLETTET", "ja"),
    "a key with letters": ("FA_KLIENT", "KLI_LOEPENR", "12a"),
    "a count in words": ("FA_DOKUMENTER", "ARK_PDFA_STATUS_EXCEPTION_COUNT", "mange"),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_a_value_that_cannot_be_read_stops_the_scan_naming_table_column_and_key(
    name: str, rulebook: Rulebook, tmp_path: Path
) -> None:
    table, column, value = UNREADABLE[name]
    case = next(c for c in CASES if c.data.get(table) and len(c.data[table]) >= 2 and c.rule != "duplicate-key")
    database = text_copy(case, tmp_path / "copy.sqlite", "import-ssms")
    key_column = familia.TABLES[table].key[0]
    with sqlite3.connect(database) as connection:
        key = connection.execute(f'SELECT "{key_column}" FROM "{table}" ORDER BY rowid LIMIT 1 OFFSET 1').fetchone()[0]
        connection.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{key_column}" = ?', (value, key))
    connection.close()
    with pytest.raises(SourceError) as raised:
        scan_file(case, database, rulebook)
    message = str(raised.value)
    assert value not in message, "the value itself is never shown"
    if column == key_column:
        assert f"{table}.{column} in a row whose key cannot be shown" in message, message
    else:
        assert f"{table}.{column} in the row with {key_column} {key}:" in message, message


# --- PostgreSQL: a copy whose columns are all text -------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("null", ["null", "empty", "word"])
def test_a_postgres_copy_of_text_columns_gives_the_same_report(
    null: str, rulebook: Rulebook, pg_url: str, pg_schemas: PgSchemas, tmp_path: Path
) -> None:
    from test_postgres_parity import merged_cases

    merged = RuleCase(rule="merged", name="merged", data=merged_cases(), expect=[],
                      options={"min_familia_version": "9.9"})
    database = tmp_path / "typed.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    build(merged, engine)
    engine.dispose()
    typed = scan_file(merged, database, rulebook)

    schema = pg_schemas.create("fc_text")
    build(merged, pg_schemas.engine, schema=schema, lower_case=True)
    with pg_schemas.engine.begin() as connection:
        for name in familia.tables_for(merged.data):
            spec = familia.TABLES[name]
            for column, kind in spec.columns.items():
                target = f'"{schema}".{name.lower()}'
                as_text = f"CASE WHEN {column} <> 0 THEN 'True' ELSE 'False' END" if kind is ColumnType.FLAG \
                    else f"{column}::text"
                connection.execute(text(f"ALTER TABLE {target} ALTER COLUMN {column} TYPE text USING {as_text}"))
                if null != "null":
                    word = "" if null == "empty" else "NULL"
                    connection.execute(text(f"UPDATE {target} SET {column} = '{word}' WHERE {column} IS NULL"))
    source = open_url(pg_url, schema, timeout=15, statement_timeout=None)
    try:
        copied = scan(source, rulebook, options_for(merged).model_copy(update={"now": NOW}))
    finally:
        source.close()
    assert comparable(copied) == comparable(typed)


PG_UNREADABLE = {
    "a date that is not one": ("FA_JOURNAL", "JOU_FERDIGDATO", "i går"),
    "30 February": ("FA_JOURNAL", "JOU_FERDIGDATO", "2024-02-30 00:00:00.000"),
    "29 February of a common year": ("FA_JOURNAL", "JOU_DATONOTAT", "29.02.2023"),
    "month 13": ("FA_JOURNAL", "JOU_FERDIGDATO", "2024-13-01"),
    "hour 25": ("FA_JOURNAL", "JOU_FERDIGDATO", "2024-05-22 25:00:00"),
    "a flag in words": ("FA_JOURNAL", "JOU_SLETTET", "ja"),
    "a count in words": ("FA_DOKUMENTER", "ARK_PDFA_STATUS_EXCEPTION_COUNT", "mange"),
}


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(PG_UNREADABLE))
def test_a_postgres_text_copy_with_a_value_that_cannot_be_read_stops_naming_the_row(
    name: str, rulebook: Rulebook, pg_url: str, pg_schemas: PgSchemas
) -> None:
    table, column, value = PG_UNREADABLE[name]
    case = next(c for c in CASES if c.data.get(table) and len(c.data[table]) >= 2 and c.rule != "duplicate-key")
    schema = pg_schemas.create("fc_bad")
    build(case, pg_schemas.engine, schema=schema)
    key_column = familia.TABLES[table].key[0]
    with pg_schemas.engine.begin() as connection:
        for name_ in familia.tables_for(case.data):
            spec = familia.TABLES[name_]
            if name_ in case.drop_tables:
                continue
            for col in spec.columns:
                connection.execute(text(f'ALTER TABLE "{schema}"."{name_}" ALTER COLUMN "{col}" TYPE text'))
        keys = connection.execute(text(f'SELECT "{key_column}" FROM "{schema}"."{table}" ORDER BY 1')).all()
        key = keys[1][0]
        connection.execute(text(f'UPDATE "{schema}"."{table}" SET "{column}" = :v WHERE "{key_column}" = :k'),
                           {"v": value, "k": key})
    source = open_url(pg_url, schema, timeout=15, statement_timeout=None)
    try:
        with pytest.raises(SourceError) as raised:
            scan(source, rulebook, options_for(case).model_copy(update={"now": NOW}))
    finally:
        source.close()
    message = str(raised.value)
    assert value not in message, "the value itself is never shown"
    assert f"{table}.{column} in the row with {key_column} {key}:" in message, message
