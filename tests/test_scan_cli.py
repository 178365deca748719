"""`flytcheck scan` as a user meets it: options, configuration, exit codes and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.sql import familia
from flytcheck.sql.ddl import create_familia
from robustness import is_private

runner = CliRunner()


def make_db(path: Path, rows: dict[str, list[dict[str, object]]], **kwargs: object) -> Path:
    engine = create_engine(f"sqlite:///{path}")
    create_familia(engine, rows, **kwargs)  # type: ignore[arg-type]
    engine.dispose()
    return path


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    return make_db(
        tmp_path / "familia.sqlite",
        {
            "FA_KLIENT": [{"KLI_LOEPENR": 1, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "AB"}],
            "FA_SAKSBEHANDLERE": [{"SBH_INITIALER": "AB"}],
            "FA_HUSKELAPP": [{"HUS_LOEPENR": 7, "KLI_LOEPENR": 1, "SBH_INITIALER": "AB"}],
        },
    )


def scan(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", *args, "--cutover", "2026-05-22", "--quiet"])
    return result.exit_code, result.output


def test_blocker_exits_1_and_json_has_the_contract_fields(small_db: Path) -> None:
    code, output = scan(str(small_db), "--format", "json")
    assert code == 1
    report = json.loads(output)
    assert report["ready"] is False and report["cutover"] == "2026-05-22"
    assert report["counts"] == {"blocker": 1, "warning": 1, "info": 0}
    assert report["preview"]["children"] == {"migrated": 1, "not_migrated": 0}
    assert report["findings"][0] == {
        "rule": "reminder-open", "severity": "blocker", "table": "FA_HUSKELAPP", "key": "7",
        "kommune": "1860", "saksbehandler": "AB", "message": "Huskelapp ikke oppfylt (frist —)",
    }


def test_fail_on_decides_the_exit_code(small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "flytcheck.toml").write_text('fail_on = "info"\ndisabled_rules = ["reminder-open"]\n')
    monkeypatch.chdir(tmp_path)
    assert scan(str(small_db))[0] == 1  # the config's fail_on = info catches the warning
    assert scan(str(small_db), "--fail-on", "blocker")[0] == 0  # the command line wins


def test_missing_tables_and_columns_are_all_reported_at_once(tmp_path: Path) -> None:
    tables = [t for t in familia.TABLES if t not in ("FA_HUSKELAPP", "FA_EIER")]
    database = make_db(tmp_path / "partial.sqlite", {}, only=tables)
    code, output = scan(str(database))
    assert code == 2
    assert "table FA_HUSKELAPP is missing (needed by duplicate-key, orphan-reference, reminder-open)" in output
    # FA_EIER (the archive start) is read by the one query per record table that the record rules share
    assert ("table FA_EIER is missing (needed by archive-error, melding-open, orphan-reference, record-not-archived, "
            "record-not-finalised, reminder-open)") in output
    assert "Traceback" not in output


def test_names_match_case_insensitively(tmp_path: Path) -> None:
    database = make_db(tmp_path / "lower.sqlite", {"FA_HUSKELAPP": [{"HUS_LOEPENR": 1}]}, lower_case=True)
    code, output = scan(str(database), "--format", "json")
    assert code == 1
    assert json.loads(output)["findings"][0]["table"] == "FA_HUSKELAPP"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cutover", "22.05.2026"], "flytcheck: feil: --cutover: '22.05.2026' er ikke en dato (bruk ÅÅÅÅ-MM-DD)"),
        (["--fail-on", "fatal"], "--fail-on: 'fatal' er ikke en av blocker, warning, info"),
        (["--lang", "sv"], "--lang: 'sv' er ikke en av nb, en"),  # flytcheck's words, never pydantic's
        (["--min-familia-version", "ny"], "--min-familia-version: 'ny' er ikke et versjonsnummer"),
        (["--connection-roles", "MOR,TOOLONG"], "--connection-roles: 'TOOLONG' er ikke en rollekode"),
        (["--format", "yaml"], "--format: 'yaml' er ikke en av console, json"),
        (["--width", "bred"], "--width: 'bred' er ikke et heltall"),  # typer's own checks, in our words too
        (["--no-such-option"], "ukjent valg: --no-such-option"),
        (["--lang", "en", "--fail-on", "fatal"], "flytcheck: error: --fail-on: 'fatal' is not one of blocker"),
    ],
)
def test_bad_values_exit_2_with_the_reason(small_db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["scan", str(small_db), "--quiet", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    code, output = scan(str(bogus))
    assert code == 2
    assert "ikke en SQLite-database" in output


def test_unknown_config_setting_names_the_file(small_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "custom.toml"
    config.write_text("cut_over = 2026-05-22\n")
    code, output = scan(str(small_db), "--config", str(config))
    assert code == 2
    assert "custom.toml: ukjent(e) innstilling(er) cut_over" in output


def test_output_file_is_private(small_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    code, _ = scan(str(small_db), "--output", str(target))
    assert code == 1
    assert is_private(target)
    assert json.loads(target.read_text())["counts"]["blocker"] == 1


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`flytcheck scan --demo --format json | head -1`: exit 141 (as a shell reports SIGPIPE), no traceback, no
    internal error. The demo's report is larger than a pipe's buffer, so the writer does meet the closed pipe."""
    import subprocess
    import sys

    command = Path(sys.executable).with_name("flytcheck")
    process = subprocess.Popen([str(command), "scan", "--demo", "--format", "json", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # the reader leaves before the report is written
    errors = process.stderr.read().decode()
    code = process.wait(timeout=120)
    assert code == 141, (code, errors)
    assert "Traceback" not in errors and "internal error" not in errors, errors
