"""PostgreSQL answers every rule case exactly as SQLite does, with Familia's names quoted upper case or folded.

Each case is built twice in fresh schemas of the test server (quoted `"FA_KLIENT"` and unquoted `fa_klient`), scanned
through `open_url` like `flytcheck scan postgresql+psycopg://… --schema …`, and its whole report compared with the
SQLite scan of the same case. The demo (or, until it exists, a database merged from the cases) gives the same JSON
report from CSV, SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from conftest_pg import PgSchemas
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.engine import scan
from flytcheck.model import Report
from flytcheck.reporters.json_report import report_dict
from flytcheck.settings import ScanOptions, build_options, read_config
from flytcheck.sources.base import Source
from flytcheck.sources.csv_folder import inspect_folder
from flytcheck.sources.csv_load import load_tables
from flytcheck.sources.csv_source import CsvFolderSource
from flytcheck.sources.databases import open_url
from flytcheck.sources.open import demo_folder
from flytcheck.sources.sqlite import open_sqlite_file
from flytcheck.sql import familia
from flytcheck.sql.ddl import create_familia
from rulecases import DEFAULT_CUTOVER, RuleCase, build, check, load_cases, options_for, run_case, scan_sqlite

pytestmark = pytest.mark.postgres

CASES = load_cases()
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
VARIANTS = {"quoted-upper": False, "unquoted-lower": True}


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


def comparable(report: Report, *, exact_version: bool = False) -> dict[str, dict[str, Any]]:
    """The whole JSON report in both languages, without what names the source, its kind or the moment.

    Known divergence: DBV_VERSJON (numeric(5,3)) reads as Decimal('8.200') from PostgreSQL and SQL Server but as the
    float 8.2 from SQLite and CSV, and the report shows it as given. Until that is fixed (see
    test_familia_version_reads_alike) version numbers are also compared by value.
    """
    result = {}
    for lang in ("nb", "en"):
        data = report_dict(report, lang)
        del data["source"], data["scanned_at"], data["consistency"]  # how each source reads, by kind
        if not exact_version:
            data["familia_version"] = _by_value(data["familia_version"])
            for finding in data["findings"]:
                if finding["rule"] == "familia-outdated":
                    finding["message"] = _NUMBER.sub(lambda m: str(_by_value(m.group())), finding["message"])
        result[lang] = data
    return result


_NUMBER = re.compile(r"\d+\.\d+")


def _by_value(text: str | None) -> str | None:
    return None if text is None else format(Decimal(text).normalize(), "f")


def scan_and_close(source: Source, rulebook: Rulebook, options: ScanOptions) -> Report:
    try:
        return scan(source, rulebook, options)
    finally:
        source.close()


_SQLITE_REPORTS: dict[str, Report] = {}


def sqlite_report(case: RuleCase, rulebook: Rulebook, folder: Path) -> Report:
    """The case scanned on SQLite (once per case: both PostgreSQL variants compare with it)."""
    if case.id not in _SQLITE_REPORTS:
        _SQLITE_REPORTS[case.id] = scan_sqlite(case, rulebook, folder)
    return _SQLITE_REPORTS[case.id]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case_on_postgres(
    case: RuleCase, variant: str, rulebook: Rulebook, pg_url: str, pg_schemas: PgSchemas, tmp_path: Path
) -> None:
    lower_case = VARIANTS[variant]
    schema = pg_schemas.create("fc_lower" if lower_case else "FC_UPPER")
    build(case, pg_schemas.engine, schema=schema, lower_case=lower_case)
    source = open_url(pg_url, schema, timeout=15, statement_timeout=None)
    assert source.dialect == "postgresql"
    report = run_case(case, source, rulebook)
    check(case, report)
    assert comparable(report) == comparable(sqlite_report(case, rulebook, tmp_path)), case.id


def test_schema_name_matches_case_insensitively(rulebook: Rulebook, pg_url: str, pg_schemas: PgSchemas) -> None:
    # `--schema fc_upper_…` finds the schema a migration tool created as "FC_UPPER_…", like the table names.
    case = next(c for c in CASES if c.rule == "reminder-open" and c.expect)
    schema = pg_schemas.create("FC_UPPER")
    build(case, pg_schemas.engine, schema=schema)
    source = open_url(pg_url, schema.lower(), timeout=15, statement_timeout=None)
    report = run_case(case, source, rulebook)
    check(case, report)


def test_familia_version_reads_alike(rulebook: Rulebook, pg_url: str, pg_schemas: PgSchemas, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.rule == "familia-outdated" and c.expect)
    schema = pg_schemas.create("fc")
    build(case, pg_schemas.engine, schema=schema)
    report = scan_and_close(
        open_url(pg_url, schema, timeout=15, statement_timeout=None), rulebook, options_for(case)
    )
    expected = comparable(sqlite_report(case, rulebook, tmp_path), exact_version=True)
    assert comparable(report, exact_version=True) == expected


# --- the demo: one whole report, identical on every backend -------------------------------------------------------


def rows_of_csv_folder(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Every known column of every Familia table in a CSV folder, read by flytcheck's own CSV loader."""
    files = {name: table for name, table in inspect_folder(folder).items() if name in familia.TABLES}
    needed = {
        name: [h.upper() for h in table.header if h.upper() in familia.TABLES[name].columns]
        for name, table in files.items()
    }
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    try:
        load_tables(files, needed, connection)
        return {
            name: [dict(row) for row in connection.execute(f'SELECT * FROM "{name}"')]
            for name in needed
        }
    finally:
        connection.close()


