"""`--xlsx` and `--worklist-format xlsx` as archive staff meet them: the workbook read back with openpyxl (sheets,
cell types, frozen header, autofilter, one row per finding, the summary's values, not one formula), converted by
LibreOffice Calc to CSV and compared with the `--csv` rows of the same scan, and the worklists as workbooks."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from flytcheck import __version__
from flytcheck.catalogue.categories import category_name
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import CATEGORIES
from flytcheck.model import Finding, Preview, Report, Severity
from flytcheck.reporters.base import RenderContext
from flytcheck.reporters.csv_report import excel_cell
from flytcheck.reporters.worklists import INDEX, MANIFEST
from flytcheck.reporters.xlsx_report import WorkbookWriter
from flytcheck.reporters.xlsx_sheets import Formats, sheet_name, workbook, write_findings
from robustness import Sandbox, familia_sqlite, invoke, sandbox, scan_args
from test_reports_fixtures import FORMULA, TENOR_MOTHER, familia_db, familia_rows, scan, tool

__all__ = ["familia_db", "sandbox"]

RULEBOOK = load_rulebook()
SHEETS_NB = ["Barn", "Forbindelser", "Oppdragstakere", "Organisasjoner", "Huskelapper", "Journal og post", "Arkiv",
             "System", "Barnevernsregisteret"]


def csv_rows(path: Path) -> list[list[str]]:
    """The rows of a `--csv` file as a spreadsheet shows them (`'0123` and `'=1+1` unwrapped)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return [[_unwrap(cell) for cell in row] for row in rows]


def _unwrap(cell: str) -> str:
    if cell.startswith("'") and excel_cell(cell[1:]) == cell:
        return cell[1:]
    return cell


def same_rows(sheet_rows: list[list[str]], csv_rows: list[list[str]], category: str) -> None:
    """A sheet holds exactly the CSV rows of its category; it leaves out only personal columns empty for them."""
    header, full = sheet_rows[0], csv_rows[0]
    wanted = [r for r in csv_rows[1:] if r[full.index("Kategori")] == category_name(category, "nb")]
    assert header == [name for name in full if name in header] and header[:9] == full[:9] and header[-1] == full[-1]
    left_out = [full.index(name) for name in full if name not in header]
    assert not [r for r in wanted if any(r[i] for i in left_out)]
    assert sorted(sheet_rows[1:]) == sorted([r[full.index(name)] for name in header] for r in wanted)


def shown(value: Any) -> str:
    """A cell value read by openpyxl as the sheet shows it (dates dd.mm.yyyy)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y}"
    return str(value)


def xml_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")}


def assert_no_formula(path: Path) -> None:
    """Not one formula in the file: no <f> element in any part, no formula cell, no defined name, no macro."""
    parts = xml_parts(path)
    assert parts and not [name for name, xml in parts.items() if "<f>" in xml or "<f " in xml]
    assert "definedName>" not in parts["xl/workbook.xml"] or "_FilterDatabase" in parts["xl/workbook.xml"]
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if "vba" in n.lower() or "externalLink" in n]
    book = openpyxl.load_workbook(path)
    assert not [c.coordinate for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def category_counts(report: dict[str, Any]) -> Counter[str]:
    return Counter(RULEBOOK.rules[f["rule"]].category for f in report["findings"])


def summary(book: Any) -> dict[str, list[Any]]:
    """The summary sheet's rows by their first cell (the last such row where a name comes twice)."""
    return {row[0]: list(row[1:]) for row in book.worksheets[0].iter_rows(values_only=True) if row[0] is not None}


def section(book: Any, header: str) -> dict[str, list[Any]]:
    """The rows of the summary's table whose header row starts with `header`, by their first cell."""
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == header) + 1
    end = next((i for i in range(start, len(rows)) if rows[i][0] is None), len(rows))
    return {row[0]: list(row[1:]) for row in rows[start:end]}


def _scan_all(database: Path, folder: Path, *args: str) -> tuple[Path, Path, dict[str, Any]]:
    book, spreadsheet, report = folder / "arkiv.xlsx", folder / "funn.csv", folder / "r.json"
    code, output = scan(str(database), "--xlsx", str(book), "--csv", str(spreadsheet), "--output", str(report), *args)
    assert code == 1, output
    return book, spreadsheet, json.loads(report.read_text(encoding="utf-8"))


