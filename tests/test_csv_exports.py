"""Every export shape that Norwegian IT makes (tests/export_shapes.py), for every rule case: the folder gives
exactly the report the case's SQLite copy gives, or is refused with exit 2 naming the file, the line, the cause
and the fix. Shapes that lose nothing are never refused; headerless shapes always are.

The folders are generated from the rule cases (tests/rule_cases/*.toml), one per case and export shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from export_shapes import ASCII_CAUSE, EXPORTS, NO_HEADER, UNQUOTED_CAUSE, ZERO_CAUSE, Export, write_folder
from flytcheck.catalogue.loading import load_rulebook
from flytcheck.catalogue.rulebook import Rulebook
from flytcheck.errors import SourceError
from flytcheck.model import Report
from flytcheck.reporters.json_report import report_dict
from flytcheck.sources import csv_parallel
from flytcheck.sources.csv_source import CsvFolderSource
from flytcheck.sql import familia
from rulecases import RuleCase, load_cases, run_case, scan_sqlite

CASES = load_cases()
_SQLITE: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook()


@pytest.fixture(autouse=True)
def quick_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight hundred scans of tiny folders: loaded in the scan's own process rather than a pool of workers (the
    loader is the same). The module's one rulebook compiles each query once; a scan only renders it."""
    monkeypatch.setattr(csv_parallel, "MAX_WORKERS", 1)


def comparable(report: Report) -> dict[str, Any]:
    """The whole JSON report in both languages, less what names the source."""
    out = {}
    for lang in ("nb", "en"):
        data = report_dict(report, lang)
        del data["source"], data["scanned_at"], data["consistency"]  # files, or one read transaction
        out[lang] = data
    return out


def sqlite_report(case: RuleCase, rulebook: Rulebook, folder: Path) -> dict[str, Any]:
    if case.id not in _SQLITE:
        _SQLITE[case.id] = comparable(scan_sqlite(case, rulebook, folder))
    return _SQLITE[case.id]


def scan_export(case: RuleCase, export: Export, rulebook: Rulebook, folder: Path) -> dict[str, Any]:
    tables = [t for t in familia.tables_for(case.data) if t not in case.drop_tables]
    source = CsvFolderSource(write_folder(folder, case.data, export, tables))
    return comparable(run_case(case, source, rulebook))


@pytest.mark.parametrize("export", EXPORTS, ids=[e.name for e in EXPORTS])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_an_export_reads_exactly_or_is_refused_naming_the_cause(
    case: RuleCase, export: Export, rulebook: Rulebook, tmp_path: Path
) -> None:
    expected = sqlite_report(case, rulebook, tmp_path)
    try:
        found = scan_export(case, export, rulebook, tmp_path / export.name)
    except SourceError as refusal:
        message = str(refusal)
        assert "\n" not in message and ".csv" in message, message
        if export.headerless:
            assert NO_HEADER in message and ("bcp" in message and "SSMS" in message), message
            return
        assert export.lossy, f"{export.name} loses nothing, yet was refused: {message}"
        assert any(cause in message for cause in export.lossy), message
        assert " line " in message, message
        return
    assert not export.headerless, f"{export.name} has no header, yet was read"
    assert found == expected


REFUSED = {  # cases whose data the lossy shapes must refuse: what the export lost changes the findings
    ("ps51-default", "connection-invalid-id::role codes compare trimmed (char(3)); SØS keeps its Ø"): ASCII_CAUSE,
    ("ps51-useculture", "contractor-unregistered::an active contractor-role tie without a FA_MEDARBEIDERE row is "
                        "found; registered ones are not"): ASCII_CAUSE,
    ("excel-semikolon", "connection-invalid-id::a mother with a valid fødselsnummer or D-number is migrated; wrong "
                        "or missing numbers are findings"): ZERO_CAUSE,
}


@pytest.mark.parametrize(("export_name", "case_id"), sorted(REFUSED))
def test_what_an_export_lost_is_refused_not_read(export_name: str, case_id: str, tmp_path: Path) -> None:
    export = next(e for e in EXPORTS if e.name == export_name)
    case = next(c for c in CASES if c.id == case_id)
    with pytest.raises(SourceError) as refusal:
        CsvFolderSource(write_folder(tmp_path, case.data, export)).load(*_needs(tmp_path))
    assert REFUSED[export_name, case_id] in str(refusal.value)


def test_a_spreadsheet_file_whose_numbers_kept_their_zeros_is_read_with_its_one_short_number(
    rulebook: Rulebook, tmp_path: Path
) -> None:
    """Excel's text import keeps the digits but writes its own dates: the fødselsnumre that start with 0 prove that
    nothing stripped the column, so the one that is 10 digits in Familia itself is read, and reported as such."""
    case = next(c for c in CASES if c.name.startswith("a fødselsnummer that is 10 digits in Familia itself"))
    assert any(f["FOR_FOEDSELSNUMMER"].startswith("0") for f in case.data["FA_FORBINDELSER"])
    export = next(e for e in EXPORTS if e.name == "excel-text-import")
    assert scan_export(case, export, rulebook, tmp_path / "export") == sqlite_report(case, rulebook, tmp_path)
    spreadsheet = next(e for e in EXPORTS if e.name == "excel-semikolon")  # an Excel re-save strips them: refused
    with pytest.raises(SourceError, match=ZERO_CAUSE):
        scan_export(case, spreadsheet, rulebook, tmp_path / "resaved")


def _needs(folder: Path) -> tuple[Any, dict[str, set[str]]]:
    from flytcheck.sql.catalog import Catalog

    needed = load_rulebook().requirements()
    files = {p.stem for p in folder.glob("*.csv")}
    return Catalog(None, {t: t for t in needed if t in files}, {}), needed


def test_sqlcmd_unquoted_delimiter_in_a_value_is_refused(tmp_path: Path) -> None:
    export = next(e for e in EXPORTS if e.name == "ssms-headers")
    data = {"FA_HUSKELAPP": [{"HUS_LOEPENR": 1, "HUS_EMNE": "Ring mor, så far"}]}
    with pytest.raises(SourceError) as refusal:
        CsvFolderSource(write_folder(tmp_path, data, export)).load(*_needs(tmp_path))
    message = str(refusal.value)
    assert message.startswith("FA_HUSKELAPP.csv line 2: 7 fields where the header has 6: a value holds the "
                              "delimiter ',' without quotes"), message
    assert UNQUOTED_CAUSE in message and "Export-Csv" in message and "Ring" not in message
