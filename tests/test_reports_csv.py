"""`--csv` as archive staff meet it: read back by Python's csv module and opened in LibreOffice Calc.

Norwegian Excel needs UTF-8 with a BOM, `;` and CRLF; keys and identity numbers must stay text (leading zeros),
and free text must never run as a formula. `--only` narrows the spreadsheet to a rule or a category.
"""

from __future__ import annotations

import csv
import io
import subprocess
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
    """What a spreadsheet shows for a cell written as `="0123"`."""
    return cell[2:-1] if cell.startswith('="') and cell.endswith('"') else cell


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
    assert letter[4] == '="2024/9"' and letter[5] == '="1874"'  # a key that Excel would take for a date stays text
    assert letter[-1] == "01.05.2027"
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
    numbers = [unwrap(r[header.index("foedselsnummer")]) for r in rows[1:]]
    assert TENOR_MOTHER in numbers and TENOR_MOTHER.startswith("0")


def test_only_narrows_to_a_category_or_a_rule(familia_db: Path, tmp_path: Path) -> None:
    archive = read_rows(_scan_csv(familia_db, tmp_path / "arkiv.csv", "--only", "archive"))
    assert {r[0] for r in archive[1:]} == {"archive-error", "record-not-archived"}
    both = read_rows(_scan_csv(familia_db, tmp_path / "x.csv", "--only", "archive", "--only", "reminder-open"))
    assert {r[0] for r in both[1:]} == {"archive-error", "record-not-archived", "reminder-open"}


def test_an_unknown_only_name_stops_before_the_scan(familia_db: Path, tmp_path: Path) -> None:
    code, output = scan(str(familia_db), "--only", "arkiv", "--csv", str(tmp_path / "x.csv"))
    assert code == 2
    assert "--only: 'arkiv' is neither a rule nor a category" in output
    assert "categories: children, connections" in output
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.browser
def test_libreoffice_calc_keeps_text_zeros_and_letters(familia_db: Path, tmp_path: Path) -> None:
    soffice = tool("soffice")
    source = _scan_csv(familia_db, tmp_path / "personal.csv", "--show-personal-data")
    # What the import dialog chooses for this file: `;`, `"`, UTF-8 (76), from line 1, Norwegian (1044).
    subprocess.run(
        [soffice, "--headless", "--norestore", "--infilter=CSV:59,34,76,1,,1044", "--convert-to", "xlsx",
         "--outdir", str(tmp_path / "xlsx"), str(source)],
        check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    book = tmp_path / "xlsx" / "personal.xlsx"
    shown = list(openpyxl.load_workbook(book, data_only=True).active.iter_rows(values_only=True))
    cells = list(openpyxl.load_workbook(book).active.iter_rows())
    header = list(shown[0])
    assert header[4] == "Løpenummer"
    letter = next(r for r in shown if r[3] == "FA_POSTJOURNAL")
    assert letter[4] == "2024/9"  # not a date
    assert letter[5] == "1874"
    assert TENOR_MOTHER in [r[header.index("foedselsnummer")] for r in shown]  # the leading zero survives
    assert "Ring skolen – æøå ÆØÅ" in [r[header.index("emne")] for r in shown]
    assert "ØK" in [r[6] for r in shown]
    column = header.index("emne")
    formula_cell = next(row[column] for row in cells if row[column].value and "1+1" in str(row[column].value))
    assert formula_cell.data_type == "s" and formula_cell.value == "'" + FORMULA  # shown as text, never computed
    assert shown[1][-1] == datetime(2027, 5, 1)  # the scan date is a date in a Norwegian spreadsheet


@given(st.text(max_size=20))
def test_no_cell_can_start_a_formula(value: str) -> None:
    cell = excel_cell(value)
    first = cell.lstrip(" ")[:1]
    assert first not in ("+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
    if first == "=":  # only our own wrapper around digits, which shows the digits as text
        assert cell == f'="{value}"' and value[:1].isdigit() and set(value) <= set("0123456789 ./,:-")
    else:  # a control character (but tab and line ends) as its visible escape: flytcheck.printable
        assert cell in (for_file(value), "'" + for_file(value))


@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=4), min_size=1, max_size=5))
def test_any_cells_read_back_as_written(rows: list[list[str]]) -> None:
    expected = [[excel_cell(c) for c in row] for row in rows]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(expected)
    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""), dialect="excel", delimiter=";")) == expected
