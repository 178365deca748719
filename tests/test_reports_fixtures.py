"""A small invented Familia database that gives every report format something to show, and the CLI runner.

Shared by the tests/test_reports_*.py modules. Three municipalities, caseworkers with non-ASCII initials and one
who has left, reminders with free text that looks like a formula, a letter keyed `2024/9` (a date to a
spreadsheet), and identity numbers with a leading zero: a Tenor synthetic number (month + 80) and an invalid
composed child number. Every value is invented.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.sql.ddl import create_familia
from idgen import make_number

NOW = "2027-05-01T08:00:00+02:00"
CUTOVER = "2027-05-22"
TENOR_MOTHER = make_number(date(1990, 3, 5), "tenor")  # 0583 90…: a leading zero, and synthetic (not accepted)
FORMULA = "=1+1"

runner = CliRunner()


def familia_rows() -> dict[str, list[dict[str, Any]]]:
    valid_personnr = int(make_number(date(2015, 3, 4))[6:])
    return {
        "FA_SAKSBEHANDLERE": [
            {"SBH_INITIALER": "AB", "SBH_FORNAVN": "Ada", "SBH_ETTERNAVN": "Berg"},
            {"SBH_INITIALER": "ØK", "SBH_FORNAVN": "Øystein", "SBH_ETTERNAVN": "Kå"},
            {"SBH_INITIALER": "CD", "SBH_PASSIVISERTDATO": "2026-01-31"},
        ],
        "FA_KLIENT": [
            {"KLI_LOEPENR": 1, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "AB",
             "KLI_FOEDSELSDATO": "2015-03-04", "KLI_PERSONNR": valid_personnr},
            {"KLI_LOEPENR": 2, "KOM_KOMMUNENR": 1859, "SBH_INITIALER": "ØK",
             "KLI_FOEDSELSDATO": "2012-01-05", "KLI_PERSONNR": 12345},
            {"KLI_LOEPENR": 3, "KOM_KOMMUNENR": 1874, "SBH_INITIALER": "CD",
             "KLI_FOEDSELSDATO": "2016-07-08", "KLI_PERSONNR": int(make_number(date(2016, 7, 8))[6:])},
            {"KLI_LOEPENR": 4, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "AB", "KLI_AVSLUTTETDATO": "2025-06-30"},
            {"KLI_LOEPENR": 5, "KOM_KOMMUNENR": 1859, "KLI_AVSLUTTETDATO": "2026-12-01"},
        ],
        "FA_HUSKELAPP": [
            {"HUS_LOEPENR": 10, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "HUS_EMNE": FORMULA,
             "HUS_FRIST": "2027-04-01"},
            {"HUS_LOEPENR": 11, "KLI_LOEPENR": 2, "SBH_INITIALER": "ØK", "HUS_EMNE": "Ring skolen – æøå ÆØÅ",
             "HUS_FRIST": "2027-05-10"},
            {"HUS_LOEPENR": 12, "HUS_EMNE": "+47 99 99 99 99"},
            {"HUS_LOEPENR": 13, "KLI_LOEPENR": 3, "SBH_INITIALER": "AB", "HUS_EMNE": "@SUM(A1)"},
            {"HUS_LOEPENR": 14, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "HUS_OPPFYLTDATO": "2027-03-01"},
        ],
        "FA_JOURNALTYPE": [{"JOT_IDENT": "N", "JOT_TILARKIV": 1}],
        "FA_JOURNAL": [
            {"JOU_LOEPENR": 20, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "JOT_IDENT": "N",
             "JOU_DATONOTAT": "2027-02-01"},
            {"JOU_LOEPENR": 21, "KLI_LOEPENR": 2, "SBH_INITIALER": "ØK", "JOT_IDENT": "N",
             "JOU_DATONOTAT": "2027-02-02", "JOU_FERDIGDATO": "2027-02-03", "ARK_SJEKK_I_VSA": 1},
            {"JOU_LOEPENR": 22, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB", "JOT_IDENT": "N",
             "JOU_DATONOTAT": "2027-03-01", "JOU_FERDIGDATO": "2027-03-02"},
        ],
        "FA_POSTJOURNAL": [
            {"POS_AAR": 2024, "POS_LOEPENR": 9, "KLI_LOEPENR": 3, "SBH_INITIALER": "AB", "POS_DATO": "2024-05-02",
             "POS_FERDIGDATO": "2024-05-02", "ARK_POST_SYSTEMID": "S-1", "ARK_SJEKK_I_VSA": 1},
        ],
        "FA_DOKUMENTER": [
            {"DOK_LOEPENR": 30, "DOK_UTSJEKKET_DATO": "2027-04-20", "SBH_UTSJEKKETAV_INITIALER": "ØK"},
            {"DOK_LOEPENR": 31, "ARK_PDFA_STATUS_MESSAGE": "-Font mangler", "ARK_PDFA_STATUS_EXCEPTION_COUNT": 1},
        ],
        "FA_FORBINDELSER": [{"FOR_LOEPENR": 40, "FOR_FOEDSELSNUMMER": TENOR_MOTHER}],
        "FA_KLIENTTILKNYTNING": [{"KLI_LOEPENR": 1, "KTK_LOEPENR": 1, "FOR_LOEPENR": 40, "KTK_ROLLE": "MOR"}],
        "FA_EIER": [{"KOM_KOMMUNENR": 1860, "ARK_AKTIVERT": 1, "ARK_FRADATO": "2020-01-01"}],
        "FA_DBVERSJON": [{"DBV_LOEPENR": 1, "DBV_VERSJON": 5.2, "DBV_DBDATO": "2026-10-01"}],
    }


def build_familia(path: Path, rows: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    engine = create_engine(f"sqlite:///{path}")
    create_familia(engine, familia_rows() if rows is None else rows)
    engine.dispose()
    return path


@pytest.fixture
def familia_db(tmp_path: Path) -> Path:
    return build_familia(tmp_path / "familia.sqlite")


def scan(*args: str, now: str = NOW, width: int = 140) -> tuple[int, str]:
    """`flytcheck scan` with a pinned time, cut-over, width and no colour or progress."""
    pinned = ["--now", now, "--cutover", CUTOVER, "--quiet", "--no-color", "--width", str(width)]
    result = runner.invoke(app, ["scan", *args, *pinned])
    return result.exit_code, result.output


def tool(binary: str) -> str:
    """The path of a program the test needs: skipped when absent on a developer's machine, a failure under CI."""
    found = shutil.which(binary)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{binary} is not installed, and CI must run this test (see scripts/test.sh)")
    pytest.skip(f"{binary} is not installed")


def test_the_fixture_gives_every_kind_of_finding(familia_db: Path) -> None:
    import json

    code, output = scan(str(familia_db), "--format", "json")
    assert code == 1
    rules = {f["rule"] for f in json.loads(output)["findings"]}
    assert {
        "reminder-open", "record-not-finalised", "archive-error", "document-checked-out",
        "child-closed-before-cutover-year", "child-invalid-fnr", "connection-invalid-id",
        "child-no-active-caseworker",
    } <= rules
