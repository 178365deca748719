"""The synthetic data generator: the shipped demo is reproducible, fires every rule in every table it reads, holds
every defect catalogue v2 and the register rules look for, is deterministic per seed, stores text as SQL Server
does, and holds no identity number that could be a real person's.

Privacy: this file holds no identity numbers; it reads the generated ones and checks them.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import synth_defects
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.cli import app
from flytcheck.commands import synth_command
from flytcheck.errors import FlytcheckError
from flytcheck.identity.numbers import classify_person, compose_fnr
from flytcheck.sources.open import demo_folder
from flytcheck.sql import familia
from flytcheck.synth import PROFILES, config_path, generate
from flytcheck.synth.huskeliste import TYPES
from flytcheck.synth.shapes import CHAR_WIDTHS

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
FAR_FUTURE = date(2099, 12, 31)  # under the 2032 rule, which accepts all the 1964 rule does, and more
CUTOVER = "2027-05-22"
runner = CliRunner()
CATALOGUE_V2_RULES = (
    "child-placeholder-fnr", "melding-open", "document-not-produced", "child-duplicate-fnr", "child-over-25-open",
    "dates-reversed", "closed-child-open-measure", "investigation-no-conclusion", "melding-dismissed-no-reason",
    "decision-no-main-paragraph",
)
"""The new rules of docs/criteria.md §3 and §3.1. Those in the rulebook must have findings like every other rule;
for those not (yet) in it, synth_defects checks by SQL that the generator planted what they must find."""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_shipped_demo_is_exactly_what_the_generator_makes(tmp_path: Path) -> None:
    generate("demo", 2026, tmp_path / "demo")
    shipped, fresh = _files(demo_folder()), _files(tmp_path / "demo")
    assert sorted(shipped) == sorted(fresh)
    changed = [name for name in fresh if shipped[name] != fresh[name]]
    assert not changed, f"run `python scripts/make_demo.py`: {changed} differ"


def _scan(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["scan", *args, "--format", "json", "--quiet"])
    assert result.exit_code == 1, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report


def _unfound(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The (rule, table) pairs of the catalogue, as it is at run time, that the report has no finding for."""
    found = {(f["rule"], f["table"]) for f in report["findings"]}
    return [(rule.id, table) for rule in load_rulebook().rules.values() for table in rule.tables
            if (rule.id, table) not in found]


def test_the_demo_has_a_finding_for_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule of the catalogue, in every table it reads: a record type added to a rule is checked here."""
    monkeypatch.chdir(tmp_path)  # no ./flytcheck.toml of the developer's
    report = _scan("--demo", "--cutover", CUTOVER)
    found = {rule["rule"]: rule["findings"] for rule in report["rules"]}
    rule_ids = sorted(p.stem for p in RULES_DIR.glob("*.toml") if p.name != "sets.toml")
    assert rule_ids and set(rule_ids) == set(load_rulebook().rules)
    assert [r for r in rule_ids if not found.get(r)] == []
    assert _unfound(report) == []
    assert report["preview"]["children"]["migrated"] > 0 and report["preview"]["connections"]["migrated"] > 0


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo (seed 2026, as shipped) and lofoten (seed 1) as SQLite files, with their companion configs."""
    folder = tmp_path_factory.mktemp("synth")
    out = {"demo": folder / "demo.sqlite", "lofoten": folder / "lofoten.sqlite"}
    generate("demo", 2026, out["demo"])
    generate("lofoten", 1, out["lofoten"])
    return out


def test_lofoten_has_a_finding_for_every_rule_in_every_table(generated: dict[str, Path]) -> None:
    database = generated["lofoten"]
    assert _unfound(_scan(str(database), "--config", str(config_path(database)))) == []


@pytest.mark.parametrize("profile", ["demo", "lofoten"])
def test_every_defect_of_catalogue_v2_and_the_register_rules_is_planted(
    profile: str, generated: dict[str, Path]
) -> None:
    """Each record type unfinished, deleted, stopped, before the archive start, flagged, not archived; every
    Huskeliste source open; placeholders, lost and unproduced documents, duplicate keys in every new table, every
    register defect (in scope), and the blank-is-absent edges a copy with SQL Server's padding must get right."""
    counts = synth_defects.counts(generated[profile])
    assert [kind for kind, n in counts.items() if n == 0] == []