def merged_cases() -> dict[str, list[dict[str, Any]]]:
    """Until the demo exists: the data of every case in one database, each case's løpenummer moved apart."""
    merged: dict[str, list[dict[str, Any]]] = {}
    for index, case in enumerate(c for c in CASES if not c.drop_tables):
        offset = (index + 1) * 1000
        for table, rows in case.data.items():
            for row in rows:
                moved = {
                    column: value + offset if column.endswith("_LOEPENR") and isinstance(value, int) else value
                    for column, value in row.items()
                }
                merged.setdefault(table, []).append(moved)
    return merged


def test_demo_report_is_identical_on_csv_sqlite_and_postgres(
    rulebook: Rulebook, pg_url: str, pg_schemas: PgSchemas, tmp_path: Path
) -> None:
    folder = demo_folder()
    reports: dict[str, Report] = {}
    if folder.is_dir():
        settings = folder / "flytcheck.toml"
        config, config_path = read_config(settings) if settings.is_file() else ({}, None)
        options = build_options(config, config_path, now=NOW)
        rows = rows_of_csv_folder(folder)
        reports["csv"] = scan_and_close(CsvFolderSource(folder), rulebook, options)
    else:
        options = ScanOptions(cutover=DEFAULT_CUTOVER, min_familia_version=Decimal("9.9"), now=NOW)
        rows = merged_cases()
    assert sum(len(r) for r in rows.values()) > 0

    database = tmp_path / "demo.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    create_familia(engine, rows)
    engine.dispose()
    reports["sqlite"] = scan_and_close(open_sqlite_file(database), rulebook, options)
    for variant, lower_case in VARIANTS.items():
        schema = pg_schemas.create("fc_lower" if lower_case else "FC_UPPER")
        create_familia(pg_schemas.engine, rows, schema=schema, lower_case=lower_case)
        reports[variant] = scan_and_close(
            open_url(pg_url, schema, timeout=15, statement_timeout=None), rulebook, options
        )

    expected = comparable(reports["sqlite"])
    assert expected["nb"]["findings"], "the demo should have findings"
    ran = [r["rule"] for r in expected["nb"]["rules"] if r["status"] == "ran"]
    assert len(ran) >= len(rulebook.rules) - 1, f"only {ran} ran"  # the demo's config may leave out the version
    for name, report in reports.items():
        assert comparable(report) == expected, f"{name} differs from sqlite"


FLAG_CASES = [c for c in CASES if c.rule in ("record-not-finalised", "record-not-archived", "archive-error",
                                               "organisation-missing-orgnr")]


@pytest.mark.parametrize("case", FLAG_CASES, ids=[c.id for c in FLAG_CASES])
def test_bit_columns_copied_as_boolean_give_the_same_findings(
    case: RuleCase, rulebook: Rulebook, pg_url: str, pg_schemas: PgSchemas
) -> None:
    """pgloader turns SQL Server's bit into boolean; the rules' numeric flag comparisons must still hold."""
    schema = pg_schemas.create("fc_bool")
    build(case, pg_schemas.engine, schema=schema, lower_case=True)
    flags = [
        (table.lower(), column.lower())
        for table, spec in familia.TABLES.items()
        for column, kind in spec.columns.items()
        if kind is familia.ColumnType.FLAG
    ]
    with pg_schemas.engine.begin() as connection:
        for table, column in flags:
            connection.execute(text(
                f'ALTER TABLE "{schema}".{table} ALTER COLUMN {column} TYPE boolean USING ({column} <> 0)'
            ))
    source = open_url(pg_url, schema, timeout=15, statement_timeout=None)
    report = run_case(case, source, rulebook)
    check(case, report)
