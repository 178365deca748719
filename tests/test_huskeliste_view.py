"""Familia's own Huskeliste view (FA_V_CR_HUSKELISTE) beside reminder-open's count, in the console, JSON and HTML.

The view's definition is not public, so flytcheck only counts its open rows (OPPFYLTDATO NULL) where the source has
it, and shows that beside its own count: a difference between the two definitions is then seen, not hidden. The
views here are real views (SQLite, PostgreSQL) over the reminder table only, so that the two counts differ: the
open follow-up on a journal note is on flytcheck's Huskeliste and not on this view.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from conftest_pg import PgSchemas
from flytcheck.cli import app
from flytcheck.sql.ddl import create_familia
from robustness import familia_csv, write_folder

runner = CliRunner()
ROWS: dict[str, list[dict[str, object]]] = {
    "FA_KLIENT": [{"KLI_LOEPENR": 1, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "AB"}],
    "FA_SAKSBEHANDLERE": [{"SBH_INITIALER": "AB"}],
    "FA_HUSKELAPP": [
        {"HUS_LOEPENR": 1, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "HUS_FRIST": "2026-06-01"},
        {"HUS_LOEPENR": 2, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "HUS_OPPFYLTDATO": "2026-02-01"},
    ],
    "FA_JOURNAL": [{"JOU_LOEPENR": 5, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "JOU_FERDIGDATO": "2026-01-02",
                    "JOU_FRIST": "2026-06-02"}],
}
VIEW = (  # quoted upper-case names, as SQL Server has them (PostgreSQL would fold unquoted ones)
    'CREATE VIEW {name} AS SELECT \'HUS\' AS "TYPE", NULL AS "AAR", "HUS_LOEPENR" AS "LOEPENR", NULL AS "LOEPENR2",'
    ' "KLI_LOEPENR", "SBH_INITIALER", "HUS_FRIST" AS "FRIST", "HUS_OPPFYLTDATO" AS "OPPFYLTDATO",'
    ' NULL AS "FERDIGDATO" FROM {table}'
)


def scan(source: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", source, "--cutover", "2026-05-22", "--quiet", *args])
    return result.exit_code, result.output


def sqlite_copy(path: Path, *, view: bool) -> Path:
    engine = create_engine(f"sqlite:///{path}")
    create_familia(engine, ROWS)
    if view:
        with engine.begin() as connection:
            connection.execute(text(VIEW.format(name='"FA_V_CR_HUSKELISTE"', table='"FA_HUSKELAPP"')))
    engine.dispose()
    return path


def test_the_console_shows_familias_count_beside_flytchecks(tmp_path: Path) -> None:
    database = str(sqlite_copy(tmp_path / "familia.sqlite", view=True))
    code, output = scan(database)
    assert code == 1
    assert "Familias huskeliste: 1 åpne; flytcheck: 2" in output
    assert "Familia's reminder list: 1 open; flytcheck: 2" in scan(database, "--lang", "en")[1]


def test_json_and_html_carry_both_counts(tmp_path: Path) -> None:
    database = str(sqlite_copy(tmp_path / "familia.sqlite", view=True))
    _, output = scan(database, "--format", "json")
    assert json.loads(output)["huskeliste"] == {"familia_view_open": 1, "flytcheck": 2}
    page = tmp_path / "report.html"
    scan(database, "--html", str(page))
    assert "Familias huskeliste: 1 åpne; flytcheck: 2" in page.read_text(encoding="utf-8")


def test_without_the_view_nothing_is_claimed(tmp_path: Path) -> None:
    database = str(sqlite_copy(tmp_path / "familia.sqlite", view=False))
    code, output = scan(database)
    assert code == 1 and "Familias huskeliste" not in output
    assert json.loads(scan(database, "--format", "json")[1])["huskeliste"] == {"familia_view_open": None,
                                                                               "flytcheck": 2}


def test_with_reminder_open_disabled_flytchecks_count_is_a_dash(tmp_path: Path) -> None:
    database = str(sqlite_copy(tmp_path / "familia.sqlite", view=True))
    _, output = scan(database, "--disable", "reminder-open")
    assert "Familias huskeliste: 1 åpne; flytcheck: —" in output


def test_a_csv_folder_with_the_view_exported_is_counted(tmp_path: Path) -> None:
    view_rows = [
        {"TYPE": "HUS", "LOEPENR": 1, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "FRIST": "2026-06-01"},
        {"TYPE": "JOU", "LOEPENR": 5, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "FRIST": "2026-06-02"},
        {"TYPE": "HUS", "LOEPENR": 2, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "OPPFYLTDATO": "2026-02-01"},
    ]
    folder = write_folder(tmp_path / "export", familia_csv({**ROWS, "FA_V_CR_HUSKELISTE": view_rows}))
    _, output = scan(str(folder))
    assert "Familias huskeliste: 2 åpne; flytcheck: 2" in output


@pytest.mark.postgres
def test_a_postgres_view_is_counted(pg_url: str, pg_schemas: PgSchemas) -> None:
    schema = pg_schemas.create("fc_view")
    create_familia(pg_schemas.engine, ROWS, schema=schema)
    with pg_schemas.engine.begin() as connection:
        connection.execute(text(VIEW.format(name=f'"{schema}"."FA_V_CR_HUSKELISTE"',
                                            table=f'"{schema}"."FA_HUSKELAPP"')))
    _, output = scan(pg_url, "--schema", schema, "--format", "json")
    assert json.loads(output)["huskeliste"] == {"familia_view_open": 1, "flytcheck": 2}
