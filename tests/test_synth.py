"""The synthetic data generator: the shipped demo is reproducible, fires every rule, is deterministic per seed,
and holds no identity number that could be a real person's.

Privacy: this file holds no identity numbers; it reads the generated ones and checks them.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.commands import synth_command
from flytcheck.errors import FlytcheckError
from flytcheck.identity.numbers import classify_person, compose_fnr
from flytcheck.sources.open import demo_folder
from flytcheck.synth import PROFILES, config_path, generate

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
FAR_FUTURE = date(2099, 12, 31)  # under the 2032 rule, which accepts all the 1964 rule does, and more
CUTOVER = "2027-05-22"
runner = CliRunner()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_shipped_demo_is_exactly_what_the_generator_makes(tmp_path: Path) -> None:
    generate("demo", 2026, tmp_path / "demo")
    shipped, fresh = _files(demo_folder()), _files(tmp_path / "demo")
    assert sorted(shipped) == sorted(fresh)
    changed = [name for name in fresh if shipped[name] != fresh[name]]
    assert not changed, f"run `python scripts/make_demo.py`: {changed} differ"


def test_the_demo_has_a_finding_for_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./flytcheck.toml of the developer's
    result = runner.invoke(app, ["scan", "--demo", "--format", "json", "--cutover", CUTOVER, "--quiet"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    found = {rule["rule"]: rule["findings"] for rule in report["rules"]}
    rule_ids = sorted(p.stem for p in RULES_DIR.glob("*.toml") if p.name != "sets.toml")
    assert rule_ids
    assert [r for r in rule_ids if not found.get(r)] == []
    assert report["preview"]["children"]["migrated"] > 0 and report["preview"]["connections"]["migrated"] > 0


@pytest.mark.parametrize("seed", [7, 8])
def test_the_same_seed_gives_the_same_bytes(tmp_path: Path, seed: int) -> None:
    first = generate("demo", seed, tmp_path / "a")
    again = generate("demo", seed, tmp_path / "b")
    assert first == again
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    generate("demo", seed, tmp_path / "a.sqlite")
    generate("demo", seed, tmp_path / "b.sqlite")
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    generate("demo", 7, tmp_path / "a")
    generate("demo", 8, tmp_path / "b")
    assert (tmp_path / "a" / "FA_KLIENT.csv").read_bytes() != (tmp_path / "b" / "FA_KLIENT.csv").read_bytes()


def test_the_demo_has_the_profile_sizes() -> None:
    demo, profile = demo_folder(), PROFILES["demo"]
    rows = _rows(demo, "FA_KLIENT")
    assert len(rows) == profile.children
    assert sum(1 for row in rows if not row["KLI_AVSLUTTETDATO"]) == profile.open_children
    reminders = {row["HUS_LOEPENR"]: row for row in _rows(demo, "FA_HUSKELAPP")}  # less the duplicated rows
    assert len(reminders) == profile.reminders
    assert sum(1 for row in reminders.values() if not row["HUS_OPPFYLTDATO"]) == profile.open_reminders
    assert len(_rows(demo, "FA_FORBINDELSER")) == profile.connections
    assert len(_rows(demo, "FA_MEDARBEIDERE")) == profile.contractors
    assert {row["KOM_KOMMUNENR"] for row in rows} == {"1859", "1860", "1874"}
    assert 'accept_synthetic = true' in (demo / "flytcheck.toml").read_text(encoding="utf-8")


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="cp1252", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_no_number_in_the_demo_could_be_a_real_persons() -> None:
    """Every 11-digit run (and 10-digit run with its lost zero) fails as a real-format fødselsnummer or D-nummer:
    valid ones are Tenor synthetic (month + 80), the rest are broken on purpose."""
    checked = 0
    for path in sorted(demo_folder().glob("*.csv")):
        text = path.read_text(encoding="cp1252")
        for token in re.findall(r"(?<!\d)\d{10,11}(?!\d)", text):
            number = token.zfill(11)
            verdict = classify_person(number, FAR_FUTURE)
            assert not verdict.valid, f"{path.name}: a number classifies as a real person's ({verdict.kind})"
            checked += 1
    assert checked > 1000


def test_composed_child_numbers_are_never_real_and_the_tenor_form_is_kept() -> None:
    """ddmmyy(birth date) + personnummer always fails the check digits; with month + 80 it is the child's Tenor
    number, valid for all children but the few made defective on purpose."""
    tenor_valid = 0
    rows = _rows(demo_folder(), "FA_KLIENT")
    for row in rows:
        fnr = compose_fnr(row["KLI_FOEDSELSDATO"] or None, row["KLI_PERSONNR"] or None)
        if fnr is None:
            continue
        assert not classify_person(fnr, FAR_FUTURE).valid
        tenor = f"{fnr[:2]}{int(fnr[2:4]) + 80}{fnr[4:]}"
        tenor_valid += classify_person(tenor, date.fromisoformat(CUTOVER), accept_synthetic=True).valid
    assert 0.9 * len(rows) < tenor_valid < len(rows)


def test_synth_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.csv").write_text("x")
    with pytest.raises(FlytcheckError, match="not empty"):
        synth_command.run("demo", 1, tmp_path / "full", quiet=True)
    (tmp_path / "old.sqlite").write_bytes(b"data")
    with pytest.raises(FlytcheckError, match="already exists"):
        synth_command.run("demo", 1, tmp_path / "old.sqlite", quiet=True)
    with pytest.raises(FlytcheckError, match="not one of"):
        synth_command.run("huge", 1, tmp_path / "new", quiet=True)
    assert not (tmp_path / "new").exists()


def test_synth_writes_a_sqlite_file_with_its_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "familia.sqlite"
    assert synth_command.run("demo", 3, out, quiet=True) == 0
    assert out.stat().st_size > 0
    assert config_path(out) == tmp_path / "familia.sqlite.flytcheck.toml"
    assert f"flytcheck scan {out} --config {config_path(out)}" in capsys.readouterr().out
    result = runner.invoke(app, ["scan", str(out), "--config", str(config_path(out)), "--format", "json", "-q"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.output)["cutover"] == CUTOVER
