"""A typed column of a SQLite copy is checked like a text one: a value not stored as its Familia type stops the scan.

SQLite keeps whatever a migration tool inserted, whatever the column declares: `25.03.2024 00:00:00` in a DATETIME
column, `tolv` in a NUMERIC key. Compared as it is, such a date counted a closed child as migrated (issue 22,
point 5). Now the scan stops before any rule runs (exit 2, nothing written), naming the table, the column and the
row's key, never the value, as it does for the same values in a copy of text columns (tests/test_text_copies.py).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from robustness import Sandbox, assert_completed, assert_refused, familia_sqlite, invoke, sandbox, scan_args
from test_reports_fixtures import familia_rows

__all__ = ["sandbox"]

NOT_STORED_AS_THEIR_TYPE: dict[str, tuple[str, str, object, str]] = {
    # name: (table, column, value, how the row is named)
    "norwegian-date-in-datetime": ("FA_KLIENT", "KLI_AVSLUTTETDATO", "25.03.2024 00:00:00", "KLI_LOEPENR 1"),
    "negative-date-text": ("FA_KLIENT", "KLI_AVSLUTTETDATO", "-0001-01-01", "KLI_LOEPENR 1"),
    "zero-date": ("FA_KLIENT", "KLI_AVSLUTTETDATO", "0000-00-00 00:00:00", "KLI_LOEPENR 1"),
    "no-such-day": ("FA_HUSKELAPP", "HUS_FRIST", "2027-02-30", "HUS_LOEPENR 10"),
    "no-such-hour": ("FA_HUSKELAPP", "HUS_FRIST", "2027-02-03 25:00:00", "HUS_LOEPENR 10"),
    "date-as-words": ("FA_HUSKELAPP", "HUS_FRIST", "i morgen", "HUS_LOEPENR 10"),
    "date-as-a-number": ("FA_HUSKELAPP", "HUS_FRIST", -1, "HUS_LOEPENR 10"),
    "date-as-julian-day": ("FA_JOURNAL", "JOU_DATONOTAT", 2460000.5, "JOU_LOEPENR 20"),
    "birth-date-as-unix-time": ("FA_KLIENT", "KLI_FOEDSELSDATO", 1_425_427_200, "KLI_LOEPENR 1"),
    "deadline-as-blob": ("FA_HUSKELAPP", "HUS_FRIST", b"\x00\x01", "HUS_LOEPENR 10"),
    "key-as-text": ("FA_HUSKELAPP", "HUS_LOEPENR", "tolv", "a row whose key cannot be shown"),
    "fractional-key": ("FA_HUSKELAPP", "HUS_LOEPENR", 12.5, "a row whose key cannot be shown"),
    "municipality-as-name": ("FA_KLIENT", "KOM_KOMMUNENR", "Flakstad", "KLI_LOEPENR 1"),
    "personnummer-as-text": ("FA_KLIENT", "KLI_PERSONNR", "tolv", "KLI_LOEPENR 1"),
    "personnummer-as-bytes": ("FA_KLIENT", "KLI_PERSONNR", b"12345", "KLI_LOEPENR 1"),
    "version-as-text": ("FA_DBVERSJON", "DBV_VERSJON", "ni komma to", "DBV_LOEPENR 1"),
    "flag-as-text": ("FA_JOURNAL", "ARK_SJEKK_I_VSA", "ja", "JOU_LOEPENR 20"),
    "flag-of-two": ("FA_JOURNAL", "ARK_SJEKK_I_VSA", 2, "JOU_LOEPENR 20"),
}


def _copy_with(path: Path, table: str, column: str, value: object) -> Path:
    """The invented database as a typed SQLite copy (DATETIME, NUMERIC, …), `value` in every row's `column`."""
    familia_sqlite(path, familia_rows())
    with sqlite3.connect(path) as connection:
        declared = {row[1]: row[2] for row in connection.execute(f'PRAGMA table_info("{table}")')}
        assert declared[column] and "CHAR" not in declared[column].upper() and declared[column] != "TEXT"
        connection.execute(f'UPDATE "{table}" SET "{column}" = ?', (value,))
    connection.close()
    return path


@pytest.mark.parametrize("name", sorted(NOT_STORED_AS_THEIR_TYPE))
def test_a_value_not_stored_as_its_type_stops_the_scan_naming_table_column_and_row(
    name: str, sandbox: Sandbox
) -> None:
    table, column, value, row = NOT_STORED_AS_THEIR_TYPE[name]
    database = _copy_with(sandbox.source / "copy.sqlite", table, column, value)
    before = database.read_bytes()
    run = invoke(*scan_args(str(database), "--min-familia-version", "9.0", *sandbox.outputs()))
    first = assert_refused(run, f"{table}.{column}", row, "the copy declares the column as")
    if len(str(value)) > 3:  # (a short one, such as 2, is in any row number)
        assert str(value) not in first.split(f"{table}.{column}", 1)[1], "the value is never shown"
    assert database.read_bytes() == before
    assert sandbox.leftovers() == []


