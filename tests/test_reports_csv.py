"""`--csv` as archive staff meet it: read back by Python's csv module and opened in LibreOffice Calc.

Norwegian Excel needs UTF-8 with a BOM, `;` and CRLF. No cell is a formula: whole-number keys are numbers (they
sort as numbers), `2024/15` stays text, text a spreadsheet would turn into a date or lose a leading zero of keeps a
leading `'`, and free text never runs as a formula. `--only` narrows the spreadsheet to a rule or a category, and
says so in a column.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections import Counter
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flytcheck.printable import for_file
from flytcheck.reporters.csv_report import excel_cell
from robustness import is_private
from test_reports_fixtures import FORMULA, TENOR_MOTHER, familia_db, scan, tool

__all__ = ["familia_db"]


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, dialect="excel", delimiter=";"))


def unwrap(cell: str) -> str:
    """The value behind a cell kept text by a leading `'`."""
    return cell[1:] if cell.startswith("'") and excel_cell(cell[1:]) == cell else cell


def test_csv_is_bom_semicolon_crlf_with_a_header_in_the_report_language(familia_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "funn.csv"
    code, _ = scan(str(familia_db), "--csv", str(target))
    assert code == 1
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfRegel;")
    assert raw.count(b"\r\n") == raw.count(b"\n") and raw.endswith(b"\r\n")
    assert is_private(target)
    rows = read_rows(target)
    assert rows[0][:9] == [
        "Regel", "Kategori", "Alvorlighet", "Tabell", "Løpenummer", "Kommune", "Saksbehandler", "Melding",
        "Slik retter du",
    ]
    assert rows[0][-1] == "Skannet"
    assert all(len(row) == len(rows[0]) for row in rows)
    letter = next(r for r in rows if r[3] == "FA_POSTJOURNAL")
    assert letter[4] == "'2024/9" and letter[5] == "1874"  # a key a spreadsheet would take for a date stays text
    assert letter[-1] == "01.05.2027"
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert {r[1] for r in rows[1:]} <= {"Barn", "Forbindelser", "Huskelapper", "Journal og post", "Arkiv", "System"}
    assert any(r[6] == "ØK" for r in rows)
    english = read_rows(_scan_csv(familia_db, tmp_path / "en.csv", "--lang", "en"))
    assert english[0][:3] == ["Rule", "Category", "Severity"]


def _scan_csv(database: Path, target: Path, *args: str) -> Path:
    code, output = scan(str(database), "--csv", str(target), *args)
    assert code in (0, 1), output
    return target


def test_personal_data_appears_only_when_asked_and_never_as_a_formula(familia_db: Path, tmp_path: Path) -> None:
    hidden = _scan_csv(familia_db, tmp_path / "plain.csv").read_text(encoding="utf-8-sig")
    assert TENOR_MOTHER not in hidden and "1+1" not in hidden and "emne" not in hidden
    rows = read_rows(_scan_csv(familia_db, tmp_path / "personal.csv", "--show-personal-data"))
    header = rows[0]
    emne = [r[header.index("emne")] for r in rows[1:] if r[header.index("emne")]]
    assert "'" + FORMULA in emne and "'+47 99 99 99 99" in emne and "'@SUM(A1)" in emne
    assert "Ring skolen – æøå ÆØÅ" in emne
    numbers = [r[header.index("foedselsnummer")] for r in rows[1:]]
    assert "'" + TENOR_MOTHER in numbers and TENOR_MOTHER.startswith("0")


def test_only_narrows_to_a_category_or_a_rule_and_says_so(familia_db: Path, tmp_path: Path) -> None:
    archive = read_rows(_scan_csv(familia_db, tmp_path / "arkiv.csv", "--only", "archive"))
    assert {r[0] for r in archive[1:]} == {"archive-error", "record-not-archived"}
    assert archive[0][-2] == "Avgrenset kjøring" and {r[-2] for r in archive[1:]} == {"bare Arkiv"}
    assert read_rows(_scan_csv(familia_db, tmp_path / "nb.csv", "--only", "arkiv")) == archive
    both = read_rows(_scan_csv(familia_db, tmp_path / "x.csv", "--only", "archive", "--only", "reminder-open"))
    assert {r[0] for r in both[1:]} == {"archive-error", "record-not-archived", "reminder-open"}
    assert {r[-2] for r in both[1:]} == {"bare Arkiv, reminder-open"}
    full = read_rows(_scan_csv(familia_db, tmp_path / "full.csv"))
    assert "Avgrenset kjøring" not in full[0]


def test_an_unknown_only_name_stops_before_the_scan(familia_db: Path, tmp_path: Path) -> None:
    code, output = scan(str(familia_db), "--only", "arkiver", "--csv", str(tmp_path / "x.csv"))
    assert code == 2
    assert "--only: 'arkiver' er verken en regel eller en kategori" in output
    assert "kategorier: children (Barn), connections (Forbindelser)" in output
    assert not (tmp_path / "x.csv").exists()


def _calc(source: Path, tmp_path: Path) -> Path:
    """The CSV opened in LibreOffice Calc as its import dialog offers it (`;`, `"`, UTF-8 (76), from line 1,
    Norwegian (1044)), saved as a workbook to read the cells back."""
    subprocess.run(
        [tool("soffice"), "--headless", "--norestore", "--infilter=CSV:59,34,76,1,,1044", "--convert-to", "xlsx",
         "--outdir", str(tmp_path / "xlsx"), str(source)],
        check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    return tmp_path / "xlsx" / f"{source.stem}.xlsx"


@pytest.mark.browser
def test_libreoffice_calc_keeps_text_zeros_and_letters(familia_db: Path, tmp_path: Path) -> None:
    book = _calc(_scan_csv(familia_db, tmp_path / "personal.csv", "--show-personal-data"), tmp_path)
    shown = list(openpyxl.load_workbook(book, data_only=True).active.iter_rows(values_only=True))
    cells = list(openpyxl.load_workbook(book).active.iter_rows())
    assert not [c.coordinate for row in cells for c in row if c.data_type == "f"]  # no formula anywhere
    header = list(shown[0])
    assert header[4] == "Løpenummer"
    letter = next(r for r in shown if r[3] == "FA_POSTJOURNAL")
    assert letter[4] == "'2024/9"  # text, not September 2024
    assert letter[5] == 1874  # a municipality number is a number
    assert "'" + TENOR_MOTHER in [r[header.index("foedselsnummer")] for r in shown]  # the leading zero survives
    assert "Ring skolen – æøå ÆØÅ" in [r[header.index("emne")] for r in shown]
    assert "ØK" in [r[6] for r in shown]
    column = header.index("emne")
    formula_cell = next(row[column] for row in cells if row[column].value and "1+1" in str(row[column].value))
    assert formula_cell.data_type == "s" and formula_cell.value == "'" + FORMULA  # shown as text, never computed
    assert shown[1][-1] == datetime(2027, 5, 1)  # the scan date is a date in a Norwegian spreadsheet


@pytest.mark.browser
def test_libreoffice_sorts_number_keys_as_numbers_and_keeps_every_other_key(tmp_path: Path) -> None:
    """The demo's keys (løpenummer 1-999, `2024/15`-style letters, `9/12` ties) read back in Calc exactly: whole
    numbers as numbers, the rest as text (`'` only where Calc would otherwise make a date)."""
    target = tmp_path / "demo.csv"
    code, output = scan("--demo", "--csv", str(target))
    assert code == 1, output
    written = read_rows(target)
    cells = list(openpyxl.load_workbook(_calc(target, tmp_path)).active.iter_rows())
    assert len(cells) == len(written)
    assert not [c.coordinate for row in cells for c in row if c.data_type == "f"]
    kinds = Counter()
    for row, raw in zip(cells[1:], written[1:], strict=True):
        key = row[4]
        if raw[4].isdigit():
            assert key.data_type == "n" and key.value == int(raw[4])
            kinds["number"] += 1
        else:
            assert key.data_type == "s" and key.value == raw[4], raw[4]  # never a date
            kinds["text" if not raw[4].startswith("'") else "kept"] += 1
    assert kinds["number"] > 500 and kinds["text"] > 20 and kinds["kept"] > 5, kinds
    assert any(re.fullmatch(r"\d{4}/(1[3-9]|[2-9]\d)", r[4]) for r in written)  # like `2024/15`: written as it is


@given(st.text(max_size=20) | st.from_regex(r"[0-9]{1,4}[./-][0-9]{1,4}|0?[0-9]{1,17}", fullmatch=True))
def test_no_cell_can_start_a_formula(value: str) -> None:
    cell = excel_cell(value)
    first = cell.lstrip(" ")[:1]
    assert first not in ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
    assert cell in (for_file(value), "'" + for_file(value))  # a control character as its visible escape
    if value.isascii() and value.isdigit():  # a number stays a number only when a spreadsheet keeps it exact
        assert (cell == value) == (len(value) <= 15 and (value == "0" or not value.startswith("0")))


@pytest.mark.parametrize(("value", "cell"), [
    ("20", "20"), ("1860", "1860"), ("0301", "'0301"), ("2024/15", "2024/15"), ("176/1266", "176/1266"),
    ("9/12", "'9/12"), ("2024/9", "'2024/9"), ("1.5", "'1.5"), ("3,5", "'3,5"), ("15.05.2027", "'15.05.2027"),
    ("10:30", "'10:30"), ("1234567890123456", "'1234567890123456"), ("Ring skolen", "Ring skolen"), ("=1+1", "'=1+1"),
])
def test_cells_a_spreadsheet_would_change_are_kept_text(value: str, cell: str) -> None:
    assert excel_cell(value) == cell


@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=4), min_size=1, max_size=5))
def test_any_cells_read_back_as_written(rows: list[list[str]]) -> None:
    expected = [[excel_cell(c) for c in row] for row in rows]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(expected)
    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""), dialect="excel", delimiter=";")) == expected
