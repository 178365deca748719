"""Data is never markup or control: any text in any printed column comes out literally, in every output.

Initials such as `[/]` once crashed the console report (rich read them as markup), `[link=…]AB[/link]` became a
clickable link, ESC sequences set the terminal's title, C1 controls and bidirectional overrides reached the
terminal through `--details`, the top caseworkers and the `Kilde:` line (issue 22, points 1 and 2). Now a
hypothesis property scans a copy whose caseworker initials, free text and source path are any text at all, with
every output asked for, and checks each output for that text, as its format shows it:

- the console (`--details`, the top caseworkers, `Kilde:`) and stderr: `printable.for_terminal` of it (a control
  character as its visible escape) and no control character at all but the line ends of the layout;
- JSON: the value itself when read back, and no raw control character in the file;
- CSV, HTML, the workbook, JUnit and the worklists: `printable.for_file` of it (the same escapes, tab and line
  ends kept), read back by each format's own reader, and no other control character in the file.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import sqlite3
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flytcheck.printable import for_file, for_json, for_terminal
from flytcheck.reporters.csv_report import excel_cell
from flytcheck.reporters.worklists import INDEX, file_stem
from robustness import CUTOVER, NOW, Run, cached_rulebook, fixture_sqlite, invoke, scan_args
from test_fuzz import fuzz

__all__ = ["fuzz"]

JOINERS = {"\u200c", "\u200d"}
CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def is_control(character: str) -> bool:
    return unicodedata.category(character) in CONTROL_CATEGORIES and character not in JOINERS


def test_the_escaped_characters_are_exactly_unicodes_controls_but_the_joiners() -> None:
    """The hard-coded ranges of flytcheck.printable against this Python's own Unicode database (a newer Unicode
    with a new format character fails here: add it to the ranges)."""
    for code in range(0x110000):
        character = chr(code)
        escaped = for_terminal(character) != character
        if is_control(character):
            assert escaped, f"U+{code:04X} ({unicodedata.category(character)}) is not escaped"
        elif escaped:
            assert unicodedata.category(character) == "Cn", f"U+{code:04X} is escaped but no control"


@given(st.text())
def test_escaping_leaves_no_control_and_changes_nothing_else(text: str) -> None:
    shown = for_terminal(text)
    assert not any(is_control(c) for c in shown)
    if not any(is_control(c) for c in text):
        assert shown == text
    assert for_terminal(shown) == shown
    kept = for_file(text)
    assert not any(is_control(c) and c not in "\t\n\r" for c in kept)
    assert json.loads(for_json(json.dumps(text, ensure_ascii=False))) == text


# --- every output of a scan ---------------------------------------------------------------------------------------

HOSTILE = [
    "[/]", "[link=http://example.invalid]AB[/link]", "[blink]", "[bold red]x[/bold red]", ":smile:",
    "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[6n", "\x1b[31m", "\x9b31m", "\x85", "\x00", "\x7f", "\x08",
    "\u202e", "\u2066", "\u200f", "\u2028", "\u2029", "\u200b", "\ufeff", "\U000e0041", "\r\n", "\t", "\r",
    "<script>", "&amp;", "]]>", '"', ";", "=1+1", "_x0041_", "\\x1b", "æøå ÆØÅ", "🙂", "👩\u200d👩", "e\u0301",
]
PIECES = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=["Cs"]), max_size=4))
VALUES = st.lists(PIECES, min_size=1, max_size=5).map("".join).filter(lambda s: len(s.strip()) > 0 and len(s) <= 40)
_NOT_IN_NAMES = "/\x00" + ('<>:"\\|?*' + "".join(map(chr, range(32))) if os.name == "nt" else "")
NO_CONTROL_BUT_NEWLINE = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0x20) if c != 0x0A) + "\x7f-\x9f\u2028-\u202e\u2066-\u2069\u200b\u200e\u200f]")


def path_part(value: str) -> str:
    """The value as a folder name (no `/` or NUL; on Windows none of its reserved characters either)."""
    name = "".join(c for c in value if c not in _NOT_IN_NAMES).strip(" .")[:30]
    return name if name else "x"


def controls_in_file(text: str) -> list[str]:
    return [c for c in text if is_control(c) and c not in "\t\n\r"]


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _xlsx_values(path: Path) -> set[str]:
    """Every text cell as Excel reads it: OOXML's `_xHHHH_` escapes decoded (`_x000D_` is CR, `_x005F_` is `_`),
    which openpyxl leaves as they are in inline strings."""
    book = openpyxl.load_workbook(path, read_only=True)
    return {_OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
            for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
            if isinstance(value, str)}


def _xlsx_parts(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def _scan_every_output(root: Path, value: str) -> tuple[Path, Path, Run]:
    folder = root / path_part(value)
    folder.mkdir(parents=True)
    database = fixture_sqlite(folder / "copy.sqlite")
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE FA_HUSKELAPP SET SBH_INITIALER = ?, HUS_EMNE = ? WHERE HUS_LOEPENR = 10",
                           (value, value))
    connection.close()
    out = root / "out"
    run = invoke(
        "scan", str(database), "--details", "--show-personal-data", "--output", str(out / "r.json"),
        "--csv", str(out / "r.csv"), "--xlsx", str(out / "r.xlsx"), "--html", str(out / "r.html"),
        "--junit", str(out / "r.xml"), "--worklists", str(out / "lists"),
        "--now", NOW, "--cutover", CUTOVER, "--quiet", "--no-color", "--width", "3000",  # wide: nothing is cut
        "--lang", "nb",
    )
    return database, out, run


def test_any_text_in_any_printed_column_comes_out_literally_in_every_output(
    fuzz: Callable[[int], settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached_rulebook(monkeypatch)
    counter = iter(range(1_000_000))

    @fuzz(30)
    @given(value=VALUES)
    def run(value: str) -> None:
        root = tmp_path / str(next(counter))
        database, out, result = _scan_every_output(root, value)
        code, stdout, stderr = result.code, result.stdout, result.stderr
        assert code == 1 and stderr == "", stderr
        initials, source = value.strip(), str(database)  # initials are compared trimmed, as Familia's char columns

        # The console: the details, the top caseworkers and Kilde:, each literal, and no control character.
        assert NO_CONTROL_BUT_NEWLINE.search(stdout) is None, repr(stdout[:2000])
        lines = [line.rstrip() for line in stdout.splitlines()]
        assert f"Kilde: {for_terminal(source)}" in lines
        details = [line for line in lines if "FA_HUSKELAPP" in line and " 10 " in line]
        assert any(for_terminal(initials) in line and f"emne={for_terminal(value)}" in line for line in details)
        assert sum(for_terminal(initials) in line for line in lines) >= 2  # the details and the top caseworkers

        # JSON: the value itself when read back; no raw control character in the file.
        raw = (out / "r.json").read_bytes().decode("utf-8")
        assert NO_CONTROL_BUT_NEWLINE.search(raw) is None
        report = json.loads(raw)
        assert report["source"] == source
        mine = [f for f in report["findings"] if f["table"] == "FA_HUSKELAPP" and f["key"] == "10"]
        assert mine and all(f["saksbehandler"] == initials for f in mine)
        assert [f["personal"]["emne"] for f in mine if f["rule"] == "reminder-open"] == [value]

        # CSV, HTML, workbook, JUnit, worklists: for_file of the value, read back by the format's own reader.
        for path in (out / "r.csv", out / "r.html", out / "r.xml", *sorted((out / "lists").iterdir())):
            text = path.read_bytes().decode("utf-8")
            assert controls_in_file(text.removeprefix("\ufeff")) == [], path.name
        cells = {cell for row in _csv(out / "r.csv") for cell in row}
        assert {excel_cell(initials), excel_cell(value)} <= cells
        page = html.unescape((out / "r.html").read_bytes().decode("utf-8"))  # (read_text would turn \r into \n)
        assert for_file(initials) in page and for_file(value) in page and for_file(source) in page
        assert controls_in_file(_xlsx_parts(out / "r.xlsx")) == []
        assert {for_file(initials), for_file(value), for_file(source)} <= _xlsx_values(out / "r.xlsx")
        ET.parse(out / "r.xml")  # noqa: S314 (our own file) well-formed whatever the data; it holds no personal data
        index = _csv(out / "lists" / INDEX)
        name = file_stem(initials) + ".csv"
        assert [excel_cell(initials), name] in [row[:2] for row in index]
        assert excel_cell(initials) in {cell for row in _csv(out / "lists" / name) for cell in row}

    run()


def test_a_path_full_of_controls_in_an_error_is_printed_literally(fuzz: Callable[[int], settings]) -> None:
    @fuzz(50)
    @given(value=VALUES)
    def run(value: str) -> None:
        value = value.replace("://", ":/").replace("\x00", "")  # a path (no URL; no NUL, which argv cannot hold)
        result = invoke(*scan_args(f"/nowhere/{value}/copy.sqlite"))
        assert result.code == 2
        assert NO_CONTROL_BUT_NEWLINE.search(result.stderr) is None, repr(result.stderr)
        shown = for_terminal(str(Path(f"/nowhere/{value}/copy.sqlite")))
        assert shown[:400] in result.stderr or len(shown) > 400

    run()


@pytest.mark.parametrize("initials", ["[/]", "[link=http://example.invalid]AB[/link]", "[blink]X[/blink]"])
def test_markup_in_initials_is_printed_as_it_is(initials: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    """Issue 22, point 1, as found: `[/]` was an internal error (MarkupError), `[link=…]` a link, `[blink]` blinked."""
    cached_rulebook(monkeypatch)
    folder = tmp_path / "[bold]kopi[blink]"
    folder.mkdir()
    database = fixture_sqlite(folder / "copy.sqlite")
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE FA_HUSKELAPP SET SBH_INITIALER = ?", (initials,))
    connection.close()
    run = invoke("scan", str(database), "--details", "--now", NOW, "--cutover", CUTOVER, "--quiet", "--no-color",
                 "--width", "400", "--lang", "nb")
    assert run.code == 1 and run.stderr == "", run.stderr
    assert f"Kilde: {database}" in [line.rstrip() for line in run.stdout.splitlines()]
    assert sum(initials in line for line in run.stdout.splitlines()) >= 2


def test_every_escaped_character_fails_isprintable_so_the_fast_path_never_skips_one() -> None:
    """for_terminal, for_file and for_json skip their search when str.isprintable passes: sound only while every
    character they escape is one isprintable refuses."""
    from flytcheck.printable import _CONTROL_RANGES

    escaped = [chr(code) for low, high in _CONTROL_RANGES for code in range(low, high + 1)]
    assert escaped and not any(character.isprintable() for character in escaped)
    for character in escaped:
        assert for_terminal(f"a{character}b") != f"a{character}b"
        assert for_json(f'"a{character}b"\n') != f'"a{character}b"\n' or character in "\t\n\r"
