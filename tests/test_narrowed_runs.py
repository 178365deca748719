"""A narrowed run (`--only`, rules switched off) says so in every output, and its verdict names what was left out;
a full run's outputs carry no such marker."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from test_reports_fixtures import familia_db, scan

__all__ = ["familia_db"]


def _outputs(database: Path, folder: Path, *args: str) -> tuple[str, dict[str, Path]]:
    files = {name: folder / f"r.{name}" for name in ("json", "csv", "xlsx", "html", "junit")}
    code, console = scan(str(database), "--output", str(files["json"]), "--csv", str(files["csv"]), "--xlsx",
                         str(files["xlsx"]), "--html", str(files["html"]), "--junit", str(files["junit"]), *args,
                         width=80)
    assert code == 1, console
    return console, files


def test_every_output_of_a_narrowed_run_says_so_and_names_what_was_left_out(familia_db: Path, tmp_path: Path) -> None:
    console, files = _outputs(familia_db, tmp_path, "--only", "arkiv", "--disable", "record-not-archived")
    assert "IKKE KLAR: 3 blokkerende funn (bare Arkiv; uten record-not-archived)" in console
    assert "Avgrenset kjøring: ikke en full sjekk." in console
    flat = " ".join(console.split())
    assert ("Utelatt: Barn, Forbindelser, Oppdragstakere, Organisasjoner, Huskelapper, Journal og post, System, "
            "Barnevernsregisteret.") in flat
    assert "Slått av: record-not-archived." in flat
    report = json.loads(files["json"].read_text(encoding="utf-8"))
    assert report["narrowed"]["only"] == ["archive"] and report["narrowed"]["disabled"] == ["record-not-archived"]
    assert "reminder-open" in report["narrowed"]["left_out"] and "archive-error" not in report["narrowed"]["left_out"]
    assert "bare Arkiv; uten record-not-archived" in files["csv"].read_text(encoding="utf-8-sig")
    summary = [row[0] for row in openpyxl.load_workbook(files["xlsx"]).worksheets[0].iter_rows(values_only=True)]
    assert "IKKE KLAR: 3 blokkerende funn (bare Arkiv; uten record-not-archived)" in summary
    assert "Slått av: record-not-archived." in summary
    assert 'id="narrowed"' in files["html"].read_text(encoding="utf-8")
    assert 'name="flytcheck (bare Arkiv; uten record-not-archived)"' in files["junit"].read_text(encoding="utf-8")


def test_a_full_run_carries_no_marker(familia_db: Path, tmp_path: Path) -> None:
    console, files = _outputs(familia_db, tmp_path)
    assert "Avgrenset" not in console and "Utelatt" not in console
    assert "narrowed" not in json.loads(files["json"].read_text(encoding="utf-8"))
    assert "Avgrenset" not in files["csv"].read_text(encoding="utf-8-sig")
    assert 'id="narrowed"' not in files["html"].read_text(encoding="utf-8")
    assert 'name="flytcheck"' in files["junit"].read_text(encoding="utf-8")


def test_a_rule_switched_off_is_a_narrowed_run_too(familia_db: Path, tmp_path: Path) -> None:
    console, files = _outputs(familia_db, tmp_path, "--disable", "duplicate-key")
    assert "IKKE KLAR: 10 blokkerende funn (uten duplicate-key)" in console
    assert json.loads(files["json"].read_text(encoding="utf-8"))["narrowed"] == {
        "disabled": ["duplicate-key"], "left_out": ["duplicate-key"]}