@pytest.mark.parametrize("seed", [1, 13])
def test_other_seeds_plant_every_defect_too(tmp_path: Path, seed: int) -> None:
    generate("demo", seed, tmp_path / "demo.sqlite")
    counts = synth_defects.counts(tmp_path / "demo.sqlite")
    assert [kind for kind, n in counts.items() if n == 0] == []


def test_the_new_rules_are_in_the_rulebook_or_their_defects_are_planted(generated: dict[str, Path]) -> None:
    """A new rule in the rulebook has findings in every table it reads (the tests above); until it lands, the
    defect it must find is checked by SQL (synth_defects names its kinds after the rule)."""
    counts = synth_defects.counts(generated["demo"])
    rules = load_rulebook().rules
    for rule_id in CATALOGUE_V2_RULES:
        if rule_id not in rules:
            planted = [n for kind, n in counts.items() if kind.split(":")[0] == rule_id]
            assert planted and all(planted), rule_id


def test_lofoten_case_tables_are_5_to_10_percent_defective(generated: dict[str, Path]) -> None:
    shares = synth_defects.defective_shares(generated["lofoten"])
    assert {table: share for table, share in shares.items() if not 0.05 <= share <= 0.10} == {}


@pytest.mark.parametrize("profile", ["demo", "lofoten"])
def test_familias_huskeliste_lists_exactly_the_open_items(profile: str, generated: dict[str, Path]) -> None:
    """FA_V_CR_HUSKELISTE has one open row per open item of the Huskeliste (§3), and some recently done ones;
    a scan's reminder-open finds the same items, from whichever sources the rule reads at run time."""
    database = generated[profile]
    view, items = synth_defects.huskeliste(database)
    assert view == items > 0
    with sqlite3.connect(database) as connection:
        by_type = dict(connection.execute(
            "SELECT TYPE, COUNT(*) FROM FA_V_CR_HUSKELISTE WHERE OPPFYLTDATO IS NULL GROUP BY TYPE").fetchall())
        assert connection.execute("SELECT COUNT(*) FROM FA_V_CR_HUSKELISTE WHERE OPPFYLTDATO IS NOT NULL").fetchone()[0]
    connection.close()
    assert set(by_type) == set(TYPES.values())
    report = _scan(str(database), "--config", str(config_path(database)))
    found: dict[str, int] = {}
    for finding in report["findings"]:
        if finding["rule"] == "reminder-open":
            found[finding["table"]] = found.get(finding["table"], 0) + 1
    assert found and {TYPES[table]: n for table, n in found.items()} == {TYPES[t]: by_type[TYPES[t]] for t in found}


def test_char_columns_are_padded_as_sql_server_stores_them() -> None:
    """Every value of a char(n) column is n characters (only a few broken on purpose are longer), and the columns
    where blank means absent have blank values: a follow-up text, a fødselsnummer, an org number, paragraphs."""
    blanks: dict[tuple[str, str], int] = {}
    for table, widths in CHAR_WIDTHS.items():
        rows = _rows(demo_folder(), table)
        for column, width in widths.items():
            values = [row[column] for row in rows if row[column]]
            assert values, (table, column)
            short = [v for v in values if len(v) < width]
            assert short == [], (table, column)
            long = [v for v in values if len(v) > width]
            assert not long or column in ("FOR_FOEDSELSNUMMER", "FOR_ORGANISASJONSNR"), (table, column)
            assert len(long) < len(values) / 20, (table, column)
            blanks[table, column] = sum(1 for v in values if not v.strip())
    assert [key for key in [("FA_JOURNAL", "JOU_OPPFOELGING"), ("FA_POSTJOURNAL", "POS_OPPFOELGING"),
                            ("FA_FORBINDELSER", "FOR_FOEDSELSNUMMER"), ("FA_FORBINDELSER", "FOR_ORGANISASJONSNR"),
                            ("FA_SAKSJOURNAL", "LOV_HOVEDPARAGRAF"), ("FA_SAKSJOURNAL", "LOV_JMFPARAGRAF1")]
            if not blanks[key]] == []
    assert sum(1 for row in _rows(demo_folder(), "FA_JOURNALTYPE") if row["JOT_IDENT"].endswith(" ")) >= 2


