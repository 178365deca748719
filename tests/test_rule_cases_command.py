"""`flytcheck test-rules [DIR]`: rule cases as a user runs them, on SQLite, pass or fail per case.

Exit 0 when every case passes, 1 when one fails (naming what was expected and what was found, never a value
from the data), 2 when a case file is invalid (naming the file and the case) or a rule could not run. The
scratch databases are gone afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flytcheck.rulecases import builtin_cases_dir, load_cases
from robustness import Sandbox, assert_refused, identity_numbers, invoke, sandbox

__all__ = ["sandbox"]

REMINDER_CASE = """
[[cases]]
name = "an open reminder"
expect = ["FA_HUSKELAPP:1"]
[cases.data]
FA_HUSKELAPP = [{ HUS_LOEPENR = 1, SBH_INITIALER = "AB" }]
"""


def cases_folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_built_in_cases_all_pass(sandbox: Sandbox) -> None:
    run = invoke("test-rules", "--lang", "en")
    assert run.code == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    cases = load_cases()
    assert len(lines) == len(cases) + 1
    for line, case in zip(lines, cases, strict=False):
        assert line.split(maxsplit=1) == ["ok", f"{case.rule}: {case.name}"]
    assert lines[-1] == f"{len(cases)} cases: {len(cases)} passed, 0 failed, 0 could not run"
    assert sandbox.leftovers() == [], "the scratch databases are removed"


def test_a_failing_case_says_what_was_expected_and_what_was_found(sandbox: Sandbox) -> None:
    wrong = (builtin_cases_dir() / "connection-invalid-id.toml").read_text(encoding="utf-8").replace(
        'expect = ["FA_FORBINDELSER:3", "FA_FORBINDELSER:4", "FA_FORBINDELSER:5"]',
        'expect = ["FA_FORBINDELSER:1", "FA_FORBINDELSER:4", "FA_FORBINDELSER:5"]',
    )
    files = {"connection-invalid-id.toml": wrong, "reminder-open.toml": REMINDER_CASE}
    folder = cases_folder(sandbox.root / "cases", files)
    for lang, failed, expected, found in [
        ("nb", "FEILET", "ventet, men ikke funnet: FA_FORBINDELSER:1", "funnet, men ikke ventet: FA_FORBINDELSER:3"),
        ("en", "FAILED", "expected, not found: FA_FORBINDELSER:1", "found, not expected: FA_FORBINDELSER:3"),
    ]:
        run = invoke("test-rules", str(folder), "--lang", lang)
        assert run.code == 1, run.stdout + run.stderr
        first = run.stdout.splitlines()[0]
        assert first.startswith(failed) and "connection-invalid-id: a mother with a valid" in first, run.stdout
        assert expected in run.stdout and found in run.stdout
        assert not identity_numbers(run.stdout), "a failure never shows the numbers the case was built with"
    assert sandbox.leftovers() == []


def test_a_case_whose_rule_cannot_run_is_an_error(sandbox: Sandbox) -> None:
    dropped = REMINDER_CASE.replace("[cases.data]", 'drop_tables = ["FA_KLIENT"]\n[cases.data]')
    folder = cases_folder(sandbox.root / "cases", {"reminder-open.toml": dropped})
    run = invoke("test-rules", str(folder), "--lang", "en")
    assert run.code == 2, run.stdout + run.stderr
    assert run.stdout.startswith("ERROR   reminder-open: an open reminder\n"), run.stdout
    assert "FA_KLIENT" in run.stdout
    assert run.stdout.splitlines()[-1] == "1 cases: 0 passed, 0 failed, 1 could not run"


BROKEN_CASES = {
    # name: (file name, text, what the message names)
    "unknown-field": ("reminder-open.toml", REMINDER_CASE.replace("expect =", "colour = 1\nexpect ="),
                      ["case 'an open reminder'", "colour: Extra inputs are not permitted"]),
    "no-name": ("reminder-open.toml", REMINDER_CASE.replace('name = "an open reminder"\n', ""),
                ["case 1", "name: Field required"]),
    "unknown-table": ("reminder-open.toml", REMINDER_CASE.replace("FA_HUSKELAPP = ", "FA_HUSKELISTE = "),
                      ["case 'an open reminder'", "unknown Familia table(s) FA_HUSKELISTE"]),
    "unknown-column": ("reminder-open.toml", REMINDER_CASE.replace("SBH_INITIALER", "SBH_INITIALS"),
                       ["case 'an open reminder'", "data.FA_HUSKELAPP[0]: unknown column 'SBH_INITIALS'"]),
    "not-a-date": ("reminder-open.toml", REMINDER_CASE.replace('"AB" }', '"AB", HUS_FRIST = "1. mai" }'),
                   ["case 'an open reminder'", "data.FA_HUSKELAPP[0].HUS_FRIST: not a date"]),
    "unknown-placeholder": ("reminder-open.toml", REMINDER_CASE.replace('"AB" }', '"@initials" }'),
                            ["case 'an open reminder'", "FA_HUSKELAPP.SBH_INITIALER: @initials: unknown placeholder"]),
    "bad-option": ("reminder-open.toml", REMINDER_CASE.replace("expect =", 'cutover = "soon"\nexpect ='),
                   ["case 'an open reminder'", "cutover: Input should be a valid date"]),
    "bad-preview": ("reminder-open.toml", REMINDER_CASE.replace("expect =", "expect_preview = { kid = [1] }\nexpect ="),
                    ["case 'an open reminder'", "expect_preview.kid"]),
    "expect-without-table": ("reminder-open.toml", REMINDER_CASE.replace('"FA_HUSKELAPP:1"', '"1"'),
                             ["case 'an open reminder'", "expect.0: String should match pattern"]),
    "same-name-twice": ("reminder-open.toml", REMINDER_CASE + REMINDER_CASE,
                        ["case 'an open reminder'", "another case in the file has the same name"]),
    "toml-syntax": ("reminder-open.toml", REMINDER_CASE.replace("expect = [", "expect = ["[:-1]),
                    ["reminder-open.toml", "not valid TOML"]),
    "a-rule-file": ("reminder-open.toml", (builtin_cases_dir().parent / "reminder-open.toml").read_text("utf-8"),
                    ["reminder-open.toml: not a case file", "this looks like a rule file"]),
    "no-such-rule": ("reminder-closed.toml", REMINDER_CASE,
                     ["reminder-closed.toml: no rule 'reminder-closed'", "--extra-rules"]),
}


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_an_invalid_case_file_is_refused_naming_file_and_case(sandbox: Sandbox, name: str) -> None:
    file, text, named = BROKEN_CASES[name]
    folder = cases_folder(sandbox.root / "cases", {file: text})
    assert_refused(invoke("test-rules", str(folder)), str(folder / file), *named)
    assert sandbox.leftovers() == []


def test_a_folder_without_cases_is_refused(sandbox: Sandbox) -> None:
    assert_refused(invoke("test-rules", str(sandbox.root / "nowhere")), "not a folder of rule cases")
    (sandbox.root / "empty").mkdir()
    assert_refused(invoke("test-rules", str(sandbox.root / "empty")), "no case files")
