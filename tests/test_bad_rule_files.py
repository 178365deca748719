"""Rule files and configuration files that are wrong: each is refused before the scan with exit code 2, naming the
file, the rule and the field, and nothing is written.

Syntax errors, bytes that are not UTF-8, unknown fields, wrong types, unknown rule ids (in --disable and in
flytcheck.toml), duplicate ids, unknown validators and classifiers, derived sets in a loop, queries that fail only at
run time, and a write statement through the whole command (tests/test_readonly.py refuses every kind of write
statement at load time; it is not repeated here).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from flytcheck.catalogue.rulebook import builtin_rules_dir
from robustness import Sandbox, assert_refused, fixture_sqlite, invoke, sandbox, scan_args, snapshot

__all__ = ["sandbox"]

RULE = "reminder-open.toml"
SQL = "CAST(h.HUS_FRIST AS DATE) AS frist, h.HUS_EMNE AS emne"
"""A fragment of reminder-open's query, for edits to it."""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}: update this test"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rule_edit(old: str, new: str, file: str = RULE) -> Callable[[Path], None]:
    return lambda rules: edit(rules / file, old, new)


def write(file: str, content: bytes) -> Callable[[Path], None]:
    return lambda rules: (rules / file).write_bytes(content)


RULE_CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    # name: (how the copied catalogue is broken, what the message names)
    "toml-syntax-error": (rule_edit('severity = "blocker"', "severity = blocker"), [RULE, "not valid TOML", "line 2"]),
    "not-utf8": (write(RULE, 'id = "reminder-open"\ntitle = "\xc5pen"\n'.encode("cp1252")), [RULE, "not UTF-8"]),
    "duplicate-key-in-one-file": (rule_edit('severity = "blocker"', 'severity = "blocker"\nseverity = "info"'),
                                  [RULE, "not valid TOML", "line 3"]),
    "unknown-field": (rule_edit('category = "reminders"', 'category = "reminders"\ncolour = "red"'),
                      [RULE, "rule reminder-open", "colour: Extra inputs are not permitted"]),
    "unknown-field-in-a-query": (rule_edit('table = "FA_HUSKELAPP"', 'table = "FA_HUSKELAPP"\ndialect = "mssql"'),
                                 [RULE, "rule reminder-open", "queries.0.dialect: Extra inputs are not permitted"]),
    "severity-of-wrong-type": (rule_edit('severity = "blocker"', "severity = 3"),
                               [RULE, "rule reminder-open", "severity: Input should be"]),
    "unknown-severity": (rule_edit('severity = "blocker"', 'severity = "fatal"'),
                         [RULE, "rule reminder-open", "severity: Input should be 'info', 'warning' or 'blocker'"]),
    "unknown-category": (rule_edit('category = "reminders"', 'category = "huskelapper"'),
                         [RULE, "rule reminder-open", "category: ", "should be one of 'children'"]),
    "text-without-english": (rule_edit(', en = "Open item on the reminder list" }', ' }'),
                             [RULE, "rule reminder-open", "title.en: Field required"]),
    "missing-field": (rule_edit('why = { nb = "Huskelisten', 'why_not = { nb = "Huskelisten'),
                      [RULE, "rule reminder-open", "why: Field required"]),
    "queries-of-wrong-type": (rule_edit("[[queries]]", "queries = 5\n[[x]]", "melding-open.toml"),
                              ["melding-open.toml", "rule melding-open", "queries: Input should be a valid"]),
    "personal-of-wrong-type": (rule_edit('personal = ["emne"]', 'personal = "emne"'),
                               [RULE, "rule reminder-open", "personal: Input should be a valid"]),
    "id-of-wrong-form": (rule_edit('id = "reminder-open"', 'id = "Reminder Open"'),
                         [RULE, "rule Reminder Open", "id: String should match pattern"]),
    "id-not-the-file-name": (rule_edit('id = "reminder-open"', 'id = "reminder-closed"'),
                             [RULE, "rule reminder-closed", "id: must match the file name 'reminder-open'"]),
    "duplicate-id": (lambda r: shutil.copy(r / RULE, r / "reminder-open-2.toml"),
                     ["reminder-open-2.toml", "rule reminder-open", "id: must match the file name"]),
    "unknown-table": (rule_edit('table = "FA_HUSKELAPP"', 'table = "FA_HUSKELISTE"'),
                      [RULE, "rule reminder-open", "queries.0: Value error, unknown Familia table 'FA_HUSKELISTE'"]),
    "unknown-validator": (rule_edit('personal = ["emne"]', 'personal = ["emne"]\nvalidator = "fnr_check"'),
                          [RULE, "rule reminder-open", "validator: Value error, unknown validator 'fnr_check'"]),
    "unknown-aggregator": (rule_edit('personal = ["emne"]', 'personal = ["emne"]\naggregator = "duplicates"'),
                           [RULE, "rule reminder-open", "aggregator: Value error, unknown aggregator 'duplicates'"]),
    "validator-and-aggregator": (
        rule_edit('aggregator = "duplicate_child_fnr"', 'aggregator = "duplicate_child_fnr"\nvalidator = "child_fnr"',
                  "child-duplicate-fnr.toml"),
        ["child-duplicate-fnr.toml", "rule child-duplicate-fnr", "a validator or an aggregator, not both"]),
    "requires-unknown-parameter": (rule_edit('personal = ["emne"]', 'personal = ["emne"]\nrequires = "min_version"'),
                                   [RULE, "rule reminder-open", "requires: Input should be 'min_familia_version'"]),
    "variants-without-column": (rule_edit('personal = ["emne"]', 'personal = ["emne"]\nvariant_column = "x"'),
                                [RULE, "rule reminder-open", "message_variants and variant_column go together"]),
    "message-shows-a-personal-field": (rule_edit("Huskelapp ikke oppfylt (frist {frist})",
                                                 "Huskelapp ikke oppfylt (frist {frist}: {emne})"),
                                       [RULE, "rule reminder-open", "message shows the personal field(s) emne"]),
    "message-with-a-stray-brace": (rule_edit("Huskelapp ikke oppfylt (frist {frist})",
                                             "Huskelapp ikke oppfylt (frist {frist)"),
                                   [RULE, "rule reminder-open", "expected '}' before end of string"]),
    "sql-syntax-error": (rule_edit("FROM FA_HUSKELAPP h\n", "FROM FA_HUSKELAPP h WHERE\n"),
                         [RULE, "rule reminder-open, queries[0].sql: not valid SQL"]),
    "sql-unclosed-quote": (rule_edit(SQL, SQL + ", 'x AS y"),
                           [RULE, "rule reminder-open, queries[0].sql: not valid SQL"]),
    "sql-unclosed-comment": (rule_edit(SQL, SQL + " /* a note"),
                             [RULE, "rule reminder-open, queries[0].sql: not valid SQL"]),
    "sql-nested-too-deeply": (rule_edit(SQL, SQL + ", " + "(" * 3000 + "1" + ")" * 3000 + " AS deep"),
                              [RULE, "rule reminder-open, queries[0].sql: not valid SQL (nested too deeply)"]),
    "sql-unknown-column": (rule_edit("h.HUS_EMNE AS emne", "h.HUS_TEMA AS emne"),
                           [RULE, "rule reminder-open, queries[0].sql: FA_HUSKELAPP has no column HUS_TEMA"]),
    "sql-unknown-table": (rule_edit("FROM FA_HUSKELAPP h\n", "FROM FA_HUSKELISTE h\n"),
                          [RULE, "rule reminder-open, queries[0].sql: unknown table or set FA_HUSKELISTE"]),
    "sql-unknown-parameter": (rule_edit("WHERE h.HUS_OPPFYLTDATO IS NULL", "WHERE h.HUS_FRIST < :today"),
                              [RULE, "rule reminder-open, queries[0].sql: unknown parameter :today"]),
    "sql-unknown-function": (rule_edit("h.HUS_EMNE AS emne", "xp_cmdshell(h.HUS_EMNE) AS emne"),
                             [RULE, "rule reminder-open, queries[0].sql: unknown function"]),
    "sql-that-writes": (rule_edit("SELECT h.HUS_LOEPENR", "DELETE FROM FA_HUSKELAPP; SELECT h.HUS_LOEPENR"),
                        [RULE, "rule reminder-open, queries[0].sql: must be exactly one statement"]),
    "sets-toml-syntax-error": (rule_edit("[sets.active_ties]", "[sets.active_ties", "sets.toml"),
                               ["sets.toml: not valid TOML"]),
    "sets-unknown-field": (rule_edit('[sets.active_ties]\n', '[sets.active_ties]\nowner = "x"\n', "sets.toml"),
                           ["sets.toml: sets.active_ties.owner: Extra inputs are not permitted"]),
    "sets-unknown-preview": (rule_edit("[preview.children]", "[preview.barn]", "sets.toml"),
                             ["sets.toml: preview.barn.[key]: Input should be 'children'"]),
    "sets-unknown-classifier": (rule_edit('classifier = "organisation"', 'classifier = "org"', "sets.toml"),
                                ["sets.toml: preview.organisations.classifier: Value error, unknown classifier 'org'"]),
    "sets-that-write": (rule_edit("FROM FA_KLIENT k\nWHERE k.KLI_AVSLUTTETDATO IS NULL",
                                  "FROM FA_KLIENT k\nWHERE k.KLI_AVSLUTTETDATO IS NULL; DELETE FROM FA_KLIENT",
                                  "sets.toml"),
                        ["sets.toml, set migrated_children: not valid SQL"]),
    "sets-in-a-loop": (rule_edit("FROM FA_KLIENT k\nWHERE k.KLI_AVSLUTTETDATO IS NULL",
                                 "FROM FA_KLIENT k\nWHERE k.KLI_LOEPENR IN (SELECT a.kli_loepenr FROM active_ties a)\n"
                                 "AND k.KLI_AVSLUTTETDATO IS NULL", "sets.toml"),
                       ["sets.toml, set", "use each other in a loop"]),
    "no-sets-file": (lambda r: (r / "sets.toml").unlink(), ["no sets.toml"]),
    "no-rule-files": (lambda r: [p.unlink() for p in r.glob("*.toml") if p.name != "sets.toml"], ["no rule files"]),
}