def test_trailing_spaces_and_blanks_change_no_finding(generated: dict[str, Path], tmp_path: Path) -> None:
    """The demo as SQL Server stores it, and the same copy with every text trimmed and every blank made NULL (as
    `sqlcmd -W` or a tidy converter would leave it), give the same findings: trailing spaces do not count."""
    padded = generated["demo"]
    trimmed = tmp_path / "trimmed.sqlite"
    shutil.copyfile(padded, trimmed)
    with sqlite3.connect(trimmed) as connection:
        changed = 0
        for table in familia.TABLES.values():
            for column, kind in table.columns.items():
                if kind is familia.ColumnType.TEXT:
                    changed += connection.execute(
                        f'UPDATE "{table.name}" SET "{column}" = NULLIF(RTRIM("{column}", \' \'), \'\')'
                        f' WHERE "{column}" LIKE \'% \'').rowcount
    connection.close()
    assert changed > 1000
    config = str(config_path(padded))
    before, after = _scan(str(padded), "--config", config), _scan(str(trimmed), "--config", config)
    assert before["counts"] == after["counts"] and before["preview"] == after["preview"]
    keys = [{(f["rule"], f["table"], f["key"]) for f in report["findings"]} for report in (before, after)]
    assert sorted(keys[0] ^ keys[1]) == []


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
    rows = list({row["KLI_LOEPENR"]: row for row in _rows(demo, "FA_KLIENT")}.values())  # less the duplicates
    assert len(rows) == profile.children
    assert sum(1 for row in rows if not row["KLI_AVSLUTTETDATO"]) == profile.open_children
    reminders = {row["HUS_LOEPENR"]: row for row in _rows(demo, "FA_HUSKELAPP")}  # less the duplicated rows
    assert len(reminders) == profile.reminders
    assert sum(1 for row in reminders.values() if not row["HUS_OPPFYLTDATO"]) == profile.open_reminders
    assert len({row["FOR_LOEPENR"] for row in _rows(demo, "FA_FORBINDELSER")}) == profile.connections
    assert len({row["FOR_LOEPENR"] for row in _rows(demo, "FA_MEDARBEIDERE")}) == profile.contractors
    assert {row["KOM_KOMMUNENR"] for row in rows} == {"1859", "1860", "1874"}
    assert 'accept_synthetic = true' in (demo / "flytcheck.toml").read_text(encoding="utf-8")
    cases = profile.cases
    for table, size in [
        ("FA_MELDINGER", cases.reports), ("FA_UNDERSOEKELSER", cases.investigations), ("FA_TILTAKSPLAN", cases.plans),
        ("FA_TILTAKSPLANEVALUERINGER", cases.evaluations), ("FA_TILTAKSLINJER", cases.measure_lines),
        ("FA_UNDERSOEKELSESLINJER", cases.investigation_lines), ("FA_TILTAK", cases.measures),
        ("FA_SAKSJOURNAL", cases.decisions),
    ]:
        keys = {tuple(row[c] for c in familia.TABLES[table].key) for row in _rows(demo, table)}
        assert len(keys) == size, table
    # Notes, letters and documents stay 50/20/30 % of the records; the documents are shared by every record type.
    notes, letters = profile.records // 2, profile.records // 5
    assert len({row["JOU_LOEPENR"] for row in _rows(demo, "FA_JOURNAL")}) == notes
    assert len({(row["POS_AAR"], row["POS_LOEPENR"]) for row in _rows(demo, "FA_POSTJOURNAL")}) == letters
    assert len({row["DOK_LOEPENR"] for row in _rows(demo, "FA_DOKUMENTER")}) == profile.records - notes - letters


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
