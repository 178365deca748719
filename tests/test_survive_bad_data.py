"""Data the engine must survive as findings, never as a crash: duplicate keys, references to children, persons and
caseworkers that do not exist, dates far in the past or future, odd numbers and odd text. (A value not stored as its
column's type in a SQLite copy, such as a date as words, stops the scan instead: tests/test_typed_columns.py.)

Each case is an invented database scanned end to end by the CLI: the exit code is 0 or 1 (never 2, never a
traceback), and the JSON report holds the findings that say what is wrong.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from robustness import (
    Sandbox,
    assert_completed,
    familia_csv,
    familia_sqlite,
    invoke,
    sandbox,
    scan_args,
    write_folder,
)
from test_reports_fixtures import familia_rows

__all__ = ["sandbox"]

Rows = dict[str, list[dict[str, Any]]]


def scan_json(source: Path, *args: str) -> dict[str, Any]:
    run = invoke(*scan_args(str(source), "--format", "json", "--min-familia-version", "9.0", "--lang", "nb",
                            *args))
    assert_completed(run)
    report: dict[str, Any] = json.loads(run.stdout)
    assert run.code == (1 if not report["ready"] else 0)
    return report


def findings(report: dict[str, Any], rule: str) -> list[tuple[str, str, str]]:
    return sorted((f["table"], f["key"], f["message"]) for f in report["findings"] if f["rule"] == rule)


def with_rows(change: Callable[[Rows], None]) -> Rows:
    rows = familia_rows()
    change(rows)
    return rows


def _duplicates(rows: Rows) -> None:
    rows["FA_KLIENT"].append(dict(rows["FA_KLIENT"][0]))
    rows["FA_POSTJOURNAL"].append(dict(rows["FA_POSTJOURNAL"][0]))
    rows["FA_HUSKELAPP"] += [dict(rows["FA_HUSKELAPP"][1]), dict(rows["FA_HUSKELAPP"][1])]
    rows["FA_DOKUMENTER"].append(dict(rows["FA_DOKUMENTER"][0]))


def _orphans(rows: Rows) -> None:
    rows["FA_KLIENTTILKNYTNING"] += [
        {"KLI_LOEPENR": 99, "KTK_LOEPENR": 1, "FOR_LOEPENR": 40, "KTK_ROLLE": "MOR"},  # no child 99
        {"KLI_LOEPENR": 1, "KTK_LOEPENR": 2, "FOR_LOEPENR": 4040, "KTK_ROLLE": "FAR"},  # no person 4040
    ]
    rows["FA_MEDARBEIDERE"] = [{"FOR_LOEPENR": 40, "MED_STATUS": "A"}]
    rows["FA_ENGASJEMENTSAVTALE"] = [
        {"ENG_LOEPENR": 7, "KLI_LOEPENR": 77, "FOR_LOEPENR": 40},  # no child 77
        {"ENG_LOEPENR": 8, "KLI_LOEPENR": 1, "FOR_LOEPENR": 41},  # no contractor 41
    ]
    rows["FA_HUSKELAPP"][2]["SBH_INITIALER"] = "AB"  # (a reminder with no caseworker at all is not this test's case)
    rows["FA_HUSKELAPP"] += [
        {"HUS_LOEPENR": 90, "KLI_LOEPENR": 1, "SBH_INITIALER": "ZZ"},  # no caseworker ZZ
        {"HUS_LOEPENR": 91, "KLI_LOEPENR": 555, "SBH_INITIALER": "AB"},  # no child 555
    ]


def test_duplicate_keys_are_findings(sandbox: Sandbox) -> None:
    report = scan_json(familia_sqlite(sandbox.source / "dup.sqlite", with_rows(_duplicates)))
    assert findings(report, "duplicate-key") == [
        ("FA_DOKUMENTER", "30", "Løpenummeret finnes 2 ganger"),
        ("FA_HUSKELAPP", "11", "Løpenummeret finnes 3 ganger"),
        ("FA_KLIENT", "1", "Løpenummeret finnes 2 ganger"),
        ("FA_POSTJOURNAL", "2024/9", "Løpenummeret finnes 2 ganger"),
    ]


def test_references_to_what_does_not_exist_are_findings(sandbox: Sandbox) -> None:
    report = scan_json(familia_sqlite(sandbox.source / "orphans.sqlite", with_rows(_orphans)))
    assert findings(report, "orphan-reference") == [
        ("FA_ENGASJEMENTSAVTALE", "7", "Barnet (KLI_LOEPENR) finnes ikke i FA_KLIENT"),
        ("FA_ENGASJEMENTSAVTALE", "8", "Personen (FOR_LOEPENR) finnes ikke i FA_FORBINDELSER"),
        ("FA_HUSKELAPP", "90", "Saksbehandleren finnes ikke i FA_SAKSBEHANDLERE"),
        ("FA_HUSKELAPP", "91", "Barnet (KLI_LOEPENR) finnes ikke i FA_KLIENT"),
        ("FA_KLIENTTILKNYTNING", "1/2", "Personen (FOR_LOEPENR) finnes ikke i FA_FORBINDELSER"),
        ("FA_KLIENTTILKNYTNING", "99/1", "Barnet (KLI_LOEPENR) finnes ikke i FA_KLIENT"),
    ]


def test_the_same_bad_data_as_a_csv_export_gives_the_same_findings(sandbox: Sandbox) -> None:
    rows = with_rows(lambda r: (_duplicates(r), _orphans(r)))
    from_csv = scan_json(write_folder(sandbox.source / "export", familia_csv(rows)))
    from_sqlite = scan_json(familia_sqlite(sandbox.source / "copy.sqlite", rows))
    for rule in ("duplicate-key", "orphan-reference", "reminder-open"):
        assert findings(from_csv, rule) == findings(from_sqlite, rule) != []


EXTREME_DATES = {
    "far-past": "0001-01-01",
    "sql-server-minimum": "1753-01-01",
    "far-future": "9999-12-31",
    "future-time": "2999-12-31 23:59:59",
}


@pytest.mark.parametrize("when", sorted(EXTREME_DATES))
def test_dates_far_in_the_past_or_future_are_data_not_errors(when: str, sandbox: Sandbox) -> None:
    day = EXTREME_DATES[when]

    def change(rows: Rows) -> None:
        rows["FA_KLIENT"].append({"KLI_LOEPENR": 7, "KOM_KOMMUNENR": 1860, "SBH_INITIALER": "AB",
                                  "KLI_FOEDSELSDATO": day, "KLI_PERSONNR": 12345, "KLI_AVSLUTTETDATO": day})
        rows["FA_HUSKELAPP"].append({"HUS_LOEPENR": 70, "KLI_LOEPENR": 7, "SBH_INITIALER": "AB", "HUS_FRIST": day})
        rows["FA_KLIENTTILKNYTNING"].append(
            {"KLI_LOEPENR": 7, "KTK_LOEPENR": 1, "FOR_LOEPENR": 40, "KTK_ROLLE": "MOR", "KTK_FRADATO": day,
             "KTK_TILDATO": day}
        )
        rows["FA_JOURNAL"].append({"JOU_LOEPENR": 70, "KLI_LOEPENR": 7, "SBH_INITIALER": "AB", "JOT_IDENT": "N",
                                   "JOU_DATONOTAT": day, "JOU_FERDIGDATO": day})
        rows["FA_EIER"][0]["ARK_FRADATO"] = day
        rows["FA_DBVERSJON"][0]["DBV_DBDATO"] = day

    rows = with_rows(change)
    for source in (familia_sqlite(sandbox.source / "copy.sqlite", rows),
                   write_folder(sandbox.source / "export", familia_csv(rows))):
        report = scan_json(source)
        assert ("FA_HUSKELAPP", "70") in {(t, k) for t, k, _ in findings(report, "reminder-open")}
        closed_before = {k for _, k, _ in findings(report, "child-closed-before-cutover-year")}
        assert ("7" in closed_before) == (day < "2027"), "closed long ago, or (in the future) still migrated"
        if day > "2027":  # born in the future: an invalid number
            assert ("FA_KLIENT", "7") in {(t, k) for t, k, _ in findings(report, "child-invalid-fnr")}


ODD_STORED_VALUES: dict[str, tuple[str, str, object]] = {
    # Values of their column's type that no Familia would hold, and text that is odd but text.
    "null-key": ("FA_HUSKELAPP", "HUS_LOEPENR", None),
    "huge-key": ("FA_HUSKELAPP", "HUS_LOEPENR", 2**62),
    "negative-key": ("FA_HUSKELAPP", "HUS_LOEPENR", -12),
    "personnummer-negative": ("FA_KLIENT", "KLI_PERSONNR", -5),
    "personnummer-not-a-number": ("FA_KLIENT", "KLI_PERSONNR", float("nan")),  # SQLite stores NaN as NULL
    "initials-with-control-characters": ("FA_HUSKELAPP", "SBH_INITIALER", "A\tB\r\n\x1b[31m"),
    "initials-that-climb-folders": ("FA_HUSKELAPP", "SBH_INITIALER", "../../x"),
    "megabyte-of-text": ("FA_HUSKELAPP", "HUS_EMNE", "æ" * 1_000_000),
    "role-with-emoji": ("FA_KLIENTTILKNYTNING", "KTK_ROLLE", "M🙂R"),
}


def test_a_ten_megabyte_free_text_field_is_read_and_never_shown(sandbox: Sandbox) -> None:
    rows = familia_rows()
    rows["FA_HUSKELAPP"][1]["HUS_EMNE"] = "Ring skolen " + "æ" * (5 * 1024 * 1024)  # 10 MB in UTF-8
    report = scan_json(write_folder(sandbox.source / "export", familia_csv(rows)))
    assert ("FA_HUSKELAPP", "11") in {(t, k) for t, k, _ in findings(report, "reminder-open")}
    assert len(json.dumps(report)) < 20_000, "free text stays out of the report"


def _odd_database(path: Path, table: str, column: str, value: object) -> Path:
    familia_sqlite(path, familia_rows())
    with sqlite3.connect(path) as connection:
        connection.execute(f'UPDATE "{table}" SET "{column}" = ?', (value,))
    connection.close()
    return path


@pytest.mark.parametrize("name", sorted(ODD_STORED_VALUES))
def test_odd_values_in_a_sqlite_copy_are_survived(name: str, sandbox: Sandbox) -> None:
    report = scan_json(_odd_database(sandbox.source / "odd.sqlite", *ODD_STORED_VALUES[name]), "--worklists",
                       str(sandbox.out / "lists"))
    assert report["rules"] and all(rule["status"] in ("ran", "skipped") for rule in report["rules"])
    lists = sandbox.out / "lists"
    assert all(p.parent == lists for p in lists.rglob("*")), "worklists stay in their folder"


def test_a_bug_is_exit_2_in_one_line_without_the_value(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever bug remains, a user never gets a traceback (which may quote a value) or exit 1 (read as findings)."""
    from flytcheck import validators

    def broken(row: Any, ctx: Any, rule: str) -> None:
        raise ValueError(f"cannot handle {row['foedselsdato']!r}")

    monkeypatch.setitem(validators.VALIDATORS, "child_fnr", broken)
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    run = invoke(*scan_args(str(database), "--format", "json", *sandbox.outputs()))
    assert run.exception is None and run.code == 2 and run.stdout == ""
    assert run.stderr.startswith("flytcheck: internal error: ValueError at flytcheck/findings.py:"), run.stderr
    assert len(run.stderr.splitlines()) == 1 and "2015" not in run.stderr
    assert sandbox.leftovers() == []


def test_empty_tables_are_a_clean_scan(sandbox: Sandbox) -> None:
    report = scan_json(familia_sqlite(sandbox.source / "empty.sqlite", {}))
    assert {f["rule"] for f in report["findings"]} == {"familia-outdated"}  # no version rows: cannot confirm