@pytest.fixture
def rules(sandbox: Sandbox) -> Path:
    folder = sandbox.source / "rules"
    shutil.copytree(builtin_rules_dir(), folder)
    return folder


def refused(sandbox: Sandbox, *args: str) -> str:
    database = fixture_sqlite(sandbox.source / "familia.sqlite")
    before = snapshot(sandbox.root)
    leftovers = sandbox.leftovers()
    run = invoke(*scan_args(str(database), *sandbox.outputs(), *args))
    first = assert_refused(run)
    assert snapshot(sandbox.root) == before and sandbox.leftovers() == leftovers
    return first


@pytest.mark.parametrize("name", sorted(RULE_CASES))
def test_a_broken_rule_file_is_refused_naming_file_rule_and_field(name: str, sandbox: Sandbox, rules: Path) -> None:
    if name == "sets-in-a-loop":  # active_ties must use migrated_children for the loop: make it so first
        edit(rules / "sets.toml", "WHERE (t.KTK_TILDATO IS NULL",
             "WHERE t.KLI_LOEPENR IN (SELECT m.kli_loepenr FROM migrated_children m) AND (t.KTK_TILDATO IS NULL")
    change, names = RULE_CASES[name]
    change(rules)
    first = refused(sandbox, "--rules-dir", str(rules))
    for part in names:
        assert part in first, (part, first)
    if names[0].endswith(".toml"):
        assert str(rules) in first, "the file is named by its path"


