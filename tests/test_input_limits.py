"""Inputs past Python's own limits are clear errors (exit 2, bounded, no value echoed) or read, never a crash.

Each of these was an internal error (issue 22, points 8 and 15): a CSV field over 131,072 characters in the header
or the first row (the csv module's default limit), an integer of 4,301 digits or more (Python's limit for reading
one), a flytcheck.toml or --baseline JSON nested hundreds deep. And these were misleading: a pipe, a folder or a
dangling link named FA_KLIENT.csv "table missing"; 200,000 invalid roles a 16 MB one-line error; a 1 MB unknown
setting echoed whole.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from robustness import (
    Run,
    Sandbox,
    assert_completed,
    assert_refused,
    familia_csv,
    familia_sqlite,
    invoke,
    sandbox,
    scan_args,
    write_folder,
)
from test_reports_fixtures import familia_rows

__all__ = ["sandbox"]

LONG = 140_000
"""Past the csv module's default field limit (131,072)."""
MESSAGE_LIMIT = 2_000
"""What a refusal may cost the terminal at most (characters of stderr)."""


def _refused_briefly(run: Run, *names: str) -> None:
    assert_refused(run, *names)
    assert len(run.stderr) < MESSAGE_LIMIT, len(run.stderr)


def test_a_header_field_past_the_csv_modules_limit_is_read(sandbox: Sandbox) -> None:
    files = familia_csv(familia_rows())
    header, *rows = files["FA_HUSKELAPP"].split("\r\n")
    files["FA_HUSKELAPP"] = "\r\n".join([header + ";" + "X" * LONG, *(row + ";" if row else row for row in rows)])
    run = invoke(*scan_args(str(write_folder(sandbox.source / "export", files)), "--format", "json"))
    assert_completed(run)
    assert "10" in {f["key"] for f in json.loads(run.stdout)["findings"] if f["rule"] == "reminder-open"}


@pytest.mark.parametrize("quoted", [False, True])
def test_a_first_row_field_past_the_csv_modules_limit_is_read(quoted: bool, sandbox: Sandbox) -> None:
    rows = familia_rows()
    rows["FA_HUSKELAPP"][0]["HUS_EMNE"] = "Lang tekst " + "æ" * LONG
    files = familia_csv(rows)
    if quoted:
        files["FA_HUSKELAPP"] = files["FA_HUSKELAPP"].replace("Lang tekst " + "æ" * LONG,
                                                              '"Lang tekst ' + "æ" * LONG + '"')
    run = invoke(*scan_args(str(write_folder(sandbox.source / "export", files)), "--format", "json"))
    assert_completed(run)
    assert len(run.stdout) < 50_000, "the free text is never shown"


def test_an_integer_of_thousands_of_digits_in_a_csv_export_is_refused_naming_where(sandbox: Sandbox) -> None:
    files = familia_csv(familia_rows())
    header, first, *rest = files["FA_HUSKELAPP"].split("\r\n")
    huge = "9" * 5_000
    files["FA_HUSKELAPP"] = "\r\n".join([header, huge + first[first.index(";"):], *rest])
    run = invoke(*scan_args(str(write_folder(sandbox.source / "export", files)), *sandbox.outputs()))
    _refused_briefly(run, "FA_HUSKELAPP.csv line 2", "HUS_LOEPENR", "too large")
    assert "99999" not in run.stderr and sandbox.leftovers() == []


@pytest.mark.parametrize("declared", ["NUMERIC", "TEXT"])
def test_an_integer_of_thousands_of_digits_in_a_sqlite_copy_is_refused_naming_where(
    declared: str, sandbox: Sandbox
) -> None:
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    with sqlite3.connect(database) as connection:
        if declared == "TEXT":  # a copy of text columns: the whole table as an export tool leaves it
            connection.execute("ALTER TABLE FA_HUSKELAPP RENAME TO old")
            connection.execute("CREATE TABLE FA_HUSKELAPP AS SELECT CAST(HUS_LOEPENR AS TEXT) AS HUS_LOEPENR, "
                               "CAST(KLI_LOEPENR AS TEXT) AS KLI_LOEPENR, SBH_INITIALER, HUS_EMNE, "
                               "CAST(HUS_FRIST AS TEXT) AS HUS_FRIST, CAST(HUS_OPPFYLTDATO AS TEXT) AS HUS_OPPFYLTDATO "
                               "FROM old")
            connection.execute("DROP TABLE old")
        connection.execute("UPDATE FA_HUSKELAPP SET HUS_LOEPENR = ? WHERE HUS_LOEPENR IN (10, '10')", ("9" * 5_000,))
    connection.close()
    run = invoke(*scan_args(str(database), *sandbox.outputs()))
    _refused_briefly(run, "FA_HUSKELAPP.HUS_LOEPENR")
    assert "99999" not in run.stderr and sandbox.leftovers() == []


