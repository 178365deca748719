"""Every rule explains itself, and the criteria, the rule files, the README and the commands agree.

docs/criteria.md is the catalogue in words: every rule with its severity, category and record tables, and every
derived set. The rule files are the catalogue as data. The README's rule table, `flytcheck rules` and
`flytcheck explain` show it to users. A test here fails as soon as any of them drifts from the others.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flytcheck.catalogue.loading import load_rulebook
from flytcheck.cli import app
from flytcheck.model import Severity
from flytcheck.texts import severity_name

ROOT = Path(__file__).parents[1]
CRITERIA = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
RULEBOOK = load_rulebook()
ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (blocker|warning|info) \|(.*)$", re.M)


def section(text: str, heading: str) -> str:
    """The text of the `## ` section whose heading contains `heading`."""
    match = re.search(rf"^## [^\n]*{re.escape(heading)}[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


def table_rows(text: str) -> dict[str, tuple[str, list[str]]]:
    """Rule id -> (severity, the other cells) of a markdown table whose first two columns are rule and severity."""
    rows: dict[str, tuple[str, list[str]]] = {}
    for rule_id, severity, rest in ROW.findall(text):
        assert rule_id not in rows, f"{rule_id} is in the table twice"
        rows[rule_id] = (severity, [cell.strip() for cell in rest.strip().strip("|").split("|")])
    return rows


CATALOGUE = section(CRITERIA, "The rule catalogue")
DOCUMENTED = table_rows(CATALOGUE)


def test_the_criteria_document_lists_exactly_the_catalogue() -> None:
    assert sorted(DOCUMENTED) == sorted(RULEBOOK.rules), "docs/criteria.md's rule table and rules/*.toml differ"


@pytest.mark.parametrize("rule_id", sorted(RULEBOOK.rules))
def test_the_criteria_document_agrees_with_the_rule_file(rule_id: str) -> None:
    rule = RULEBOOK.rules[rule_id]
    severity, (category, tables, _finds) = DOCUMENTED[rule_id]
    assert severity == rule.severity.value, f"{rule_id}: severity in docs/criteria.md"
    assert category == rule.category, f"{rule_id}: category in docs/criteria.md"
    assert set(re.findall(r"`(FA_[A-Z_]+)`", tables)) == set(rule.tables), f"{rule_id}: tables in docs/criteria.md"
    described = re.search(rf"^### `{re.escape(rule_id)}`\n\n(.*?)(?=^##)", CATALOGUE + "\n##", re.M | re.S)
    assert described, f"{rule_id}: no `### {rule_id}` section in docs/criteria.md"
    assert described.group(1).startswith(f"**{rule.severity.value.capitalize()}**"), f"{rule_id}: section severity"


def test_the_criteria_document_describes_every_derived_set() -> None:
    sets = section(CRITERIA, "Derived sets")
    for name in RULEBOOK.sets.sets:
        assert f"`{name}`" in sets, f"the derived set {name} is not described"


def test_the_guide_for_rule_writers_names_every_derived_set() -> None:
    guide = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    for name in RULEBOOK.sets.sets:
        assert f"`{name}`" in guide, f"rules/README.md does not name the derived set {name}"


def test_the_readme_rule_table_agrees() -> None:
    readme = {rule_id: severity for rule_id, (severity, _) in table_rows(section(README, "What it checks")).items()}
    assert readme == {rule_id: severity for rule_id, (severity, _) in DOCUMENTED.items()}


def test_the_readme_links_the_criteria() -> None:
    assert "(docs/criteria.md)" in section(README, "What it checks")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_rules_and_explain_show_the_documented_severity(lang: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["rules", "--lang", lang], env={"COLUMNS": "400"})  # one rule a line
    assert listed.exit_code == 0, listed.output
    for rule_id, (severity, _) in DOCUMENTED.items():
        shown = severity_name(Severity(severity), lang)
        line = next(line for line in listed.output.splitlines() if f"  {rule_id}  " in line)
        assert line.split(f"  {rule_id}  ")[1].split()[0] == shown, f"flytcheck rules: {rule_id}"
        explained = runner.invoke(app, ["explain", rule_id, "--lang", lang])
        label = "Severity" if lang == "en" else "Alvorlighet"
        assert f"\n{label}: {shown}\n" in explained.output, f"flytcheck explain {rule_id}"


@pytest.mark.parametrize("rule_id", sorted(RULEBOOK.rules))
def test_rule_explains_itself(rule_id: str) -> None:
    rule = RULEBOOK.rules[rule_id]
    for text in (rule.title, rule.why, rule.fix, rule.message):
        for lang in ("nb", "en"):
            value = text.get(lang)
            assert value.strip() and value == value.strip(), f"{rule_id}: empty or padded {lang} text"
    assert len(rule.why.nb.split()) >= 8 and len(rule.why.en.split()) >= 8, f"{rule_id}: 'why' is too thin"
    assert len(rule.fix.nb.split()) >= 5 and len(rule.fix.en.split()) >= 5, f"{rule_id}: 'fix' is too thin"
    assert rule.title.nb != rule.title.en, f"{rule_id}: title not translated"


@pytest.mark.parametrize("rule_id", sorted(RULEBOOK.rules))
def test_messages_never_show_personal_columns(rule_id: str) -> None:
    rule = RULEBOOK.rules[rule_id]
    texts = [rule.message, *rule.message_variants.values(), *(q.message for q in rule.queries if q.message)]
    for text in texts:
        for lang in ("nb", "en"):
            fields = set(re.findall(r"{(\w+)}", text.get(lang)))
            assert not fields & set(rule.personal), f"{rule_id}: message shows a personal field"
            assert not fields & {"foedselsnummer", "dnummer", "fnr", "emne", "statusmelding"}, rule_id


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_explain_prints_what_why_fix_and_query(lang: str) -> None:
    runner = CliRunner()
    for rule_id, rule in RULEBOOK.rules.items():
        result = runner.invoke(app, ["explain", rule_id, "--lang", lang])
        assert result.exit_code == 0, result.output
        assert rule.title.get(lang) in result.output
        assert rule.why.get(lang) in result.output
        assert rule.fix.get(lang) in result.output
        assert "SELECT" in result.output


def test_explain_unknown_rule_is_a_clear_error() -> None:
    result = CliRunner().invoke(app, ["explain", "no-such-rule", "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown rule 'no-such-rule'" in result.output


def test_rules_lists_every_rule() -> None:
    result = CliRunner().invoke(app, ["rules", "--lang", "en"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    for rule_id, rule in RULEBOOK.rules.items():
        line = next(line for line in result.output.splitlines() if f"  {rule_id}  " in line)
        assert line.startswith(rule.title.en) and rule.severity.value in line
