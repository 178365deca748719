"""`--junit`: read by junitparser the way GitLab, Jenkins and Azure DevOps read it.

Blocking findings fail; findings below the fail level are passing test cases with the finding in `system-out`
(GitLab shows a skipped test as one that never ran); skipped is only a rule that did not run."""

from __future__ import annotations

from pathlib import Path

from junitparser import Failure, JUnitXml, Skipped

from robustness import is_private
from test_reports_fixtures import FORMULA, TENOR_MOTHER, familia_db, scan

__all__ = ["familia_db"]


def load(path: Path) -> dict[str, dict[str, list[str]]]:
    """suite -> {"passed"|"failure"|"skipped": [case names]}"""
    suites: dict[str, dict[str, list[str]]] = {}
    for suite in JUnitXml.fromfile(str(path)):
        outcome: dict[str, list[str]] = {"passed": [], "failure": [], "skipped": []}
        for case in suite:
            kinds = {type(r) for r in case.result}
            kind = "failure" if Failure in kinds else "skipped" if Skipped in kinds else "passed"
            outcome[kind].append(case.name)
        suites[suite.name] = outcome
    return suites


def system_out(path: Path, suite_name: str) -> dict[str, str]:
    suite = next(s for s in JUnitXml.fromfile(str(path)) if s.name == suite_name)
    return {case.name: case.system_out or "" for case in suite}


def test_blockers_fail_the_rest_pass_and_only_a_rule_that_did_not_run_is_skipped(
    familia_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "junit.xml"
    code, _ = scan(str(familia_db), "--junit", str(target), "--show-personal-data")
    assert code == 1
    assert is_private(target)
    suites = load(target)
    assert sorted(suites["reminder-open"]["failure"]) == ["FA_HUSKELAPP:10", "FA_HUSKELAPP:11", "FA_HUSKELAPP:12",
                                                           "FA_HUSKELAPP:13"]
    assert suites["archive-error"]["failure"] == ["FA_DOKUMENTER:31", "FA_JOURNAL:21", "FA_POSTJOURNAL:2024/9"]
    assert suites["connection-invalid-id"] == {"passed": ["FA_FORBINDELSER:40"], "failure": [], "skipped": []}
    out = system_out(target, "connection-invalid-id")["FA_FORBINDELSER:40"]
    assert out.startswith("advarsel: under feilnivået (blokkerende)") and "Slik retter du:" in out
    assert suites["contractor-not-linked"]["passed"] and not suites["contractor-not-linked"]["failure"]
    skipped = [name for name, kinds in suites.items() if kinds["skipped"]]
    assert skipped == ["familia-outdated"]  # did not run: no --min-familia-version
    case = next(iter(next(s for s in JUnitXml.fromfile(str(target)) if s.name == "familia-outdated")))
    assert case.result[0].message == (
        "Regelen ble ikke kjørt: krever --min-familia-version (min_familia_version i flytcheck.toml)")
    xml = JUnitXml.fromfile(str(target))
    xml.update_statistics()
    assert xml.failures == 10
    text = target.read_text(encoding="utf-8")
    assert TENOR_MOTHER not in text and FORMULA not in text  # CI logs never carry personal data


def test_fail_on_warning_turns_warnings_into_failures(familia_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    assert scan(str(familia_db), "--junit", str(target), "--fail-on", "warning", "--lang", "en")[0] == 1
    suites = load(target)
    assert suites["connection-invalid-id"]["failure"] == ["FA_FORBINDELSER:40"]
    assert suites["child-closed-before-cutover-year"]["passed"] == ["FA_KLIENT:4", "FA_KLIENT:5"]
    case = next(iter(next(s for s in JUnitXml.fromfile(str(target)) if s.name == "connection-invalid-id")))
    failure = case.result[0]
    assert failure.type == "warning" and failure.message.startswith("Not migrated")
    assert "How to fix:" in (failure.text or "")


def test_a_clean_database_is_all_green(tmp_path: Path) -> None:
    from test_reports_fixtures import build_familia

    database = build_familia(tmp_path / "clean.sqlite", {"FA_SAKSBEHANDLERE": [{"SBH_INITIALER": "AB"}]})
    target = tmp_path / "junit.xml"
    assert scan(str(database), "--junit", str(target))[0] == 0
    xml = JUnitXml.fromfile(str(target))
    xml.update_statistics()
    assert xml.failures == 0 and xml.errors == 0 and xml.tests >= 15


def test_a_narrowed_run_says_so_in_every_suite(familia_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    assert scan(str(familia_db), "--junit", str(target), "--only", "arkiv", "--disable", "archive-error")[0] == 1
    xml = JUnitXml.fromfile(str(target))
    assert xml.name == "flytcheck (bare Arkiv; uten archive-error)"
    suites = list(xml)
    assert sorted(s.name for s in suites) == ["archive-error", "record-not-archived"]
    for suite in suites:
        assert {p.name: p.value for p in suite.properties()}["narrowed"] == "bare Arkiv; uten archive-error"
    full = tmp_path / "full.xml"
    assert scan(str(familia_db), "--junit", str(full))[0] == 1
    assert JUnitXml.fromfile(str(full)).name == "flytcheck"