def test_the_other_commands_refuse_the_same_files(sandbox: Sandbox, rules: Path) -> None:
    RULE_CASES["unknown-validator"][0](rules)
    for command in (["rules"], ["explain", "reminder-open"], ["requirements"]):
        run = invoke(*command, "--rules-dir", str(rules))
        assert "unknown validator 'fnr_check'" in assert_refused(run), command


def test_a_message_naming_a_column_the_query_lacks_stops_the_scan_naming_the_rule(
    sandbox: Sandbox, rules: Path
) -> None:
    edit(rules / RULE, "Huskelapp ikke oppfylt (frist {frist})", "Huskelapp ikke oppfylt (frist {tidsfrist})")
    first = refused(sandbox, "--rules-dir", str(rules))
    assert "rule reminder-open: message needs the column 'tidsfrist' the query does not return" in first


def test_a_query_that_fails_at_run_time_stops_the_scan_naming_the_rule(sandbox: Sandbox, rules: Path) -> None:
    edit(rules / RULE, "WHERE h.HUS_OPPFYLTDATO IS NULL", "WHERE h.HUS_OPPFYLTDATO IS NULL AND tidsfrist > 0")
    first = refused(sandbox, "--rules-dir", str(rules))
    assert first.startswith("flytcheck: error: rule reminder-open: OperationalError: no such column: tidsfrist")


