"""Local rules beside the catalogue: `--extra-rules DIR` (repeatable) and `extra_rules` in flytcheck.toml.

An extra folder's rules pass the same checks as the built-in ones, use the catalogue's derived sets, have ids
unique across every folder (a clash names both files), and show up everywhere a built-in rule does: `rules`,
`explain`, `requirements --grants` and every output of a scan (console, JSON, CSV, Excel, worklists, JUnit, HTML).
The worked example in examples/local-rules is run here as CI runs it: `flytcheck test-rules` on its cases, and a
scan with `--extra-rules`.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import builtin_rules_dir
from flytcheck.errors import RuleFileError
from robustness import Sandbox, assert_completed, assert_refused, familia_sqlite, invoke, sandbox, scan_args

__all__ = ["sandbox"]

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "local-rules"
EXAMPLE_RULE = "lofoten-child-municipality"
FLYTCHECK = shutil.which("flytcheck", path=str(Path(sys.executable).parent))

CONTRACTOR_ENDED_SQL = (
    "SELECT m.FOR_LOEPENR AS record_key, m.MED_SLUTTDATO AS slutt FROM FA_MEDARBEIDERE m"
    " WHERE m.MED_SLUTTDATO < :cutover"
)
CONTRACTOR_ENDED = '''
id = "local-contractor-ended"
severity = "info"
category = "contractors"
title = { nb = "Oppdragstaker med avsluttet oppdrag", en = "Contractor whose assignment has ended" }
why.nb = "Et lokalt krav: avsluttede oppdrag skal være lukket i registeret før overgangen."
why.en = "A local requirement: ended assignments are to be closed in the register before the switch."
fix = { nb = "Passiviser oppdragstakeren i registeret.", en = "Passivise the contractor in the register." }
message = { nb = "Oppdraget sluttet {slutt}", en = "The assignment ended {slutt}" }

[[queries]]
table = "FA_MEDARBEIDERE"
sql = """SQL"""
'''.replace("SQL", CONTRACTOR_ENDED_SQL)


def local_folder(root: Path, text: str = CONTRACTOR_ENDED, name: str = "local-contractor-ended") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{name}.toml").write_text(text, encoding="utf-8")
    return root


# --- loading -------------------------------------------------------------------------------------------------------


def test_an_extra_folder_adds_its_rules_to_the_catalogue(tmp_path: Path) -> None:
    builtin = load_rulebook()
    rulebook = load_rulebook(None, [EXAMPLE])
    assert set(rulebook.rules) == set(builtin.rules) | {EXAMPLE_RULE}
    assert rulebook.is_extra(EXAMPLE_RULE)
    assert not any(rulebook.is_extra(rule_id) for rule_id in builtin.rules)
    assert rulebook.origin[EXAMPLE_RULE] == EXAMPLE / f"{EXAMPLE_RULE}.toml"
    two = load_rulebook(None, [EXAMPLE, local_folder(tmp_path / "more")])
    assert {EXAMPLE_RULE, "local-contractor-ended"} <= set(two.rules)


def test_an_extra_rule_uses_the_shared_derived_sets() -> None:
    rulebook = load_rulebook(None, [EXAMPLE])
    query = rulebook.query(rulebook.rules[EXAMPLE_RULE], 0)
    assert "migrated_children" in query.set_references(set(rulebook.sets.sets))


@pytest.mark.parametrize("clash", ["built-in", "extra"])
def test_an_id_clash_is_an_error_naming_both_files(tmp_path: Path, clash: str) -> None:
    if clash == "built-in":
        folder = tmp_path / "copy"
        folder.mkdir()
        shutil.copy(builtin_rules_dir() / "reminder-open.toml", folder)
        extra, first, second = [folder], builtin_rules_dir() / "reminder-open.toml", folder / "reminder-open.toml"
    else:
        one, other = local_folder(tmp_path / "one"), local_folder(tmp_path / "other")
        extra, first, second = [one, other], one / "local-contractor-ended.toml", other / "local-contractor-ended.toml"
    with pytest.raises(RuleFileError) as raised:
        load_rulebook(None, extra)
    assert str(first) in str(raised.value) and str(second) in str(raised.value)
    assert "already used by" in str(raised.value)


@pytest.mark.parametrize(
    ("broken", "named"),
    [
        ("DELETE FROM FA_MEDARBEIDERE", ["local-contractor-ended.toml", "rule local-contractor-ended"]),
        ("SELECT m.FOR_LOEPENR AS record_key FROM FA_MEDARBEIDERE m WHERE m.MED_SLUTT < :cutover",
         ["local-contractor-ended.toml", "MED_SLUTT"]),
        ("SELECT x.for_loepenr AS record_key FROM ended_contractors x",
         ["local-contractor-ended.toml", "ended_contractors"]),
    ],
    ids=["a-write", "an-unknown-column", "an-unknown-set"],
)
def test_an_extra_rule_passes_the_same_checks_as_a_built_in_one(tmp_path: Path, broken: str, named: list[str]) -> None:
    folder = local_folder(tmp_path / "local", CONTRACTOR_ENDED.replace(CONTRACTOR_ENDED_SQL, broken))
    with pytest.raises(RuleFileError) as raised:
        load_rulebook(None, [folder])
    for name in named:
        assert name.lower() in str(raised.value).lower()


def test_extra_folders_that_cannot_be_used_are_refused(tmp_path: Path) -> None:
    cases = {
        "missing": (tmp_path / "missing", "is not a folder of rule files"),
        "empty": (tmp_path / "empty", "no rule files"),
        "own-sets": (tmp_path / "own-sets", "an extra rule folder uses the catalogue's derived sets"),
    }
    (tmp_path / "empty").mkdir()
    local_folder(tmp_path / "own-sets")
    shutil.copy(builtin_rules_dir() / "sets.toml", tmp_path / "own-sets")
    for folder, message in cases.values():
        with pytest.raises(RuleFileError, match=message):
            load_rulebook(None, [folder])
    twice = local_folder(tmp_path / "twice")
    with pytest.raises(RuleFileError, match="is given twice"):
        load_rulebook(None, [twice, twice])


# --- the commands ----------------------------------------------------------------------------------------------------


def test_rules_and_explain_show_a_local_rule_as_local() -> None:
    listed = invoke("rules", "--lang", "en", "--extra-rules", str(EXAMPLE))
    assert listed.code == 0, listed.stderr
    blocks = " ".join(listed.stdout.split()).split(" · ")  # the two-line form of a terminal 80 columns wide
    local = next(i for i, part in enumerate(blocks) if part.endswith(EXAMPLE_RULE))
    assert f"(local rule: {EXAMPLE})" in blocks[local] and blocks[local + 1] == "warning"
    own = next(part for part in blocks if part.endswith("reminder-open"))
    assert "local rule" not in own.split(")")[-1]
    explained = invoke("explain", EXAMPLE_RULE, "--lang", "en", "--dialect", "sqlite", "--extra-rules", str(EXAMPLE))
    assert explained.code == 0, explained.stderr
    assert f"Local rule: {EXAMPLE / (EXAMPLE_RULE + '.toml')}" in explained.stdout
    assert "WITH migrated_children AS" in explained.stdout
    assert invoke("explain", EXAMPLE_RULE).code == 2, "without the folder the local rule is unknown"


def test_requirements_and_grants_cover_the_columns_a_local_rule_reads(tmp_path: Path) -> None:
    folder = local_folder(tmp_path / "local")
    assert "MED_SLUTTDATO" not in invoke("requirements").stdout
    listed = invoke("requirements", "--extra-rules", str(folder))
    assert "FA_MEDARBEIDERE: FOR_LOEPENR, MED_SLUTTDATO" in listed.stdout
    grants = invoke("requirements", "--grants", "reader", "--extra-rules", str(folder))
    assert "GRANT SELECT ([FOR_LOEPENR], [MED_SLUTTDATO]) ON [dbo].[FA_MEDARBEIDERE] TO [reader];" in grants.stdout


def test_the_configuration_names_extra_folders_relative_to_its_own_folder(sandbox: Sandbox) -> None:
    local_folder(sandbox.root / "team-rules")
    (sandbox.cwd / "flytcheck.toml").write_text('extra_rules = ["../team-rules"]\n', encoding="utf-8")
    assert "local-contractor-ended" in invoke("rules").stdout  # ./flytcheck.toml
    elsewhere = sandbox.source / "flytcheck.toml"
    elsewhere.write_text('extra_rules = ["../team-rules"]\n', encoding="utf-8")
    (sandbox.cwd / "flytcheck.toml").unlink()
    assert "local-contractor-ended" in invoke("rules", "--config", str(elsewhere)).stdout
    assert "MED_SLUTTDATO" in invoke("requirements", "--config", str(elsewhere)).stdout
    assert "MED_SLUTTDATO" not in invoke("requirements").stdout
    (sandbox.cwd / "flytcheck.toml").write_text('extra_rules = ["../team-rules"]\n', encoding="utf-8")
    # The command line wins over the configuration, as for every setting.
    replaced = invoke("rules", "--extra-rules", str(EXAMPLE))
    assert EXAMPLE_RULE in replaced.stdout and "local-contractor-ended" not in replaced.stdout


@pytest.mark.parametrize("value", ['"../team-rules"', "[1]", '[""]'], ids=["a-string", "a-number", "blank"])
def test_a_wrong_extra_rules_setting_is_refused_naming_file_and_key(sandbox: Sandbox, value: str) -> None:
    config = sandbox.cwd / "flytcheck.toml"
    config.write_text(f"extra_rules = {value}\n", encoding="utf-8")
    assert_refused(invoke("rules"), str(config), "extra_rules")
    familia_sqlite(sandbox.source / "familia.sqlite", {})
    assert_refused(invoke(*scan_args(str(sandbox.source / "familia.sqlite"))), str(config), "extra_rules")


def municipality_rows() -> dict[str, list[dict[str, object]]]:
    return {
        "FA_SAKSBEHANDLERE": [{"SBH_INITIALER": "AB"}],
        "FA_KLIENT": [
            {"KLI_LOEPENR": 1, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "AB"},
            {"KLI_LOEPENR": 2, "KOM_KOMMUNENR": 1865, "SBH_INITIALER": "AB"},
        ],
    }


def test_a_local_rule_reaches_every_output(sandbox: Sandbox) -> None:
    source = familia_sqlite(sandbox.source / "familia.sqlite", municipality_rows())
    out = sandbox.out
    run = invoke(*scan_args(str(source), "--extra-rules", str(EXAMPLE), "--details", "--lang", "en",
                            *sandbox.outputs()))
    assert_completed(run)
    assert EXAMPLE_RULE in run.stdout and "Municipality 1865 is not one of the" in run.stdout
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    outcome = {"rule": EXAMPLE_RULE, "category": "children", "severity": "warning", "status": "ran", "findings": 1}
    assert outcome in report["rules"]
    assert [f["key"] for f in report["findings"] if f["rule"] == EXAMPLE_RULE] == ["2"]
    with (out / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";") if row["Rule"] == EXAMPLE_RULE]
    assert len(rows) == 1 and rows[0]["Caseworker"] == "AB"
    assert EXAMPLE_RULE in (out / "lists" / "AB.csv").read_text(encoding="utf-8-sig")
    assert 'name="FA_KLIENT:2"' in (out / "r.xml").read_text(encoding="utf-8")
    assert f"flytcheck.children.{EXAMPLE_RULE}" in (out / "r.xml").read_text(encoding="utf-8")
    assert EXAMPLE_RULE in (out / "r.html").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(out / "r.xlsx", read_only=True)
    cells = {str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    book.close()
    assert EXAMPLE_RULE in cells


def test_only_and_disable_know_local_rules(sandbox: Sandbox) -> None:
    source = familia_sqlite(sandbox.source / "familia.sqlite", municipality_rows())
    only = invoke(*scan_args(str(source), "--extra-rules", str(EXAMPLE), "--only", EXAMPLE_RULE, "--format", "json"))
    assert_completed(only)
    assert {f["rule"] for f in json.loads(only.stdout)["findings"]} == {EXAMPLE_RULE}
    disabled = invoke(*scan_args(str(source), "--extra-rules", str(EXAMPLE), "--disable", EXAMPLE_RULE,
                                 "--format", "json"))
    assert_completed(disabled)
    assert EXAMPLE_RULE not in {f["rule"] for f in json.loads(disabled.stdout)["findings"]}


def test_rules_stays_light_with_extra_rules() -> None:
    """`flytcheck rules` does not load SQLAlchemy, local rules or not (it only reads and checks rule files)."""
    code = (
        "import sys; from flytcheck.cli import main; sys.argv = ['flytcheck', 'rules', '--extra-rules', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'sqlalchemy' not in sys.modules, 'SQLAlchemy was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert EXAMPLE_RULE in result.stdout


# --- the worked example, as CI runs it ------------------------------------------------------------------------------


def flytcheck(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    assert FLYTCHECK is not None, "the flytcheck command is not installed beside this Python"
    return subprocess.run([FLYTCHECK, *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


def test_the_example_rule_passes_its_own_cases() -> None:
    result = flytcheck("test-rules", "examples/local-rules/cases", "--extra-rules", "examples/local-rules",
                       "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:-1]] == [["ok", f"{EXAMPLE_RULE}:"]] * 3, result.stdout
    assert lines[-1] == "3 cases: 3 passed, 0 failed, 0 could not run"


def test_a_scan_runs_the_example_rule_beside_the_catalogue(tmp_path: Path) -> None:
    source = familia_sqlite(tmp_path / "familia.sqlite", municipality_rows())
    result = flytcheck("scan", str(source), "--extra-rules", str(EXAMPLE), "--cutover", "2027-05-22", "--quiet",
                       "--format", "json", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert [(f["rule"], f["key"]) for f in report["findings"] if f["rule"] == EXAMPLE_RULE] == [(EXAMPLE_RULE, "2")]
    assert len(report["rules"]) == len(load_rulebook().rules) + 1
