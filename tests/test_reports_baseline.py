"""`--baseline PREVIOUS.json`: new, unchanged and fixed findings since an earlier night, in console and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from test_reports_fixtures import build_familia, familia_db, familia_rows, scan

__all__ = ["familia_db"]


def night(tmp_path: Path, name: str, drop: frozenset[int] = frozenset(), add: tuple[dict[str, Any], ...] = ()) -> Path:
    """The fixture database with some reminders done (dropped) and some new ones."""
    rows = familia_rows()
    rows["FA_HUSKELAPP"] = [h for h in rows["FA_HUSKELAPP"] if h["HUS_LOEPENR"] not in drop] + list(add)
    return build_familia(tmp_path / name, rows)


def test_new_unchanged_and_fixed_are_in_the_json_and_the_console(tmp_path: Path) -> None:
    yesterday = tmp_path / "yesterday.json"
    first = night(tmp_path, "night1.sqlite")
    assert scan(str(first), "--output", str(yesterday), now="2027-04-30T02:00:00+02:00")[0] == 1
    second = night(tmp_path, "night2.sqlite", frozenset({10, 12}), ({"HUS_LOEPENR": 17, "SBH_INITIALER": "ØK"},))
    code, output = scan(str(second), "--format", "json", "--baseline", str(yesterday))
    assert code == 1
    report = json.loads(output)
    assert report["baseline"] == {
        "file": str(yesterday), "scanned_at": "2027-04-30T02:00:00+02:00", "new": 1, "unchanged": 13, "fixed": 3,
    }
    assert [(f["table"], f["key"]) for f in report["new"]] == [("FA_HUSKELAPP", "17")]
    fixed = sorted((f["rule"], f["key"]) for f in report["fixed"])
    assert fixed == [("orphan-reference", "12"), ("reminder-open", "10"), ("reminder-open", "12")]
    statuses = {(f["table"], f["key"], f["rule"]): f["status"] for f in report["findings"]}
    assert statuses[("FA_HUSKELAPP", "17", "reminder-open")] == "new"
    assert statuses[("FA_HUSKELAPP", "11", "reminder-open")] == "unchanged"
    code, console = scan(str(second), "--baseline", str(yesterday), "--lang", "en")
    assert "3 fixed, 1 new since the last run (30.04.2027 02:00)" in console


def test_rules_not_checked_tonight_are_not_counted_as_fixed(familia_db: Path, tmp_path: Path) -> None:
    yesterday = tmp_path / "yesterday.json"
    scan(str(familia_db), "--output", str(yesterday))
    _, output = scan(str(familia_db), "--format", "json", "--baseline", str(yesterday), "--only", "archive")
    assert json.loads(output)["baseline"]["fixed"] == 0
    _, output = scan(str(familia_db), "--format", "json", "--baseline", str(yesterday), "--disable", "reminder-open")
    assert json.loads(output)["baseline"]["fixed"] == 0


def test_without_a_baseline_the_json_keeps_its_fields(familia_db: Path) -> None:
    report = json.loads(scan(str(familia_db), "--format", "json")[1])
    assert "baseline" not in report and "fixed" not in report and "status" not in report["findings"][0]


def test_a_broken_baseline_is_named_in_bokmal_by_default(familia_db: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "broken.json"
    baseline.write_text('{"schema_version": 1, "findings": [{"rule": "x"}]}')
    code, output = scan(str(familia_db), "--baseline", str(baseline))
    assert code == 2
    assert f"{baseline}: ikke en brukbar sammenligningsrapport (findings[0] mangler table)" in output


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "file not found"),
        ("{not json", "not valid JSON at line 1"),
        ('{"schema_version": 99, "findings": []}', "not a flytcheck JSON report of schema version 1"),
        ('{"schema_version": 1}', "no findings list"),
        ('{"schema_version": 1, "findings": [{"rule": "x"}]}', "findings[0] has no table"),
        ('{"schema_version": 1, "findings": [{"rule": "x", "table": "T", "key": 1}]}', "findings[0].key is not text"),
    ],
)
def test_a_broken_baseline_exits_2_naming_the_file(
    familia_db: Path, tmp_path: Path, content: str | None, reason: str
) -> None:
    baseline = tmp_path / "broken.json"
    if content is not None:
        baseline.write_text(content)
    code, output = scan(str(familia_db), "--baseline", str(baseline), "--output", str(tmp_path / "out.json"),
                        "--lang", "en")
    assert code == 2
    assert f"{baseline}: not a usable baseline ({reason})" in output
    assert not (tmp_path / "out.json").exists()