def test_a_closed_child_with_a_norwegian_date_is_no_longer_counted_as_migrated(sandbox: Sandbox) -> None:
    """Issue 22, point 5, as found: preview +1 and the samlejournal finding gone, without a word."""
    good = familia_sqlite(sandbox.source / "good.sqlite", familia_rows())
    run = invoke(*scan_args(str(good), "--format", "json"))
    assert_completed(run)
    report = json.loads(run.stdout)
    closed = {f["key"] for f in report["findings"] if f["rule"] == "child-closed-before-cutover-year"}
    assert "4" in closed  # closed 2025-06-30, before the cut-over year: left behind, on the samlejournal list
    database = _copy_with(sandbox.source / "copy.sqlite", "FA_KLIENT", "KLI_AVSLUTTETDATO", None)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE FA_KLIENT SET KLI_AVSLUTTETDATO = '30.06.2025 00:00:00' WHERE KLI_LOEPENR = 4")
    connection.close()
    assert_refused(invoke(*scan_args(str(database), "--format", "json")), "FA_KLIENT.KLI_AVSLUTTETDATO",
                   "KLI_LOEPENR 4")


@pytest.mark.parametrize("value", ["2027-04-01", "2027-04-01 00:00:00", "2027-04-01 13:45:00.000000",
                                   "2027-04-01T13:45:00Z", None])
def test_dates_stored_as_sqlite_stores_them_are_read(value: str | None, sandbox: Sandbox) -> None:
    database = _copy_with(sandbox.source / "copy.sqlite", "FA_HUSKELAPP", "HUS_FRIST", value)
    run = invoke(*scan_args(str(database), "--format", "json"))
    assert_completed(run)
    open_reminders = {f["key"] for f in json.loads(run.stdout)["findings"] if f["rule"] == "reminder-open"}
    assert {"10", "11", "12", "13"} <= open_reminders


def test_whole_numbers_stored_as_real_and_flags_of_zero_and_one_are_read(sandbox: Sandbox) -> None:
    database = familia_sqlite(sandbox.source / "copy.sqlite", familia_rows())
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE FA_HUSKELAPP SET HUS_LOEPENR = HUS_LOEPENR + 0.0")  # REAL in a NUMERIC column
        connection.execute("UPDATE FA_JOURNAL SET ARK_SJEKK_I_VSA = 1.0 WHERE JOU_LOEPENR = 20")
    connection.close()
    run = invoke(*scan_args(str(database), "--format", "json"))
    assert_completed(run)
    findings = json.loads(run.stdout)["findings"]
    assert "10" in {f["key"] for f in findings if f["rule"] == "reminder-open"}
    assert ("FA_JOURNAL", "20") in {(f["table"], f["key"]) for f in findings if f["rule"] == "archive-error"}


def test_a_source_without_a_second_connection_is_checked_in_line(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs beside the rules on a connection of its own (flytcheck.typed_check); without one, first."""
    from flytcheck.sources.sqlite import SqliteSource

    monkeypatch.setattr(SqliteSource, "side_reader", lambda self: None)
    database = _copy_with(sandbox.source / "copy.sqlite", "FA_HUSKELAPP", "HUS_FRIST", "i morgen")
    assert_refused(invoke(*scan_args(str(database), *sandbox.outputs())), "FA_HUSKELAPP.HUS_FRIST", "HUS_LOEPENR 10")
    assert sandbox.leftovers() == []


def test_the_check_s_own_connection_does_not_map_the_file(sandbox: Sandbox) -> None:
    """The rules' connection maps a small file (MMAP_LIMIT); the check's, which reads each table once, does not."""
    from flytcheck.sources.sqlite import open_sqlite_file

    database = _copy_with(sandbox.source / "copy.sqlite", "FA_HUSKELAPP", "HUS_FRIST", "2026-01-01 00:00:00")
    source = open_sqlite_file(database)
    side = source.side_reader()
    assert side is not None
    try:
        assert source._connection.execute("PRAGMA mmap_size").fetchone()[0] > 0
        assert side._connection.execute("PRAGMA mmap_size").fetchone()[0] == 0
    finally:
        side.close()
        source.close()