def test_the_workbook_has_a_summary_and_a_filterable_sheet_per_category(familia_db: Path, tmp_path: Path) -> None:
    path, spreadsheet, report = _scan_all(familia_db, tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert_no_formula(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Sammendrag", *SHEETS_NB]
    per_category = category_counts(report)
    expected = csv_rows(spreadsheet)
    for category, name in zip(CATEGORIES, SHEETS_NB, strict=True):
        sheet = book[name]
        rows = [[shown(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == expected[0]  # the --csv columns, headers in bokmål
        same_rows(rows, expected, category)
        assert sheet.max_row == per_category[category] + 1, name  # one row per finding
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(expected[0]))}{per_category[category] + 1}"
        widths = [sheet.column_dimensions[get_column_letter(i + 1)].width for i in range(len(expected[0]))]
        assert all(6 <= w <= 62 for w in widths), (name, widths)
    note = next(row for row in book["Journal og post"].iter_rows(min_row=2) if row[3].value == "FA_JOURNAL")
    letter = next(row for row in book["Arkiv"].iter_rows(min_row=2) if row[3].value == "FA_POSTJOURNAL")
    assert note[4].value == 20 and note[4].data_type == "n" and note[4].number_format == "0"  # a number
    assert letter[4].value == "2024/9" and letter[4].data_type == "s"  # text, never a date
    assert [c.value for c in book["Arkiv"][2]][1] == "Arkiv"  # the category by its name
    assert letter[5].value == "1874" and letter[5].data_type == "s"  # municipality numbers stay text
    assert letter[6].value == "AB"
    scanned = letter[len(expected[0]) - 1]
    assert scanned.is_date and scanned.value == datetime(2027, 5, 1) and scanned.number_format == "dd.mm.yyyy"


def test_the_summary_says_what_the_console_and_the_json_say(familia_db: Path, tmp_path: Path) -> None:
    path, _, report = _scan_all(familia_db, tmp_path)
    book = openpyxl.load_workbook(path)
    rows = summary(book)
    assert book.worksheets[0]["A1"].value == "flytcheck – klar for Flyt Barnevern?"
    assert rows["Kilde"][0].endswith("familia.sqlite")
    assert rows["Familia-versjon"][0] == (report["familia_version"] or "ukjent")
    assert rows["Overgangsdato"][:2] == [datetime(2027, 5, 22), "21 dager igjen"]
    assert rows["Skannet"][0] == datetime(2027, 5, 1, 8, 0)
    assert book.worksheets[0]["B6"].number_format == "dd.mm.yyyy hh:mm"
    assert rows["flytcheck-versjon"][0] == __version__
    assert "IKKE KLAR: 10 blokkerende funn" in rows
    counts = [report["counts"][k] for k in ("blocker", "warning", "info")]
    assert [rows[n][0] for n in ("blokkerende", "advarsel", "info")] == counts
    preview = section(book, "Hva")
    assert list(preview) == ["Barn", "Forbindelser", "Oppdragstakere", "Organisasjoner (aktive)"]
    assert [v[:2] for v in preview.values()] == [list(c.values()) for c in report["preview"].values()]
    header = rows["Regel"]
    assert header[:2] == ["Hva er galt", "Alvorlighet"] and "1860 Vestvågøy" in header and "ukjent kommune" in header
    total = header.index("Totalt")
    for outcome in report["rules"]:
        if outcome["status"] == "ran":
            assert rows[outcome["rule"]][total] == outcome["findings"], outcome
    assert rows["familia-outdated"][total] == "(hoppet over)"
    assert rows["reminder-open"][header.index("1859 Flakstad")] == 1
    per_category = category_counts(report)
    assert {name: row[0] for name, row in section(book, "Ark").items()} == {
        name: per_category[category] for category, name in zip(CATEGORIES, SHEETS_NB, strict=True)
    }


def test_english_sheets_and_headers_and_only_the_asked_categories(familia_db: Path, tmp_path: Path) -> None:
    path, _, report = _scan_all(familia_db, tmp_path, "--lang", "en", "--only", "archive")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Archive"]
    assert [c.value for c in book["Archive"][1]][:3] == ["Rule", "Category", "Severity"]
    assert book["Archive"].max_row == len(report["findings"]) + 1
    rows = summary(book)
    assert "NOT READY: 4 blockers (only Archive)" in rows and rows["Cut-over date"][1] == "21 days left"
    assert "Narrowed run: not a full check." in rows
    assert "Left out: Children, Connections, Contractors, Organisations, Reminders, Records, System, " \
           "National register." in rows


def test_personal_data_only_when_asked_and_formulas_stay_text(familia_db: Path, tmp_path: Path) -> None:
    plain, _, _ = _scan_all(familia_db, tmp_path / "plain")
    text = "".join(xml_parts(plain).values())
    assert TENOR_MOTHER not in text and "1+1" not in text and "emne" not in text and "Ring skolen" not in text
    personal, _, _ = _scan_all(familia_db, tmp_path / "personal", "--show-personal-data")
    assert_no_formula(personal)
    book = openpyxl.load_workbook(personal)
    assert "OBS: rapporten inneholder personopplysninger (--show-personal-data)." in summary(book)
    reminders = book["Huskelapper"]
    header = [c.value for c in reminders[1]]
    subjects = {row[header.index("emne")].value: row[header.index("emne")] for row in reminders.iter_rows(min_row=2)}
    for text in (FORMULA, "+47 99 99 99 99", "@SUM(A1)", "Ring skolen – æøå ÆØÅ"):
        assert subjects[text].data_type == "s", text  # exactly as written, as text
    connections = book["Forbindelser"]
    header = [c.value for c in connections[1]]
    numbers = [row[header.index("foedselsnummer")] for row in connections.iter_rows(min_row=2)]
    assert any(c.value == TENOR_MOTHER and c.data_type == "s" for c in numbers)  # the leading zero survives


def test_libreoffice_reads_every_sheet_as_the_csv_rows(familia_db: Path, tmp_path: Path) -> None:
    soffice = tool("soffice")
    path, spreadsheet, _ = _scan_all(familia_db, tmp_path, "--show-personal-data")
    # CSV export: `;`, `"`, UTF-8 (76), cells as shown (dd.mm.yyyy), every sheet into its own file (-1).
    subprocess.run(
        [soffice, "--headless", "--norestore", "--convert-to",
         "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1",
         "--outdir", str(tmp_path / "lo"), str(path)],
        check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    expected = csv_rows(spreadsheet)
    for category, name in zip(CATEGORIES, SHEETS_NB, strict=True):
        with (tmp_path / "lo" / f"arkiv-{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        same_rows(rows, expected, category)
    with (tmp_path / "lo" / "arkiv-Sammendrag.csv").open(encoding="utf-8", newline="") as handle:
        first = {row[0]: row[1:] for row in csv.reader(handle, delimiter=";") if row}
    assert first["Overgangsdato"][0] == "22.05.2027" and first["Skannet"][0] == "01.05.2027 08:00"
    assert first["blokkerende"][0] == "10"


def test_worklists_as_workbooks_hold_the_rows_of_the_csv_worklists(familia_db: Path, tmp_path: Path) -> None:
    lists = tmp_path / "lister"
    assert scan(str(familia_db), "--worklists", str(lists))[0] == 1
    as_csv = {p.stem: csv_rows(p) for p in lists.glob("*.csv") if p.name != INDEX}
    assert scan(str(familia_db), "--worklists", str(lists), "--worklist-format", "xlsx")[0] == 1
    names = sorted(p.name for p in lists.iterdir())
    # last night's CSV lists are gone; the index of the lists is a CSV file in either format
    assert names == sorted([MANIFEST, INDEX, *(f"{stem}.xlsx" for stem in as_csv)])
    assert (lists / MANIFEST).read_text(encoding="utf-8").splitlines()[:3] == [
        "arkiv.xlsx", "samlejournal.xlsx", "uten-saksbehandler.xlsx"]
    for stem, expected in as_csv.items():
        path = lists / f"{stem}.xlsx"
        assert path.stat().st_mode & 0o777 == 0o600
        assert_no_formula(path)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Funn"]
        sheet = book["Funn"]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.endswith(str(len(expected)))
        assert [[shown(v) for v in row] for row in sheet.iter_rows(values_only=True)] == expected, stem


def test_an_unknown_worklist_format_is_refused_before_the_scan(familia_db: Path, tmp_path: Path) -> None:
    code, output = scan(str(familia_db), "--worklists", str(tmp_path / "l"), "--worklist-format", "ods")
    assert code == 2 and "--worklist-format: 'ods' er ikke en av csv, xlsx" in output
    assert not (tmp_path / "l").exists()


def test_a_workbook_stopped_half_way_leaves_nothing_behind(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    from flytcheck.reporters import xlsx_report

    def full_disk(*args: object, **kwargs: object) -> list[str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx_report, "write_findings", full_disk)
    database = familia_sqlite(sandbox.source / "familia.sqlite", familia_rows())
    run = invoke(*scan_args(str(database), "--xlsx", str(sandbox.out / "new" / "r.xlsx"), "--csv",
                            str(sandbox.out / "r.csv")))
    assert run.code == 2 and "r.xlsx: cannot write the output file (No space left on device)" in run.stderr
    assert sandbox.leftovers() == []  # no workbook, no CSV, no folder, nothing in $TMPDIR
    monkeypatch.undo()
    assert invoke(*scan_args(str(database), "--xlsx", str(sandbox.out / "r.xlsx"))).code == 1
    assert sandbox.leftovers() == ["out/r.xlsx"]  # the scratch files of constant-memory mode are gone


def _report(findings: tuple[Finding, ...]) -> Report:
    return Report("0", "test", date(2027, 5, 22), datetime(2027, 5, 1, 8, 0), None, Preview(), findings, ())


def test_a_sheet_that_reaches_the_row_limit_goes_on_in_the_next(tmp_path: Path) -> None:
    findings = tuple(
        Finding("archive-error", Severity.BLOCKER, "FA_JOURNAL", str(n), "1860", "AB", "m", "m") for n in range(1, 6)
    )
    path = tmp_path / "book.xlsx"
    with path.open("wb") as out, workbook(out, _report(findings)) as book:
        taken: set[str] = set()
        names = write_findings(book, Formats(book), "Arkiv", taken, findings, _report(findings),
                               RenderContext(RULEBOOK), max_rows=3)
    assert names == ["Arkiv", "Arkiv (2)", "Arkiv (3)"]
    sheets = openpyxl.load_workbook(path)
    assert [[r[4] for r in sheets[n].iter_rows(min_row=2, values_only=True)] for n in names] == [[1, 2], [3, 4], [5]]
    assert all(sheets[n].freeze_panes == "A2" and sheets[n]["A1"].value == "Regel" for n in names)


def test_the_same_report_gives_the_same_bytes(tmp_path: Path) -> None:
    findings = (Finding("reminder-open", Severity.BLOCKER, "FA_HUSKELAPP", "10", "1860", "AB", "m", "m"),)
    report = _report(findings)
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for path in paths:
        with path.open("wb") as out:
            WorkbookWriter().write(report, RenderContext(RULEBOOK), out)
    assert paths[0].read_bytes() == paths[1].read_bytes()


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [("Arkiv", set(), "Arkiv"), ("Arkiv", {"arkiv"}, "Arkiv (2)"), ("a/b:c?[d]", set(), "a_b_c__d_"),
     ("x" * 40, {"x" * 31}, "x" * 27 + " (2)")],
)
def test_sheet_names_are_valid_and_unique(name: str, taken: set[str], expected: str) -> None:
    assert sheet_name(name, set(taken)) == expected


def _pdf_pages(pdf: Path) -> list[str]:
    pages = int(re.search(r"^Pages:\s+(\d+)", run_tool("pdfinfo", str(pdf)), re.M)[1])  # type: ignore[index]
    return [run_tool("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-") for n in range(1, pages + 1)]


def run_tool(name: str, *args: str) -> str:
    return subprocess.run([tool(name), *args], check=True, capture_output=True, text=True, timeout=120).stdout


@pytest.mark.browser
def test_the_workbook_prints_landscape_fitted_to_width_with_headers_and_a_one_page_summary(tmp_path: Path) -> None:
    """LibreOffice prints the demo's workbook to PDF; each page is read back: A4 landscape, the summary whole on
    the first page, and every page of a findings sheet starting with the header row, all columns on it."""
    book = tmp_path / "funn.xlsx"
    code, output = scan("--demo", "--xlsx", str(book), "--output", str(tmp_path / "r.json"))
    assert code == 1, output
    blockers = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["counts"]["blocker"]
    subprocess.run(
        [tool("soffice"), "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
         str(book)],
        check=True, capture_output=True, timeout=300, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "pdf" / "funn.pdf"
    pages = _pdf_pages(pdf)
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", run_tool(
        "pdfinfo", "-f", "1", "-l", str(len(pages)), str(pdf)), re.M)
    assert len(sizes) == len(pages) and all(float(w) > float(h) for w, h in sizes)  # every page A4 landscape
    assert len(pages) <= 30, len(pages)  # the demo's findings: a few pages a sheet (114 pages before)
    first = pages[0]
    for label in ("Kilde", "Overgangsdato", "22.05.2027", f"IKKE KLAR: {blockers} blokkerende funn",
                  "Migreringsforhåndsvisning", "Regler per kommune", "contractor-not-linked", "Journal og post",
                  f"1 / {len(pages)}"):
        assert label in first, label  # the summary's labels and values together, on one page
    assert [line for line in first.splitlines() if line.strip()][-1].split()[0] == "Sammendrag"
    header = ("Regel", "Kategori", "Alvorlighet", "Tabell", "Løpenummer", "Kommune", "Saksbehandler", "Melding",
              "Slik retter du", "Skannet")
    footers = []
    for number, page in enumerate(pages[1:], start=2):
        lines = [line for line in page.splitlines() if line.strip()]
        assert all(name in lines[0] for name in header), (number, lines[0])  # the header row repeated, uncut
        footer = re.fullmatch(r"\s*(.*?)\s+(\d+) / (\d+)", lines[-1])
        assert footer and footer.groups()[1:] == (str(number), str(len(pages))), lines[-1]
        footers.append(footer[1])
    assert "Sammendrag" not in footers
    assert set(footers) == set(SHEETS_NB)  # every findings sheet printed
