"""Worklist file names are stable and portable, and an index beside the lists says whose list is which file.

A caseworker's list was `a_b.csv` one night and `a_b-2.csv` the next, depending on who else had a list; initials
such as `CON`, `NUL` or `COM1` made files Windows cannot open, `-rf` a name that starts like an option, and 234
characters of initials "File name too long" (300: an internal error), with no output at all (issue 22, points 7,
11 and 12). Now the name comes from the initials alone (see flytcheck.reporters.worklists).
"""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flytcheck.reporters.worklists import INDEX, file_stem
from robustness import Sandbox, assert_completed, fixture_sqlite, invoke, sandbox, scan_args

__all__ = ["sandbox"]

PORTABLE = re.compile(r"[0-9A-Za-zÆØÅæøå_][0-9A-Za-zÆØÅæøå_-]{0,34}")
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"{p}{n}" for p in ("COM", "LPT") for n in range(10))}
FIXED = {"arkiv", "samlejournal", "uten-saksbehandler", "saksbehandlere"}


@given(st.text(max_size=400))
def test_every_name_is_portable(initials: str) -> None:
    stem = file_stem(initials)
    assert PORTABLE.fullmatch(stem), stem
    assert stem.upper() not in WINDOWS_DEVICES and stem.casefold() not in FIXED


@given(st.text(max_size=30), st.text(max_size=30))
def test_distinct_initials_never_share_a_name_even_ignoring_case(first: str, second: str) -> None:
    if first != second:
        assert file_stem(first).casefold() != file_stem(second).casefold()


@pytest.mark.parametrize("initials", ["AB", "ØK", "JSÆ", "XQ1"])
def test_initials_of_capitals_and_digits_are_the_name_as_they_are(initials: str) -> None:
    assert file_stem(initials) == initials


@pytest.mark.parametrize("initials", ["CON", "nul", "COM1", "LPT9", "-rf", ".hidden", "../x", "ab", "ARKIV",
                                      "SAKSBEHANDLERE", "A" * 17])
def test_other_initials_get_a_readable_part_and_a_fingerprint(initials: str) -> None:
    stem = file_stem(initials)
    assert stem != initials and re.fullmatch(r".+-[0-9a-f]{10}", stem), stem


def _lists(sandbox: Sandbox, night: str, caseworkers: list[str]) -> Path:
    database = fixture_sqlite(sandbox.source / f"{night}.sqlite")
    with sqlite3.connect(database) as connection:
        for number, initials in enumerate(caseworkers):
            connection.execute("INSERT INTO FA_HUSKELAPP (HUS_LOEPENR, KLI_LOEPENR, SBH_INITIALER, HUS_FRIST) "
                               "VALUES (?, 1, ?, '2027-06-01')", (900 + number, initials))
    connection.close()
    folder = sandbox.out / night
    run = invoke(*scan_args(str(database), "--worklists", str(folder), "--lang", "nb"))
    assert_completed(run)
    return folder


def _index(folder: Path) -> dict[str, str]:
    with (folder / INDEX).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["Saksbehandler", "Fil", "Funn"]
    return {initials.removeprefix("'"): name for initials, name, _ in rows[1:]}


def test_one_caseworker_gets_the_same_file_whoever_else_is_in_the_run(sandbox: Sandbox) -> None:
    alone = _index(_lists(sandbox, "night1", ["a.b"]))
    crowded = _index(_lists(sandbox, "night2", ["a.b", "a_b", "A.B", "a/b"]))
    assert alone["a.b"] == crowded["a.b"]
    assert len(set(crowded.values())) == len(crowded)  # four caseworkers, four files
    assert {name.casefold() for name in crowded.values()}.isdisjoint({"a_b.csv"})


def test_long_and_reserved_initials_get_lists_and_the_index_says_which(sandbox: Sandbox) -> None:
    """234 and 300 characters, Windows devices, a leading dash or dot: every list written, the index maps them."""
    hostile = ["A" * 234, "B" * 300, "CON", "NUL", "COM1", "-rf", ".hidden"]
    folder = _lists(sandbox, "night", hostile)
    index = _index(folder)
    assert set(hostile) <= set(index)
    for initials in hostile:
        name = index[initials]
        assert PORTABLE.fullmatch(name.removesuffix(".csv")) and (folder / name).is_file()
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            assert initials in {row[6].removeprefix("'") for row in csv.reader(handle, delimiter=";")}
