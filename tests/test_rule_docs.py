"""Every rule explains itself: complete texts in both languages, and `flytcheck explain` shows them."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from flytcheck.cli import app
from flytcheck.rulebook import load_rulebook

RULEBOOK = load_rulebook()
DOMAIN_RULES = {
    "child-closed-before-cutover-year": ("info", {"FA_KLIENT"}),
    "child-invalid-fnr": ("warning", {"FA_KLIENT"}),
    "child-no-active-caseworker": ("warning", {"FA_KLIENT"}),
    "connection-invalid-id": ("warning", {"FA_FORBINDELSER"}),
    "contractor-unregistered": ("warning", {"FA_FORBINDELSER"}),
    "connection-role-not-migrated": ("info", {"FA_FORBINDELSER"}),
    "contractor-not-linked": ("info", {"FA_MEDARBEIDERE"}),
    "organisation-missing-orgnr": ("warning", {"FA_FORBINDELSER"}),
    "organisation-invalid-orgnr": ("warning", {"FA_FORBINDELSER"}),
    "reminder-open": ("blocker", {"FA_HUSKELAPP"}),
    "record-not-finalised": ("blocker", {"FA_JOURNAL", "FA_POSTJOURNAL"}),
    "document-checked-out": ("blocker", {"FA_DOKUMENTER"}),
    "record-not-archived": ("blocker", {"FA_JOURNAL", "FA_POSTJOURNAL"}),
    "archive-error": ("blocker", {"FA_JOURNAL", "FA_POSTJOURNAL", "FA_DOKUMENTER"}),
    "familia-outdated": ("blocker", {"FA_DBVERSJON"}),
}


def test_the_catalogue_is_domain_md_section_3() -> None:
    """Same rule ids, severities and record tables as the specification."""
    actual = {r.id: (r.severity.value, set(r.tables)) for r in RULEBOOK.rules.values()}
    for rule_id, expected in DOMAIN_RULES.items():
        assert actual.get(rule_id) == expected, rule_id


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
    result = CliRunner().invoke(app, ["explain", "no-such-rule"])
    assert result.exit_code == 2
    assert "unknown rule 'no-such-rule'" in result.output


def test_rules_lists_every_rule() -> None:
    result = CliRunner().invoke(app, ["rules", "--lang", "en"])
    assert result.exit_code == 0
    for rule_id, rule in RULEBOOK.rules.items():
        line = next(line for line in result.output.splitlines() if line.startswith(rule_id + " "))
        assert rule.title.en in line and rule.severity.value in line