@pytest.mark.parametrize(("name", "content", "why"), [
    ("deep-array", "disabled_rules = " + "[" * 1_000 + "]" * 1_000, "nested too deep"),
    ("deep-table", "x = " + "{ a = " * 600 + "1" + " }" * 600, "nested too deep"),
    ("huge-number", "timeout = " + "9" * 5_000, "a number too long"),
])
def test_a_configuration_past_pythons_limits_is_refused(name: str, content: str, why: str, sandbox: Sandbox) -> None:
    config = sandbox.root / "flytcheck.toml"
    config.write_text(content + "\n", encoding="utf-8")
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    _refused_briefly(invoke(*scan_args(str(database), "--config", str(config))), str(config), why)


@pytest.mark.parametrize(("name", "content", "why"), [
    ("deep", '{"schema_version": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deep"),
    ("huge-number", '{"schema_version": 1, "x": ' + "9" * 5_000 + ', "findings": []}', "a number too long"),
])
def test_a_baseline_past_pythons_limits_is_refused(name: str, content: str, why: str, sandbox: Sandbox) -> None:
    baseline = sandbox.root / "night1.json"
    baseline.write_text(content, encoding="utf-8")
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    _refused_briefly(invoke(*scan_args(str(database), "--baseline", str(baseline))), str(baseline), why)


def test_a_rule_file_nested_too_deep_is_refused(sandbox: Sandbox) -> None:
    rules = sandbox.root / "lokale"
    rules.mkdir()
    (rules / "deep.toml").write_text("id = " + "[" * 1_000 + "]" * 1_000 + "\n", encoding="utf-8")
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    _refused_briefly(invoke(*scan_args(str(database), "--extra-rules", str(rules))), "deep.toml", "nested too deep")


def test_two_hundred_thousand_invalid_roles_are_one_short_error(sandbox: Sandbox) -> None:
    config = sandbox.root / "flytcheck.toml"
    config.write_text("connection_roles = [" + ", ".join(['"XXXX"'] * 200_000) + "]\n", encoding="utf-8")
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    run = invoke(*scan_args(str(database), "--config", str(config)))
    _refused_briefly(run, "200000 problems, the first 5:", "connection_roles.0")


def test_a_megabyte_unknown_setting_is_not_echoed_whole(sandbox: Sandbox) -> None:
    config = sandbox.root / "flytcheck.toml"
    config.write_text("k" * 1_000_000 + " = 1\n", encoding="utf-8")
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    _refused_briefly(invoke(*scan_args(str(database), "--config", str(config))), "unknown setting(s) kkkk")


def _as_folder(path: Path) -> None:
    path.mkdir()


def _as_dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.csv")


def _as_fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.parametrize(("kind", "make", "said"), [
    ("folder", _as_folder, "a folder"),
    pytest.param("dangling-link", _as_dangling_link, "a link to nothing",
                 marks=pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")),
    pytest.param("fifo", _as_fifo, "a named pipe",
                 marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")),
])
def test_a_table_file_that_is_not_a_file_is_named_for_what_it_is(
    kind: str, make: Callable[[Path], None], said: str, sandbox: Sandbox
) -> None:
    folder = write_folder(sandbox.source / "export", familia_csv(familia_rows()))
    (folder / "FA_KLIENT.csv").unlink()
    make(folder / "FA_KLIENT.csv")
    run = invoke(*scan_args(str(folder)))
    _refused_briefly(run, "FA_KLIENT.csv", said, "not a CSV file")
    assert "missing" not in run.stderr