def test_a_rules_folder_that_does_not_exist_is_refused(sandbox: Sandbox) -> None:
    assert "no sets.toml" in refused(sandbox, "--rules-dir", str(sandbox.source / "regler"))


# --- unknown rule ids ------------------------------------------------------------------------------------------------


def test_disabling_a_rule_that_does_not_exist_is_refused_naming_it(sandbox: Sandbox) -> None:
    first = refused(sandbox, "--disable", "reminder-open", "--disable", "no-such-rule")
    assert first == "flytcheck: error: --disable: unknown rule(s) no-such-rule"


def test_a_configuration_disabling_a_rule_that_does_not_exist_is_refused_naming_file_and_rule(
    sandbox: Sandbox,
) -> None:
    config = sandbox.source / "flytcheck.toml"
    config.write_text('disabled_rules = ["reminder-open", "x"]\n', encoding="utf-8")
    first = refused(sandbox, "--config", str(config))
    assert first == f"flytcheck: error: {config}: disabled_rules: unknown rule(s) x"
    # Also when the command line gives its own (valid) list: the file is still wrong.
    assert refused(sandbox, "--config", str(config), "--disable", "reminder-open") == first


# --- the configuration file ------------------------------------------------------------------------------------------

CONFIG_CASES: dict[str, tuple[bytes, str]] = {  # in flytcheck's words, never pydantic's
    "toml-syntax-error": (b"cutover = 2027-05-32\n", "not valid TOML"),
    "not-utf8": ('connection_roles = ["S\xd8S"]\n'.encode("cp1252"), "not UTF-8 text (byte 23)"),
    "unknown-key": (b"cut_over = 2027-05-22\n", "unknown setting(s) cut_over"),
    "lang-of-wrong-value": (b'lang = "sv"\n', "lang: 'sv' is not one of nb, en"),
    "lang-of-wrong-type": (b"lang = 5\n", "lang: 5 is not one of nb, en"),
    "cutover-not-a-date": (b'cutover = "i morgen"\n', "cutover: 'i morgen' is not a date (use YYYY-MM-DD)"),
    "fail-on-unknown": (b'fail_on = "fatal"\n', "fail_on: 'fatal' is not one of blocker, warning, info"),
    "timeout-negative": (b"timeout = -1\n", "timeout: -1 must be more than 0"),
    "statement-timeout-text": (b'statement_timeout = "long"\n', "statement_timeout: 'long' is not a number"),
    "role-too-long": (b'connection_roles = ["MOR", "MORMOR"]\n', "connection_roles.1: 'MORMOR' is not a role code"),
    "disabled-rules-not-a-list": (b'disabled_rules = "reminder-open"\n',
                                  "disabled_rules: 'reminder-open' is not a list of rule ids"),
    "version-not-a-number": (b'min_familia_version = "ni"\n',
                             "min_familia_version: 'ni' is not a version number"),
    "schema-of-wrong-type": (b"schema = ['dbo']\n", "schema: ['dbo'] is not text"),
}


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_a_broken_configuration_is_refused_naming_file_and_setting(name: str, sandbox: Sandbox) -> None:
    content, message = CONFIG_CASES[name]
    config = sandbox.source / "flytcheck.toml"
    config.write_bytes(content)
    first = refused(sandbox, "--config", str(config))
    assert first.startswith(f"flytcheck: error: {config}: ") and message in first, first


def test_the_configuration_in_the_working_folder_is_found_and_named(sandbox: Sandbox) -> None:
    (sandbox.cwd / "flytcheck.toml").write_text('lang = "sv"\n', encoding="utf-8")
    first = refused(sandbox)
    assert f"{sandbox.cwd / 'flytcheck.toml'}: lang: 'sv' is not one of nb, en" in first


def test_a_bad_option_is_named_as_the_option_not_as_the_configuration_file(sandbox: Sandbox) -> None:
    config = sandbox.source / "flytcheck.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    first = refused(sandbox, "--config", str(config), "--lang", "sv")
    assert "--lang: 'sv' is not one of nb, en" in first and str(config) not in first


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_a_configuration_file_that_cannot_be_read_is_refused(kind: str, sandbox: Sandbox) -> None:
    config = sandbox.source / "flytcheck.toml"
    if kind == "folder":
        config.mkdir()
    first = refused(sandbox, "--config", str(config))
    assert first.startswith(f"flytcheck: error: {config}: ")
    assert ("not found" if kind == "missing" else "is a folder") in first
